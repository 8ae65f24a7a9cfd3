"""What a role may do (PRODUCT.md section 1): the one home of every role rule.

Which cases, persons and items a user may *see* is decided in schakel.access.policy;
this module says which *screens and actions* a role opens. Views, services, selectors and
the navigation ask here; none of them restates a tuple of roles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from schakel.accounts.roles import GRANT_APPROVER_ROLES, Role

if TYPE_CHECKING:
    from schakel.accounts.models import User

# Roles that work in cases (which cases: the policy). accounts.roles.CASE_CONTENT_ROLES is
# the same set, for the separation of duties; a test keeps the two equal.
CASE_ROLES = (Role.PROCESREGISSEUR, Role.KETENPARTNER, Role.INFORMATIEMAKELAAR)
# Submit a melding.
REPORTING_ROLES = CASE_ROLES
# ZVH staff who see the region's duplicate candidates and choose, and register persons.
MATCHING_ROLES = (Role.PROCESREGISSEUR, Role.INFORMATIEMAKELAAR)
# Bulk imports of meldingen (ZSM, ...) for the region, and their error reports: ZVH staff,
# who register meldingen on behalf of the partner that made them.
IMPORT_ROLES = MATCHING_ROLES
REPORT_ON_BEHALF_ROLES = MATCHING_ROLES
# Send information requests (uitvraag) and see the overview of the region's requests.
REQUEST_OVERVIEW_ROLES = MATCHING_ROLES
REQUEST_SENDING_ROLES = MATCHING_ROLES
# Meetings and actions: procesregie and the partners at the table.
MEETING_ROLES = (Role.PROCESREGISSEUR, Role.KETENPARTNER)
ACTION_ROLES = MEETING_ROLES
# Configure regietafels (schedule, fixed participants), organisations and the convenant.
CONFIGURATION_ROLES = (Role.BEHEERDER, Role.MANAGER)
TABLE_ROLES = (*MEETING_ROLES, *CONFIGURATION_ROLES)
# Edit a regietafel: configuration, and the procesregisseur of that table (the policy).
TABLE_EDIT_ROLES = (*CONFIGURATION_ROLES, Role.PROCESREGISSEUR)
ORGANISATION_ROLES = CONFIGURATION_ROLES
# Reference lists (municipalities) and user accounts.
REFERENCE_ROLES = (Role.BEHEERDER,)
# Approve a grant of a case role, besides the requester.
APPROVER_ROLES = GRANT_APPROVER_ROLES
# The verbetervoorstellen of the region, without case references.
IMPROVEMENT_ROLES = (Role.MANAGER, Role.BESTUURDER)
# Register and revoke the partner systems that call the API.
API_CLIENT_ROLES = (Role.BEHEERDER,)
# Read the access log and the refused-access events.
PRIVACY_ROLES = (Role.PRIVACY_OFFICER,)
# Hand a case to another region, and decide on one handed to this region.
TRANSFER_ROLES = (Role.PROCESREGISSEUR,)
# Aggregate reports of the region: no person, no case number.
REPORT_ROLES = (Role.MANAGER, Role.BESTUURDER, Role.PROCESREGISSEUR)
# Noodtoegang (break the glass) to a case of the own region outside need-to-know: only
# procesregie, whose work may demand it (a crisis call about a person on another table).
BREAK_GLASS_ROLES = (Role.PROCESREGISSEUR,)
# Register and handle the rights requests of data subjects (AVG; one contact point, WGS).
RIGHTS_REQUEST_ROLES = PRIVACY_ROLES
# Answer the tasks of a rights request addressed to one's own organisation.
RIGHTS_TASK_ROLES = (Role.KETENPARTNER,)


# Correct a person's data and restrict or lift the processing (AVG articles 16 and 18).
PERSON_RIGHTS_ROLES = (Role.PRIVACY_OFFICER,)


# Bewaartermijnen: the beheerder sets the region's periods from its convenant; the
# beheerder and the privacy officer read what the removal job removed.
RETENTION_POLICY_ROLES = (Role.BEHEERDER,)
RETENTION_READ_ROLES = (Role.BEHEERDER, Role.PRIVACY_OFFICER)
# Who an escalation can be put to in Schakel (they read the question, never the case).
ESCALATION_ADDRESSEE_ROLES = (Role.MANAGER, Role.BESTUURDER)
# Nazorg: the ZVH keeps back office and regie; the re-integratieofficier (a ketenpartner)
# works front office on the detainees assigned to them (which ones: the policy).
NAZORG_ROLES = (Role.PROCESREGISSEUR, Role.KETENPARTNER)
NAZORG_REGIE_ROLES = (Role.PROCESREGISSEUR,)
# Register police incidents (imported for the rendementsanalyse, which counts them and
# nobody reads one by one): only procesregie, who reads the rendementsanalyse. The file
# names persons never discussed (the control group), so as few hands as possible.
INCIDENT_ROLES = (Role.PROCESREGISSEUR,)


def works_in_cases(user: User) -> bool:
    return user.has_role(*CASE_ROLES)


def may_report(user: User) -> bool:
    return user.has_role(*REPORTING_ROLES)


def may_match_persons(user: User) -> bool:
    return user.has_role(*MATCHING_ROLES)


def may_choose_duplicates(user: User) -> bool:
    """See a melding's possible duplicates and choose which person is meant."""
    return may_match_persons(user)


def may_import(user: User) -> bool:
    return user.has_role(*IMPORT_ROLES)


def may_report_on_behalf(user: User) -> bool:
    """Register a melding for a partner organisation (a ZSM melding read from a file)."""
    return user.has_role(*REPORT_ON_BEHALF_ROLES)


def takes_part_in_meetings(user: User) -> bool:
    return user.has_role(*MEETING_ROLES)


def may_configure(user: User) -> bool:
    return user.has_role(*CONFIGURATION_ROLES)


def may_read_improvements(user: User) -> bool:
    return user.has_role(*IMPROVEMENT_ROLES)


def may_read_access_log(user: User) -> bool:
    return user.has_role(*PRIVACY_ROLES)


def may_transfer_cases(user: User) -> bool:
    return user.has_role(*TRANSFER_ROLES)


def may_read_reports(user: User) -> bool:
    return user.has_role(*REPORT_ROLES)


def may_break_glass(user: User) -> bool:
    return user.has_role(*BREAK_GLASS_ROLES)


def may_handle_rights_requests(user: User) -> bool:
    return user.has_role(*RIGHTS_REQUEST_ROLES)


def may_answer_rights_tasks(user: User) -> bool:
    return user.has_role(*RIGHTS_TASK_ROLES)


def may_handle_person_rights(user: User) -> bool:
    return user.has_role(*PERSON_RIGHTS_ROLES)


def may_read_retention(user: User) -> bool:
    return user.has_role(*RETENTION_READ_ROLES)


def may_set_retention(user: User) -> bool:
    return user.has_role(*RETENTION_POLICY_ROLES)


def works_in_nazorg(user: User) -> bool:
    return user.has_role(*NAZORG_ROLES)
