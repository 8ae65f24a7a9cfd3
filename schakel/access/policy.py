"""The one need-to-know policy of Schakel (PRODUCT.md section 14).

Every page, search, count, export and API endpoint asks this module which cases,
persons and requests a user may see. The filters are SQL subqueries on indexed
columns, never Python loops over cases, so they stay fast at national volume.

The rule, in the terms of section 14 (doelbinding, proportionaliteit, subsidiariteit):

- A partner organisation sees a case because it is involved in *that* case now: it
  reported it (melder), it is invited to the case's agenda item (uitgenodigd, from the
  table's information window before the meeting), it holds an intervention or an action
  in the plan, or it holds the regie (casusregisseur, or regie teruggelegd). Only a
  ketenpartner of an organisation that signed the region's convenant reads, and only
  while the involvement lasts: unticking an invitation, removing an intervention or an
  action, or handing the regie on ends the access it gave (what was seen stays in the
  access log).
- Being a standing member (vaste deelnemer) of a regietafel opens no case: it makes the
  organisation a default invitee of each agenda item, which the procesregisseur can
  untick. Being asked for information (uitvraag) opens only the request addressed to the
  organisation — question, persons concerned, purpose and legal ground — not the case,
  the melding, nor who else was asked.
- Noodtoegang (break the glass): a procesregisseur may open one case of the own region
  outside need-to-know for a written reason, for a limited time (settings
  SCHAKEL_BREAK_GLASS_HOURS). It opens reading for that user only: it makes nobody a
  recipient of messages about the case (case_readers) and gives no procesregie rights.
- ZVH staff see by their task: the procesregisseur the cases of the tables they direct
  and the region's cases not yet on a table (intake, triage); the informatiemakelaar
  the region's cases in intake. Manager, functioneel beheerder, privacy officer and
  bestuurder read no case content at all: a role alone never opens a case.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import EmptyResultSet, PermissionDenied, ValidationError
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.access.models import EmergencyAccess
from schakel.access.rules import (
    ESCALATION_ADDRESSEE_ROLES,
    IMPORT_ROLES,
    PERSON_RIGHTS_ROLES,
    may_break_glass,
    may_configure,
)
from schakel.accounts.roles import Role
from schakel.cases.lifecycle import INTAKE_STATES, PLAN_EDITABLE_STATES
from schakel.cases.models import (
    Case,
    CaseParticipant,
    CasePerson,
    ParticipationReason,
    PersonRole,
)
from schakel.followup.models import Action
from schakel.imports.models import ImportJob
from schakel.incidents.models import PoliceIncident
from schakel.inquiries.models import InformationRequest
from schakel.meetings.models import AgendaItem, Meeting
from schakel.nazorg.models import DetentionNotice
from schakel.organisations.models import Domain
from schakel.persons.models import Person
from schakel.plans.models import Intervention
from schakel.rights.models import RightsRequest, RightsTask
from schakel.tables.models import Table

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.organisations.models import Organisation


# The involvements that open a case to a partner organisation (see the module docstring).
CASE_READING_REASONS = (
    ParticipationReason.MELDER,
    ParticipationReason.UITGENODIGD,
    ParticipationReason.INTERVENTIE,
    ParticipationReason.ACTIE,
    ParticipationReason.REGIE,
)
# The involvement that puts an organisation at the table for a case (the whole plan).
TABLE_REASONS = (ParticipationReason.UITGENODIGD,)


def active_involvements(
    *, organisation_id: int, case_id: int | None = None
) -> QuerySet[CaseParticipant]:
    """The organisation's involvements that open a case now: begun, not ended, of a reason
    that reads the case."""
    involvements = CaseParticipant.objects.filter(
        organisation_id=organisation_id,
        reason__in=CASE_READING_REASONS,
        ended_at__isnull=True,
    ).filter(Q(visible_from__isnull=True) | Q(visible_from__lte=timezone.now()))
    if case_id is not None:
        involvements = involvements.filter(case_id=case_id)
    return involvements


def convenant_partners(*, region_id: int) -> QuerySet[Organisation]:
    """The organisations of a region that may receive case information: active, and
    signed the region's convenant informatiedeling. Every choice of an organisation to
    invite, ask, give an action, intervention or the regie starts from here."""
    from schakel.organisations.models import Organisation

    return Organisation.objects.filter(
        region_id=region_id, is_active=True, convenant_signed_on__isnull=False
    ).order_by("name")


def directs_table(user: User, table_id: int | None) -> bool:
    """Is this user a procesregisseur of this regietafel?"""
    return (
        table_id is not None
        and user.has_role(Role.PROCESREGISSEUR)
        and table_id in directed_table_ids(user)
    )


def active_emergency_accesses(user: User) -> QuerySet[EmergencyAccess]:
    """The user's noodtoegang that is in force now: started, not expired, not ended, to a
    case of the own region, and only while the user is still a procesregisseur."""
    if (
        not user.is_authenticated
        or not user.is_active
        or user.region_id is None
        or not may_break_glass(user)
    ):
        return EmergencyAccess.objects.none()
    now = timezone.now()
    return EmergencyAccess.objects.filter(
        user=user,
        region_id=user.region_id,
        case__region_id=user.region_id,
        ended_at__isnull=True,
        started_at__lte=now,
        expires_at__gt=now,
    )


# --- A procesregisseur's own facts, read once ----------------------------------------
# The tables a procesregisseur directs and the noodtoegang in force decide which cases
# the user sees. As subqueries they were compiled by Django and planned by PostgreSQL in
# every query of every page (about 0.7 ms each); read once they are plain lists of ids.
# They are kept on the user object, which lives for one request, and read again when
# anything changed them in this process (a table's procesregisseurs, a noodtoegang: see
# schakel.access.apps), when a noodtoegang in them expires, and at the latest after
# FACTS_LIFETIME: a long task in a worker sees another process's change that late at most.
FACTS_LIFETIME = timedelta(seconds=2)
_changes = itertools.count(1)
_generation = 0


def policy_facts_changed(**_signal: object) -> None:
    """A table's procesregisseurs or a noodtoegang changed: every user reads them again."""
    global _generation
    _generation = next(_changes)


@dataclass(frozen=True)
class PolicyFacts:
    directed_table_ids: frozenset[int]
    # The noodtoegang in force, soonest to expire first, with its case (for the banner).
    emergency_accesses: tuple[EmergencyAccess, ...]
    generation: int
    read_at: datetime
    valid_until: datetime

    @property
    def emergency_case_ids(self) -> frozenset[int]:
        return frozenset(
            access.case_id for access in self.emergency_accesses if access.case_id is not None
        )


def policy_facts(user: User) -> PolicyFacts:
    """The user's directed tables and noodtoegang in force, read at most once per request."""
    now = timezone.now()
    facts: PolicyFacts | None = getattr(user, "_policy_facts", None)
    if (
        facts is not None
        and facts.generation == _generation
        and facts.read_at <= now < facts.valid_until
    ):
        return facts
    generation = _generation
    if user.is_authenticated and user.has_role(Role.PROCESREGISSEUR):
        # Through the link table: the ids only, no join with the tables themselves.
        directed = frozenset(
            Table.procesregisseurs.through.objects.filter(user_id=user.pk).values_list(
                "table_id", flat=True
            )
        )
    else:
        directed = frozenset()
    emergencies = tuple(
        active_emergency_accesses(user).select_related("case").order_by("expires_at", "pk")
    )
    valid_until = min([now + FACTS_LIFETIME, *(access.expires_at for access in emergencies)])
    facts = PolicyFacts(directed, emergencies, generation, now, valid_until)
    user._policy_facts = facts  # type: ignore[attr-defined]
    return facts


def directed_table_ids(user: User) -> frozenset[int]:
    """The regietafels this user directs as procesregisseur (none for any other role)."""
    if not user.has_role(Role.PROCESREGISSEUR):
        return frozenset()
    return policy_facts(user).directed_table_ids


class _InIds(Func):
    """``column IN (ids)`` for a list of ids read beforehand (policy_facts).

    PostgreSQL is given ``column = ANY(ARRAY(SELECT unnest(ids)))``: the same rows, the
    array computed once and used as an index condition (an OR of such arms is a BitmapOr
    of index scans). Wrapped so, the ids stay out of the planner's estimates, as they were
    when the policy read them with a subquery: told that a procesregisseur's tables hold
    most of the region's cases, it would hash-join every one of them to count the first
    thousand requests of the worklist, where probing each request's case by its key is what
    reads least."""

    output_field = BooleanField()

    def __init__(self, column: str, ids: Iterable[int]) -> None:
        super().__init__(F(column))
        self.ids = sorted(ids)

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        if not self.ids:
            raise EmptyResultSet  # as Django's own IN () does: the arm matches nothing
        column, params = compiler.compile(self.get_source_expressions()[0])
        placeholders = ", ".join(["%s"] * len(self.ids))
        return f"{column} IN ({placeholders})", (*params, *self.ids)

    def as_postgresql(
        self, compiler: Any, connection: Any, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        if not self.ids:
            raise EmptyResultSet
        column, params = compiler.compile(self.get_source_expressions()[0])
        return f"{column} = ANY(ARRAY(SELECT unnest(%s::bigint[])))", (*params, self.ids)


def _case_filter(user: User) -> Q | None:
    """The condition a visible case meets, or None when the user may see no case at all."""
    if not user.is_authenticated or not user.is_active or user.organisation_id is None:
        return None
    organisation = user.organisation
    assert organisation is not None  # organisation_id is set
    conditions: list[Q] = []
    if user.has_role(Role.PROCESREGISSEUR):
        # Lists of ids, read once per request (policy_facts).
        facts = policy_facts(user)
        if facts.directed_table_ids:
            conditions.append(Q(_InIds("table_id", facts.directed_table_ids)))
        # Cases not yet on a table belong to the region's procesregisseurs (intake, triage).
        conditions.append(Q(table__isnull=True, region_id=organisation.region_id))
        if facts.emergency_accesses:
            conditions.append(Q(_InIds("pk", facts.emergency_case_ids)))
    if user.has_role(Role.INFORMATIEMAKELAAR):
        conditions.append(Q(region_id=organisation.region_id, state__in=INTAKE_STATES))
    if user.has_role(Role.KETENPARTNER) and organisation.has_signed_convenant:
        # EXISTS on the covering index participant_reading (organisation, case, reason),
        # probed per case: a partner involved in a hundred thousand cases costs a page what
        # one involved in ten costs, where IN (all its participant rows) was hashed whole.
        involved = active_involvements(organisation_id=organisation.pk).filter(
            case_id=OuterRef("pk")
        )
        # Only cases of its own region: a case transferred to another region is closed to
        # every organisation of the region it left, whatever involvement remains on record.
        conditions.append(Q(Exists(involved), region_id=organisation.region_id))
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    # Every case a user may see is of the own region (tables, intake, noodtoegang and
    # involvement are all within it). Said once, in front, it narrows nothing and lets
    # every list read the region's share of an index (case_region_created and the like).
    return Q(region_id=organisation.region_id) & combined


def visible_cases(user: User) -> QuerySet[Case]:
    condition = _case_filter(user)
    if condition is None:
        return Case.objects.none()
    return Case.objects.filter(condition)


def can_see_case(user: User, case: Case) -> bool:
    return visible_cases(user).filter(pk=case.pk).exists()


def case_readers(case: Case) -> QuerySet[User]:
    """The active users who may open this case now: the only ones who may receive anything
    about it (action ownership, reminders, invitations, messages). The same rule as
    visible_cases, read from the case's side, as one query."""
    from schakel.accounts.models import User

    readers = Q(pk__in=[])
    involved = CaseParticipant.objects.filter(
        case_id=case.pk, reason__in=CASE_READING_REASONS, ended_at__isnull=True
    ).filter(Q(visible_from__isnull=True) | Q(visible_from__lte=timezone.now()))
    readers |= Q(
        role_assignments__role=Role.KETENPARTNER,
        organisation__convenant_signed_on__isnull=False,
        organisation__region_id=case.region_id,
        organisation_id__in=involved.values("organisation_id"),
    )
    if case.table_id is not None:
        readers |= Q(role_assignments__role=Role.PROCESREGISSEUR, directed_tables=case.table_id)
    else:
        readers |= Q(
            role_assignments__role=Role.PROCESREGISSEUR, organisation__region_id=case.region_id
        )
    if case.state in INTAKE_STATES:
        readers |= Q(
            role_assignments__role=Role.INFORMATIEMAKELAAR,
            organisation__region_id=case.region_id,
        )
    matching = User.objects.filter(readers, is_active=True).values("pk")
    return User.objects.filter(pk__in=matching)


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
    """Persons who appear in at least one case the user may see, and whose processing is
    not restricted (AVG article 18: then only the privacy officer sees them, below)."""
    condition = _case_filter(user)
    if condition is None:
        return Person.objects.none()
    # Per person found: does one of its cases pass the case filter? (A search narrows the
    # persons first by name or date of birth, so this probes a few links, never all the
    # links of every visible case.)
    visible_case = Case.objects.filter(condition, pk=OuterRef("case_id"))
    links = CasePerson.objects.filter(person_id=OuterRef("pk")).filter(Exists(visible_case))
    # A person's record belongs to the region of its cases (a transfer moves or copies it),
    # so the region narrows nothing; it lets a name search read the region's share of the
    # index (person_region_name) instead of every region's namesakes.
    assert user.organisation is not None  # the case filter exists only with one
    return Person.objects.filter(
        Exists(links),
        region_id=user.organisation.region_id,
        merged_into__isnull=True,
        is_restricted=False,
    )


def get_visible_person(user: User, pk: int) -> Person:
    person = visible_persons(user).filter(pk=pk).select_related("municipality").first()
    if person is None:
        raise Http404(_("Deze persoon bestaat niet of u heeft er geen toegang toe."))
    return person


# --- Rights of the betrokkene (AVG articles 16 and 18) ----------------------------------

PROCESSING_RESTRICTED = gettext_lazy(
    "Voor deze persoon is de verwerking beperkt (AVG artikel 18). "
    "Neem contact op met de privacy officer."
)


def persons_of_privacy_officer(user: User) -> QuerySet[Person]:
    """The records the privacy officer handles rights requests for: every person of the
    officer's own region, restricted or not (403 for any other role)."""
    require_role(user, *PERSON_RIGHTS_ROLES)
    if user.region_id is None:
        return Person.objects.none()
    return Person.objects.filter(region_id=user.region_id, merged_into__isnull=True)


def get_person_of_privacy_officer(user: User, pk: int) -> Person:
    """One person for the privacy officer: 403 for another role, 404 for another region."""
    person = persons_of_privacy_officer(user).select_related("municipality").filter(pk=pk).first()
    if person is None:
        raise Http404(_("Deze persoon bestaat niet of u heeft er geen toegang toe."))
    return person


def ensure_processing_allowed(*, persons: Iterable[Person] = (), case: Case | None = None) -> None:
    """Refuse new processing of a person whose processing is restricted: the persons named,
    and the hoofdpersoon of the case the write is about. Every service that would link,
    ask about or plan for a person calls this inside its transaction, before writing.

    Reads the stored state, not the instances passed (which may be older than a
    restriction made meanwhile)."""
    named = [person.pk for person in persons if person.pk is not None]
    checks = [Exists(Person.objects.filter(pk__in=named, is_restricted=True))]
    if case is not None:
        checks.append(
            Exists(
                CasePerson.objects.filter(
                    case_id=case.pk, role=PersonRole.HOOFDPERSOON, person__is_restricted=True
                )
            )
        )
    # Two EXISTS that each read an index, in one query. (One OR of two IN lists over the
    # persons table was read by a scan of every person of every region.) Neither depends
    # on the outer row, so PostgreSQL answers them once before reading any.
    restricted = Q(checks[0])
    for check in checks[1:]:
        restricted |= Q(check)
    if Person.objects.filter(restricted).exists():
        raise ValidationError(PROCESSING_RESTRICTED, code="processing_restricted")


def visible_information_requests(user: User) -> QuerySet[InformationRequest]:
    """Requests a user may read.

    Procesregie (procesregisseur, informatiemakelaar) reads every request of the cases it
    may see; a partner reads only the requests addressed to its own organisation, so one
    partner never reads another partner's answer (proportionality).
    """
    organisation = user.organisation
    if organisation is None:
        return InformationRequest.objects.none()
    conditions: list[Q] = []
    if user.has_role(Role.PROCESREGISSEUR, Role.INFORMATIEMAKELAAR):
        conditions.append(Q(Exists(visible_cases(user).filter(pk=OuterRef("case_id")))))
    if user.has_role(Role.KETENPARTNER) and organisation.has_signed_convenant:
        conditions.append(Q(organisation_id=organisation.pk))
    if not conditions:
        return InformationRequest.objects.none()
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    # Every readable request is of the own region (as its case is); saying so first lets
    # the database start from the region's requests rather than the country's.
    return InformationRequest.objects.filter(Q(region_id=organisation.region_id) & combined)


def require_role(user: User, *roles: str) -> None:
    """403 when the user has none of the roles: the action exists but is not theirs."""
    if not user.has_role(*roles):
        raise PermissionDenied(_("U heeft niet de rol die nodig is voor deze handeling."))


def may_direct_case(user: User, case: Case) -> bool:
    """May this user take procesregie decisions (triage, uitvraag) on this visible case?"""
    if user.has_role(Role.PROCESREGISSEUR):
        return case.table_id is None or directs_table(user, case.table_id)
    return False


def may_receive_transfer(user: User, region_id: int) -> bool:
    """A procesregisseur of the receiving region decides on a proposed transfer."""
    return user.has_role(Role.PROCESREGISSEUR) and user.region_id == region_id


def may_request_information(user: User, case: Case, *, directs: bool | None = None) -> bool:
    """``directs`` is may_direct_case(user, case) when the caller already asked it (a page
    that needs both answers asks the database once)."""
    if may_direct_case(user, case) if directs is None else directs:
        return True
    return user.has_role(Role.INFORMATIEMAKELAAR) and case.state in INTAKE_STATES


def partner_organisation_id(user: User) -> int | None:
    """The organisation a ketenpartner acts for, or None when it may not share (no convenant)."""
    if (
        user.is_authenticated
        and user.organisation is not None
        and user.has_role(Role.KETENPARTNER)
        and user.organisation.has_signed_convenant
    ):
        return user.organisation.pk
    return None


# --- Casusoverleg: need-to-know per agenda item -------------------------------------


def visible_agenda_items(user: User) -> QuerySet[AgendaItem]:
    """Agenda items a user may see: all items of the tables they direct, and for a partner
    only the items its organisation is invited to — never the other items of the meeting."""
    if not user.is_authenticated or user.organisation_id is None:
        return AgendaItem.objects.none()
    conditions: list[Q] = []
    if user.has_role(Role.PROCESREGISSEUR):
        conditions.append(Q(_InIds("meeting__table_id", directed_table_ids(user))))
    organisation_id = partner_organisation_id(user)
    if organisation_id is not None:
        conditions.append(Q(invited_organisations=organisation_id))
    if not conditions:
        return AgendaItem.objects.none()
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    # An item of a case transferred to another region stays in the sending region's
    # meeting as history, but its content went with the case: nobody there reads it.
    combined &= Q(case__region_id=F("meeting__table__region_id"))
    return AgendaItem.objects.filter(pk__in=AgendaItem.objects.filter(combined).values("pk"))


def visible_meetings(user: User) -> QuerySet[Meeting]:
    """Meetings of the tables a procesregisseur directs, or with an item the partner is
    invited to. Seeing a meeting is not seeing its items: use visible_agenda_items."""
    if not user.is_authenticated or user.organisation_id is None:
        return Meeting.objects.none()
    conditions: list[Q] = []
    if user.has_role(Role.PROCESREGISSEUR):
        conditions.append(Q(_InIds("table_id", directed_table_ids(user))))
    if partner_organisation_id(user) is not None:
        conditions.append(Q(pk__in=visible_agenda_items(user).values("meeting_id")))
    if not conditions:
        return Meeting.objects.none()
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return Meeting.objects.filter(combined)


def get_visible_meeting(user: User, pk: int) -> Meeting:
    meeting = visible_meetings(user).select_related("table").filter(pk=pk).first()
    if meeting is None:
        raise Http404(_("Dit overleg bestaat niet of u heeft er geen toegang toe."))
    return meeting


def may_direct_meeting(user: User, meeting: Meeting) -> bool:
    """May this user prepare, chair and minute this meeting?"""
    return directs_table(user, meeting.table_id)


def information_opens_at(meeting: Meeting) -> datetime:
    """From this moment invited partners see the case information of their items."""
    return meeting.starts_at - timedelta(hours=meeting.table.information_window_hours)


def may_read_item_content(user: User, item: AgendaItem, *, directs: bool) -> bool:
    """Purpose, questions and minutes of a visible item: procesregie always, an invited
    partner only from the table's information window before the meeting."""
    if directs:
        return True
    return timezone.now() >= information_opens_at(item.meeting)


# --- Plan van aanpak ------------------------------------------------------------------


class PlanScope:
    """How much of a case's plan a user sees.

    REGIE: procesregie; reads everything and edits the plan.
    TAFEL: a partner invited to the case's agenda item; reads the whole plan but the
        progress reports only of its own interventions.
    EIGEN: a partner involved otherwise (melder, intervention or action holder, regie);
        reads the shared part of the plan and its own interventions only.
    """

    REGIE = "regie"
    TAFEL = "tafel"
    EIGEN = "eigen"


def plan_scope(user: User, case: Case, *, directs: bool | None = None) -> str | None:
    """The scope of a visible case's plan for this user, or None (no plan access).
    ``directs`` as in may_request_information."""
    if may_direct_case(user, case) if directs is None else directs:
        return PlanScope.REGIE
    organisation_id = partner_organisation_id(user)
    if organisation_id is None:
        return None
    involvements = active_involvements(organisation_id=organisation_id, case_id=case.pk)
    reasons = set(involvements.values_list("reason", flat=True))
    if not reasons:
        return None
    if reasons & set(TABLE_REASONS):
        return PlanScope.TAFEL
    return PlanScope.EIGEN


def may_update_intervention(user: User, intervention: Intervention) -> bool:
    """A partner reports progress only on the interventions its own organisation holds."""
    organisation_id = partner_organisation_id(user)
    return organisation_id is not None and intervention.organisation_id == organisation_id


# --- Volhouden ------------------------------------------------------------------------


def may_receive_escalation(user: User, case: Case) -> bool:
    return (
        user.is_active
        and user.organisation_id is not None
        and user.region_id == case.region_id
        and user.has_role(*ESCALATION_ADDRESSEE_ROLES)
    )


def visible_actions(user: User) -> QuerySet[Action]:
    """Procesregie sees the actions of the cases it directs; a partner only its own."""
    if not user.is_authenticated or user.organisation_id is None:
        return Action.objects.none()
    conditions: list[Q] = []
    if user.has_role(Role.PROCESREGISSEUR):
        conditions.append(Q(_InIds("case__table_id", directed_table_ids(user))))
    organisation_id = partner_organisation_id(user)
    if organisation_id is not None:
        conditions.append(
            Q(owner_organisation_id=organisation_id, case__in=visible_cases(user).values("pk"))
        )
    if not conditions:
        return Action.objects.none()
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return Action.objects.filter(combined)


# --- Bulk imports ---------------------------------------------------------------------


def visible_import_jobs(user: User) -> QuerySet[ImportJob]:
    """The import jobs of the user's region, of the kinds the user may import. A job's
    report holds personal data from the file; another region's job, or one of a kind the
    user may not import (a detentiemelding for an informatiemakelaar), does not exist for
    this user."""
    from schakel.imports.registry import importers

    organisation = user.organisation if user.is_authenticated else None
    if organisation is None or not user.has_role(*IMPORT_ROLES):
        return ImportJob.objects.none()
    kinds = [importer.kind for importer in importers(user)]
    return ImportJob.objects.filter(region_id=organisation.region_id, kind__in=kinds)


def get_visible_import_job(user: User, pk: int) -> ImportJob:
    job = visible_import_jobs(user).select_related("uploaded_by").filter(pk=pk).first()
    if job is None:
        raise Http404(_("Deze import bestaat niet of u heeft er geen toegang toe."))
    return job


# --- What a user may do on one object -------------------------------------------------
# The services refuse with these and the views show or hide the buttons with the same
# answer, so a button is never offered for a step the service would refuse.


def may_triage(*, user: User, case: Case) -> bool:
    return (
        user.has_role(Role.PROCESREGISSEUR)
        and can_see_case(user, case)
        and may_direct_case(user, case)
    )


def may_be_rereport(*, user: User, case: Case) -> bool:
    """Whether the user decides on her-melding candidates of this case: its procesregisseur,
    while the case is in intake (later it is a case of its own)."""
    return case.state in INTAKE_STATES and may_direct_case(user, case)


def may_edit_plan(*, user: User, case: Case) -> bool:
    return may_direct_case(user, case) and case.state in PLAN_EDITABLE_STATES


def may_complete_action(*, user: User, action: Action) -> bool:
    """The owner organisation's people and procesregie may report an action done."""
    if not action.is_open:
        return False
    return user.organisation_id == action.owner_organisation_id or may_direct_case(
        user, action.case
    )


def may_cancel_action(*, user: User, action: Action) -> bool:
    return action.is_open and may_direct_case(user, action.case)


def may_answer(*, user: User, information_request: InformationRequest) -> bool:
    """Only a ketenpartner of the addressed (signatory) organisation answers."""
    return (
        user.has_role(Role.KETENPARTNER)
        and user.organisation is not None
        and user.organisation.pk == information_request.organisation_id
        and user.organisation.has_signed_convenant
    )


def may_edit_table(user: User, table: Table) -> bool:
    """The region's beheerder or manager, or a procesregisseur of this table."""
    if user.region_id != table.region_id:
        return False
    if may_configure(user):
        return True
    return directs_table(user, table.pk)


class CaseMessage(Protocol):
    """A message to one user, perhaps about a case (a notifications.Notification): typed
    by its shape, so the policy needs no import of the app above it."""

    @property
    def user(self) -> User: ...

    @property
    def case(self) -> Case | None: ...


def may_still_open(notification: CaseMessage) -> bool:
    """A message about a case is mailed only while its recipient may open the case."""
    return notification.case is None or can_see_case(notification.user, notification.case)


# --- Rechten van betrokkenen (AVG; one contact point under the WGS) ------------------------


def visible_rights_requests(user: User) -> QuerySet[RightsRequest]:
    """The privacy officer handles the rights requests of the own region; nobody else
    sees them (a partner sees only the task addressed to its organisation)."""
    if (
        not user.is_authenticated
        or not user.is_active
        or not user.has_role(Role.PRIVACY_OFFICER)
        or user.region_id is None
    ):
        return RightsRequest.objects.none()
    return RightsRequest.objects.filter(region_id=user.region_id)


def get_visible_rights_request(user: User, pk: int) -> RightsRequest:
    rights_request = visible_rights_requests(user).filter(pk=pk).first()
    if rights_request is None:
        raise Http404(_("Dit verzoek bestaat niet of u heeft er geen toegang toe."))
    return rights_request


def may_handle_rights_request(user: User, rights_request: RightsRequest) -> bool:
    return visible_rights_requests(user).filter(pk=rights_request.pk).exists()


def visible_rights_tasks(user: User) -> QuerySet[RightsTask]:
    """A ketenpartner sees the tasks addressed to its own organisation, and no other.

    Unlike case content this needs no convenant: an organisation whose convenant ended
    still holds what it received, and as a joint controller it answers for it.
    """
    if (
        not user.is_authenticated
        or not user.is_active
        or user.organisation_id is None
        or not user.has_role(Role.KETENPARTNER)
    ):
        return RightsTask.objects.none()
    return RightsTask.objects.filter(organisation_id=user.organisation_id)


def get_visible_rights_task(user: User, pk: int) -> RightsTask:
    task = (
        visible_rights_tasks(user)
        .select_related("request", "organisation", "answered_by")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404(_("Deze taak bestaat niet of u heeft er geen toegang toe."))
    return task


def may_answer_rights_task(*, user: User, task: RightsTask) -> bool:
    return task.is_open and visible_rights_tasks(user).filter(pk=task.pk).exists()


# --- Vertrouwelijke onderdelen ----------------------------------------------------------
# An answer, minutes, an analysis or a progress report marked vertrouwelijk is read only
# by the organisations its writer named (always the writer's own) and, unless the writer
# left it out, by the procesregie of the ZVH. Everyone else who may see the item sees
# that it exists and whom to ask (schakel/_confidential.html), never its content: on the
# page, in print and PDF, in exports and in messages.

PROCESREGIE_ROLES = (Role.PROCESREGISSEUR, Role.INFORMATIEMAKELAAR)


class ConfidentialItem(Protocol):
    """A model row with schakel.core.confidentiality.Confidential, or the frozen mark of a
    plan version (ConfidentialMark): typed by shape, answered alike."""

    @property
    def is_confidential(self) -> bool: ...

    @property
    def confidential_for_procesregie(self) -> bool: ...

    @property
    def confidential_organisation_ids(self) -> set[int]: ...


def is_procesregie(user: User) -> bool:
    """Does this user act for the procesregie of the ZVH (not for a partner)?"""
    return user.has_role(*PROCESREGIE_ROLES)


def may_read_confidential(user: User, item: ConfidentialItem) -> bool:
    """May this user read the content of an item they may already see?

    Only the content is at stake: whether the user sees the item at all is decided by the
    visibility rules above, which every caller has applied first.
    """
    if not item.is_confidential:
        return True
    if not user.is_authenticated or not user.is_active or user.organisation_id is None:
        return False
    if item.confidential_for_procesregie and is_procesregie(user):
        return True
    return user.organisation_id in item.confidential_organisation_ids


def confidential_choices(case: Case) -> QuerySet[Organisation]:
    """The organisations a writer may name for a confidential item of this case: convenant
    partners of the case's region that are involved in the case now (whoever else is
    named could not open the case anyway)."""
    involved = CaseParticipant.objects.filter(
        case_id=case.pk, reason__in=CASE_READING_REASONS, ended_at__isnull=True
    )
    return convenant_partners(region_id=case.region_id).filter(
        pk__in=involved.values("organisation_id")
    )


# --- Nazorg en re-integratie (PRODUCT.md section 12) ----------------------------------


def visible_detention_notices(user: User) -> QuerySet[DetentionNotice]:
    """Detentiemeldingen a user may see.

    The ZVH keeps back office and regie: every procesregisseur of the region sees all of
    the region's detainees. A re-integratieofficier (front office, a ketenpartner of a
    convenant organisation) sees only the detainees assigned to them, never the others:
    the assignment is the need-to-know. Any other role sees none. What of the case behind
    a notice a user may read is still decided by visible_cases.
    """
    if not user.is_authenticated or not user.is_active or user.organisation is None:
        return DetentionNotice.objects.none()
    region_id = user.organisation.region_id
    conditions: list[Q] = []
    if user.has_role(Role.PROCESREGISSEUR):
        conditions.append(Q(region_id=region_id))
    if partner_organisation_id(user) is not None:
        conditions.append(Q(reintegration_officer_id=user.pk, region_id=region_id))
    if not conditions:
        return DetentionNotice.objects.none()
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return DetentionNotice.objects.filter(combined)


def get_visible_detention_notice(user: User, pk: int) -> DetentionNotice:
    notice = (
        visible_detention_notices(user)
        .select_related(
            "person",
            "institution",
            "return_municipality",
            "reintegration_officer",
            "reintegration_officer__organisation",
            "case",
        )
        .filter(pk=pk)
        .first()
    )
    if notice is None:
        raise Http404(_("Deze detentiemelding bestaat niet of u heeft er geen toegang toe."))
    return notice


def may_direct_nazorg(user: User, notice: DetentionNotice) -> bool:
    """Regie on a detainee: register, assign the re-integratieofficier, change the release
    date, put on a table or close. A procesregisseur of the notice's region."""
    return (
        user.is_active
        and user.has_role(Role.PROCESREGISSEUR)
        and user.region_id == notice.region_id
    )


def may_fill_quickscan(user: User, notice: DetentionNotice) -> bool:
    """The ZVH, and the re-integratieofficier assigned to this detainee."""
    if may_direct_nazorg(user, notice):
        return True
    return (
        partner_organisation_id(user) is not None
        and notice.reintegration_officer_id == user.pk
        and user.region_id == notice.region_id
    )


def reintegration_officers(*, region_id: int) -> QuerySet[User]:
    """Who may be assigned as re-integratieofficier: an active ketenpartner of a
    gemeente organisation (the RIO works for the municipalities) that signed the
    region's convenant."""
    from schakel.accounts.models import User

    return (
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.KETENPARTNER,
            organisation__in=convenant_partners(region_id=region_id).filter(domain=Domain.GEMEENTE),
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def visible_police_incidents(user: User) -> QuerySet[PoliceIncident]:
    """Police incidents are imported for the rendementsanalyse, which only counts them:
    nobody reads them one by one (PRODUCT.md section 15)."""
    return PoliceIncident.objects.none()
