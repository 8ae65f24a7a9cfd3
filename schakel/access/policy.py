"""The one need-to-know policy of Schakel (PRODUCT.md section 14).

Every page, search, count, export and API endpoint asks this module which cases,
persons and requests a user may see. The filters are SQL subqueries on indexed
columns, never Python loops over cases, so they stay fast at national volume.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from schakel.accounts.roles import Role
from schakel.cases.lifecycle import INTAKE_STATES
from schakel.cases.models import Case, CaseParticipant, CasePerson
from schakel.inquiries.models import InformationRequest
from schakel.persons.models import Person

if TYPE_CHECKING:
    from schakel.accounts.models import User

CASE_ROLES = (Role.PROCESREGISSEUR, Role.KETENPARTNER, Role.INFORMATIEMAKELAAR)


def _case_filter(user: User) -> Q | None:
    """The condition a visible case meets, or None when the user may see no case at all."""
    if not user.is_authenticated or not user.is_active or user.organisation_id is None:
        return None
    organisation = user.organisation
    conditions: list[Q] = []
    if user.has_role(Role.PROCESREGISSEUR):
        conditions.append(Q(table__in=user.directed_tables.values("pk")))
        # Cases not yet on a table belong to the region's procesregisseurs (intake, triage).
        conditions.append(Q(table__isnull=True, region_id=organisation.region_id))
    if user.has_role(Role.INFORMATIEMAKELAAR):
        conditions.append(Q(region_id=organisation.region_id, state__in=INTAKE_STATES))
    if user.has_role(Role.KETENPARTNER) and organisation.has_signed_convenant:
        participating = CaseParticipant.objects.filter(organisation_id=organisation.pk)
        conditions.append(Q(pk__in=participating.values("case_id")))
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


def visible_cases(user: User) -> QuerySet[Case]:
    condition = _case_filter(user)
    if condition is None:
        return Case.objects.none()
    return Case.objects.filter(condition)


def can_see_case(user: User, case: Case) -> bool:
    return visible_cases(user).filter(pk=case.pk).exists()


def get_visible_case(user: User, pk: int) -> Case:
    """The case, or 404: an outsider must not learn that it exists."""
    case = (
        visible_cases(user)
        .select_related("municipality", "table", "procesregisseur", "procesregisseur__organisation")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404(_("Deze casus bestaat niet of u heeft er geen toegang toe."))
    return case


def visible_persons(user: User) -> QuerySet[Person]:
    """Persons who appear in at least one case the user may see."""
    condition = _case_filter(user)
    if condition is None:
        return Person.objects.none()
    links = CasePerson.objects.filter(case__in=Case.objects.filter(condition).values("pk"))
    return Person.objects.filter(pk__in=links.values("person_id"), merged_into__isnull=True)


def get_visible_person(user: User, pk: int) -> Person:
    person = visible_persons(user).filter(pk=pk).select_related("municipality").first()
    if person is None:
        raise Http404(_("Deze persoon bestaat niet of u heeft er geen toegang toe."))
    return person


def visible_information_requests(user: User) -> QuerySet[InformationRequest]:
    """Requests a user may read.

    Procesregie (procesregisseur, informatiemakelaar) reads every request of the cases it
    may see; a partner reads only the requests addressed to its own organisation, so one
    partner never reads another partner's answer (proportionality).
    """
    if user.organisation_id is None:
        return InformationRequest.objects.none()
    conditions: list[Q] = []
    if user.has_role(Role.PROCESREGISSEUR, Role.INFORMATIEMAKELAAR):
        conditions.append(Q(case__in=visible_cases(user).values("pk")))
    if user.has_role(Role.KETENPARTNER) and user.organisation.has_signed_convenant:
        conditions.append(Q(organisation_id=user.organisation_id))
    if not conditions:
        return InformationRequest.objects.none()
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return InformationRequest.objects.filter(combined)


def require_role(user: User, *roles: str) -> None:
    """403 when the user has none of the roles: the action exists but is not theirs."""
    if not user.has_role(*roles):
        raise PermissionDenied(_("U heeft niet de rol die nodig is voor deze handeling."))


def may_direct_case(user: User, case: Case) -> bool:
    """May this user take procesregie decisions (triage, uitvraag) on this visible case?"""
    if user.has_role(Role.PROCESREGISSEUR):
        return case.table_id is None or user.directed_tables.filter(pk=case.table_id).exists()
    return False


def may_request_information(user: User, case: Case) -> bool:
    if may_direct_case(user, case):
        return True
    return user.has_role(Role.INFORMATIEMAKELAAR) and case.state in INTAKE_STATES
