"""Writes of the casusoverleg (PRODUCT.md section 8): schedule, agenda, attendance, minutes.

Every write is one function here, called alike by views and management commands, so the
rules (who may, which organisations, need-to-know in time) cannot be skipped.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import CharField, Max, Q, Value
from django.db.models.functions import Cast, LPad
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.access.confidentiality import apply_marking, marking_errors
from schakel.access.log import Access, record_access, record_accesses
from schakel.access.models import AccessAction
from schakel.access.policy import (
    TABLE_REASONS,
    directs_table,
    ensure_processing_allowed,
    information_opens_at,
    may_direct_meeting,
    visible_cases,
)
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case, CaseParticipant, ParticipationReason
from schakel.cases.selectors import persons_in_case
from schakel.cases.services import add_participant, end_participation
from schakel.core.concurrency import claim_version
from schakel.core.confidentiality import Marking
from schakel.core.fields import max_length
from schakel.meetings import signals
from schakel.meetings.models import (
    AgendaItem,
    AgendaSource,
    Attendance,
    AttendanceMode,
    Meeting,
    MeetingStatus,
)
from schakel.organisations.models import Organisation
from schakel.tables.models import DAY_PART_HOURS, DayPart, Frequency, Table
from schakel.triage.models import TriageDecision, TriageOutcome
from schakel.triage.services import partner_refusal

if TYPE_CHECKING:
    from schakel.accounts.models import User

EVALUATION_PURPOSE = "Evaluatie plan van aanpak"
LOCATION_MAX_LENGTH = max_length(Meeting, "location")
MINUTES_MAX_LENGTH = max_length(AgendaItem, "beeldvorming")
NAME_MAX_LENGTH = max_length(Attendance, "name")
# A two-weekly table without an anchor date counts its weeks from this Monday.
BIWEEKLY_EPOCH = datetime.date(2024, 1, 1)
EVALUATION_STATES = (CaseState.IN_UITVOERING, CaseState.AFGESCHAALD)
# What a conflict message says was changed by someone else.
MEETING = gettext_lazy("dit overleg")
MINUTES = gettext_lazy("het verslag van dit agendapunt")
# Invitations and minutes share the item's version: either change outdates both forms.
INVITATIONS = gettext_lazy("dit agendapunt (uitnodigingen of verslag)")


# --- Schedule ---------------------------------------------------------------------------


def _is_schedule_date(table: Table, day: datetime.date) -> bool:
    if day.weekday() != table.weekday:
        return False
    if table.frequency == Frequency.BIWEEKLY:
        anchor = table.schedule_anchor or BIWEEKLY_EPOCH
        return (day - anchor).days % 14 == 0
    return True


def _slot_times(table: Table, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start_hour, end_hour = DAY_PART_HOURS[DayPart(table.day_part)]
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(start_hour)), zone),
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(end_hour)), zone),
    )


@transaction.atomic
def generate_meetings(*, table: Table, until: datetime.date) -> list[Meeting]:
    """Create the sittings of the table's schedule up to and including `until`.

    A slot is identified by its scheduled date (Meeting.scheduled_for, unique per table).
    A sitting moved or cancelled by hand keeps that date, so it is never made again, and
    running this twice makes nothing new. Slots that have already begun are skipped.
    """
    if not table.is_active:
        return []
    now = timezone.now()
    day = timezone.localdate(now)
    taken = set(
        Meeting.objects.filter(
            table=table, scheduled_for__gte=day, scheduled_for__lte=until
        ).values_list("scheduled_for", flat=True)
    )
    created: list[Meeting] = []
    while day <= until:
        if _is_schedule_date(table, day) and day not in taken:
            starts_at, ends_at = _slot_times(table, day)
            if starts_at > now:
                created.append(
                    Meeting(
                        table=table,
                        starts_at=starts_at,
                        ends_at=ends_at,
                        location=table.location,
                        from_schedule=True,
                        scheduled_for=day,
                    )
                )
        day += datetime.timedelta(days=1)
    # ignore_conflicts: a concurrent run that made the same slot wins; the constraint holds.
    Meeting.objects.bulk_create(created, ignore_conflicts=True)
    return created


def plan_all_meetings(*, weeks: int) -> int:
    """Generate the coming `weeks` of sittings for every active table; returns the count."""
    until = timezone.localdate() + datetime.timedelta(weeks=weeks)
    return sum(
        len(generate_meetings(table=table, until=until))
        for table in Table.objects.filter(is_active=True)
    )


def _require_director(actor: User, meeting: Meeting) -> None:
    if not may_direct_meeting(actor, meeting):
        raise PermissionDenied(_("Alleen de procesregisseur van deze regietafel kan dit doen."))


def _require_open(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("Dit overleg is geannuleerd."), code="cancelled")


def has_started(meeting: Meeting) -> bool:
    """The meeting's own time is the rule: what happens *in* it (minutes, attendance, an
    agreed plan) can only be recorded once it has begun."""
    return meeting.starts_at <= timezone.now()


def not_started_message(meeting: Meeting, what: str) -> str:
    return _(
        "Het overleg is nog niet begonnen (het begint %(moment)s). %(what)s kan pas worden "
        "vastgelegd zodra het overleg is begonnen."
    ) % {"moment": local_moment(meeting.starts_at), "what": what}


def local_moment(moment: datetime.datetime) -> str:
    """A moment as Schakel shows it everywhere: Dutch, in Europe/Amsterdam time."""
    return date_format(timezone.localtime(moment), "j F Y H:i")


def _require_started(meeting: Meeting, what: str) -> None:
    if not has_started(meeting):
        raise ValidationError(not_started_message(meeting, what), code="not_started")


def _time_errors(
    *, starts_at: datetime.datetime | None, ends_at: datetime.datetime | None, location: str
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if starts_at is None:
        errors["starts_at"] = [_("Geef aan wanneer het overleg begint.")]
    if ends_at is None:
        errors["ends_at"] = [_("Geef aan wanneer het overleg eindigt.")]
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = [_("Het overleg moet eindigen na het begin.")]
    if starts_at and ends_at and ends_at - starts_at > datetime.timedelta(hours=12):
        errors["ends_at"] = [_("Een overleg duurt ten hoogste twaalf uur.")]
    if len(location) > LOCATION_MAX_LENGTH:
        errors["location"] = [
            _("Gebruik ten hoogste %(max)d tekens.") % {"max": LOCATION_MAX_LENGTH}
        ]
    return errors


@transaction.atomic
def add_meeting(
    *,
    table: Table,
    actor: User,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    location: str = "",
) -> Meeting:
    """An extra sitting of a table, added by its procesregisseur."""
    if table.region_id != actor.region_id or not directs_table(actor, table.pk):
        raise ValidationError(
            {"table": _("U bent geen procesregisseur van deze regietafel.")}, code="not_director"
        )
    errors = _time_errors(starts_at=starts_at, ends_at=ends_at, location=location)
    if not table.is_active:
        errors.setdefault("table", []).append(_("Deze regietafel is niet actief."))
    if starts_at and starts_at < timezone.now():
        errors.setdefault("starts_at", []).append(
            _("Een nieuw overleg kan niet in het verleden liggen.")
        )
    if errors:
        raise ValidationError(errors)
    return Meeting.objects.create(
        table=table,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip() or table.location,
        from_schedule=False,
    )


@transaction.atomic
def move_meeting(
    *,
    meeting: Meeting,
    actor: User,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    location: str,
    expected_version: int | None = None,
) -> Meeting:
    """Give a planned sitting a new date, time or place; its schedule slot stays its own."""
    _require_director(actor, meeting)
    claim_version(meeting, expected=expected_version, actor=actor, what=MEETING)
    locked = Meeting.objects.select_for_update().select_related("table").get(pk=meeting.pk)
    if locked.status != MeetingStatus.PLANNED:
        raise ValidationError(
            _("Alleen een gepland overleg kan worden verplaatst."), code="not_planned"
        )
    errors = _time_errors(starts_at=starts_at, ends_at=ends_at, location=location)
    if errors:
        raise ValidationError(errors)
    locked.starts_at, locked.ends_at, locked.location = starts_at, ends_at, location.strip()
    locked.save(update_fields=["starts_at", "ends_at", "location"])
    # The information window moves with the meeting.
    for item in locked.items.prefetch_related("invited_organisations"):
        for organisation in item.invited_organisations.all():
            _sync_invitation(case_id=item.case_id, organisation_id=organisation.pk)
    meeting.starts_at, meeting.ends_at, meeting.location = starts_at, ends_at, locked.location
    signals.invitations_changed.send(sender=Meeting, meeting=locked)
    return locked


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, actor: User, expected_version: int | None = None) -> None:
    """Cancel a planned sitting. Its items stay on record; their cases become due again."""
    _require_director(actor, meeting)
    claim_version(meeting, expected=expected_version, actor=actor, what=MEETING)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status != MeetingStatus.PLANNED:
        raise ValidationError(
            _("Alleen een gepland overleg kan worden geannuleerd."), code="not_planned"
        )
    locked.status = MeetingStatus.CANCELLED
    locked.save(update_fields=["status"])
    meeting.status = locked.status
    for item in locked.items.prefetch_related("invited_organisations"):
        for organisation in item.invited_organisations.all():
            _sync_invitation(case_id=item.case_id, organisation_id=organisation.pk)
    signals.meeting_cancelled.send(sender=Meeting, meeting=locked)


@transaction.atomic
def mark_held(*, meeting: Meeting, actor: User) -> None:
    _require_director(actor, meeting)
    claim_version(meeting, expected=None, actor=actor, what=MEETING)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status != MeetingStatus.PLANNED:
        raise ValidationError(
            _("Alleen een gepland overleg kan als gehouden worden vastgelegd."),
            code="not_planned",
        )
    if locked.starts_at > timezone.now():
        raise ValidationError(
            _("Een overleg dat nog niet is begonnen kan niet als gehouden worden vastgelegd."),
            code="not_started",
        )
    locked.status = MeetingStatus.HELD
    locked.save(update_fields=["status"])
    meeting.status = locked.status


# --- Invitations: need-to-know in time -------------------------------------------------


def _sync_invitation(*, case_id: int, organisation_id: int) -> None:
    """Make the organisation's 'uitgenodigd' involvement match its invitations.

    Backed by an invitation to an item of a meeting that is not cancelled, it reads the case
    from the earliest of those meetings' information windows; once no invitation backs it
    (unticked, item removed, meeting cancelled) the involvement ends, and so does the access
    it gave. A window that has already opened stays open: what was seen is history.
    """
    meetings = (
        Meeting.objects.filter(items__case_id=case_id, items__invited_organisations=organisation_id)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("table")
        .distinct()
    )
    opens = [information_opens_at(meeting) for meeting in meetings]
    if not opens:
        end_participation(
            case_id=case_id, organisation_id=organisation_id, reason=ParticipationReason.UITGENODIGD
        )
        return
    earliest = min(opens)
    participation = (
        CaseParticipant.objects.select_for_update()
        .filter(
            case_id=case_id,
            organisation_id=organisation_id,
            reason=ParticipationReason.UITGENODIGD,
            ended_at__isnull=True,
        )
        .first()
    )
    if participation is None:
        add_participant(
            case=Case.objects.get(pk=case_id),
            organisation=Organisation.objects.get(pk=organisation_id),
            reason=ParticipationReason.UITGENODIGD,
            visible_from=earliest,
        )
        return
    already_open = (
        participation.visible_from is None or participation.visible_from <= timezone.now()
    )
    if not already_open and earliest != participation.visible_from:
        participation.visible_from = earliest
        participation.save(update_fields=["visible_from"])


def _invite(*, item: AgendaItem, organisation: Organisation) -> None:
    """Invite the organisation for this item: it reads the case from the meeting's
    information window on, whatever else it takes part in the case for."""
    item.invited_organisations.add(organisation)
    _sync_invitation(case_id=item.case_id, organisation_id=organisation.pk)


def default_invitees(*, table: Table, case: Case) -> list[Organisation]:
    """Who is ticked when a case comes on an agenda: the table's standing members, the
    partners triage said must be present and the melder. The procesregisseur can untick
    any of them; only the ticked ones read the case (schakel.access.policy)."""
    decision = (
        TriageDecision.objects.filter(case=case, outcome=TriageOutcome.AGENDEREN)
        .order_by("-decided_at", "-pk")
        .first()
    )
    wanted = Q(pk__in=table.fixed_participants.values("pk"))
    if decision is not None:
        wanted |= Q(pk__in=decision.required_partners.values("pk"))
    wanted |= Q(pk__in=case.referrals.values("reporting_organisation_id"))
    return [
        organisation
        for organisation in Organisation.objects.filter(wanted, region_id=case.region_id)
        .distinct()
        .order_by("name")
        if partner_refusal(organisation=organisation, case=case) is None
    ]


def _refusals(*, case: Case, organisations: Iterable[Organisation]) -> list[str]:
    return [
        message
        for organisation in organisations
        if (message := partner_refusal(organisation=organisation, case=case))
    ]


@transaction.atomic
def set_invited_organisations(
    *,
    item: AgendaItem,
    actor: User,
    organisations: Iterable[Organisation],
    expected_version: int | None = None,
) -> None:
    """The organisations invited for this one agenda item ('wisselende samenstelling')."""
    meeting = item.meeting
    _require_director(actor, meeting)
    _require_open(meeting)
    claim_version(item, expected=expected_version, actor=actor, what=INVITATIONS)
    wanted = {organisation.pk: organisation for organisation in organisations}
    refusals = _refusals(case=item.case, organisations=wanted.values())
    if refusals:
        raise ValidationError({"organisations": refusals})
    current = set(item.invited_organisations.values_list("pk", flat=True))
    for organisation_id in current - set(wanted):
        item.invited_organisations.remove(organisation_id)
        _sync_invitation(case_id=item.case_id, organisation_id=organisation_id)
    for organisation_id in set(wanted) - current:
        _invite(item=item, organisation=wanted[organisation_id])
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        case=item.case,
        obj=item,
        detail=_("Uitgenodigde organisaties: %(names)s")
        % {"names": ", ".join(sorted(str(o) for o in wanted.values())) or "—"},
    )
    signals.invitations_changed.send(sender=Meeting, meeting=meeting)


# --- Agenda -----------------------------------------------------------------------------


def _next_position(meeting: Meeting) -> int:
    return (meeting.items.aggregate(top=Max("position"))["top"] or 0) + 1


def _latest_agenda_decisions(table: Table) -> dict[int, TriageDecision]:
    decisions = (
        TriageDecision.objects.filter(
            outcome=TriageOutcome.AGENDEREN,
            table=table,
            case__table=table,
            case__state=CaseState.GEAGENDEERD,
        )
        .select_related("case")
        .prefetch_related("required_partners")
        .order_by("case_id", "-decided_at", "-pk")
    )
    latest: dict[int, TriageDecision] = {}
    for decision in decisions:
        latest.setdefault(decision.case_id, decision)
    return latest


def _on_live_agenda(*, case_ids: Iterable[int], since: dict[int, datetime.datetime]) -> set[int]:
    """Cases already on the agenda of a non-cancelled meeting that starts after `since`."""
    rows = (
        AgendaItem.objects.filter(case_id__in=list(case_ids))
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .values_list("case_id", "meeting__starts_at")
    )
    return {case_id for case_id, starts_at in rows if starts_at >= since[case_id]}


class BuiltAgenda(list[AgendaItem]):
    """The items build_agenda put on the agenda, and in `held_back` the due cases it left
    off because the processing of their hoofdpersoon is restricted (AVG art. 18): the
    procesregisseur is told which, the rest of the agenda is built as usual."""

    def __init__(self, items: Iterable[AgendaItem] = (), held_back: Iterable[Case] = ()):
        super().__init__(items)
        self.held_back: list[Case] = list(held_back)


def _processing_restricted(case: Case) -> bool:
    """The one restriction check (policy.ensure_processing_allowed), as a question."""
    try:
        ensure_processing_allowed(case=case)
    except ValidationError:
        return True
    return False


@transaction.atomic
def build_agenda(*, meeting: Meeting, actor: User) -> BuiltAgenda:
    """Put on the agenda what is due for this table, once.

    - Triage: cases geagendeerd on this table by their latest triage decision and not on the
      agenda of a non-cancelled meeting since that decision. Purpose and questions come from
      the decision; invited are the default invitees (standing members, the partners triage
      named, the melder).
    - Evaluation: cases of this table in uitvoering or afgeschaald whose plan evaluation
      date has come by the meeting's date and that were not on a non-cancelled meeting's
      agenda since that date. Invited are the organisations invited for the case before and
      the holders of interventions.

    A due case whose hoofdpersoon is under restriction is not put on the agenda: it is
    named in the result's `held_back`, and is due again once the restriction is lifted.
    """
    _require_director(actor, meeting)
    locked = Meeting.objects.select_for_update().select_related("table").get(pk=meeting.pk)
    if locked.status != MeetingStatus.PLANNED:
        raise ValidationError(
            _("Alleen voor een gepland overleg kan de agenda worden opgebouwd."),
            code="not_planned",
        )
    table = locked.table
    already = set(locked.items.values_list("case_id", flat=True))
    created: list[AgendaItem] = []
    held_back: list[Case] = []
    position = _next_position(locked)

    decisions = {
        case_id: decision
        for case_id, decision in _latest_agenda_decisions(table).items()
        if case_id not in already
    }
    on_agenda = _on_live_agenda(
        case_ids=decisions, since={pk: d.decided_at for pk, d in decisions.items()}
    )
    for case_id, decision in sorted(decisions.items(), key=lambda pair: pair[1].decided_at):
        if case_id in on_agenda:
            continue
        if _processing_restricted(decision.case):
            held_back.append(decision.case)
            already.add(case_id)
            continue
        item = AgendaItem.objects.create(
            meeting=locked,
            case=decision.case,
            position=position,
            source=AgendaSource.TRIAGE,
            triage=decision,
            purpose=decision.purpose,
            questions=decision.questions,
        )
        position += 1
        _invite_allowed(item=item, organisations=default_invitees(table=table, case=decision.case))
        created.append(item)
        already.add(case_id)

    meeting_day = timezone.localtime(locked.starts_at).date()
    due = {
        case.pk: case
        for case in Case.objects.filter(
            table=table,
            state__in=EVALUATION_STATES,
            plan__next_evaluation_on__lte=meeting_day,
        )
        .exclude(pk__in=already)
        .select_related("plan")
    }
    # Every due case has an evaluation date: the query above filtered on it.
    evaluation_on = {
        pk: case.plan.next_evaluation_on
        for pk, case in due.items()
        if case.plan.next_evaluation_on is not None
    }
    zone = timezone.get_current_timezone()
    since = {
        pk: timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), zone)
        for pk, day in evaluation_on.items()
    }
    on_agenda = _on_live_agenda(case_ids=due, since=since)
    for case_id, case in sorted(due.items(), key=lambda pair: evaluation_on[pair[0]]):
        if case_id in on_agenda:
            continue
        if _processing_restricted(case):
            held_back.append(case)
            continue
        item = AgendaItem.objects.create(
            meeting=locked,
            case=case,
            position=position,
            source=AgendaSource.EVALUATION,
            purpose=_(EVALUATION_PURPOSE),
        )
        position += 1
        invited_before = CaseParticipant.objects.filter(
            case=case, reason__in=TABLE_REASONS, ended_at__isnull=True
        ).values("organisation_id")
        at_table = Organisation.objects.filter(
            Q(pk__in=invited_before) | Q(interventions__plan__case=case)
        ).distinct()
        _invite_allowed(item=item, organisations=at_table)
        created.append(item)

    record_accesses(
        actor=actor,
        accesses=[
            Access(
                AccessAction.CREATE,
                case=item.case,
                obj=item,
                detail=_("Geagendeerd voor %(meeting)s") % {"meeting": locked},
            )
            for item in created
        ],
    )
    signals.invitations_changed.send(sender=Meeting, meeting=locked)
    return BuiltAgenda(created, held_back=held_back)


def _invite_allowed(*, item: AgendaItem, organisations: Iterable[Organisation]) -> None:
    """Invite those that may receive case information; silently leave out the others,
    whom the procesregisseur sees missing on the item (they were refused at triage too)."""
    for organisation in organisations:
        if partner_refusal(organisation=organisation, case=item.case) is None:
            _invite(item=item, organisation=organisation)


# How many matching cases the meeting page lists to choose from.
CANDIDATE_LIMIT = 10
REFERENCE_PATTERN = re.compile(r"^C?(?:(\d{4})-)?(\d+)$")


class AmbiguousCase(ValidationError):
    """More than one case fits what was typed; `candidates` are offered to choose from."""

    def __init__(self, message: str, *, candidates: list[Case]) -> None:
        super().__init__({"reference": [message]}, code="ambiguous")
        self.candidates = candidates


def agenda_case_candidates(*, actor: User, meeting: Meeting, reference: str) -> list[Case]:
    """Visible cases of this meeting's table whose number fits what was typed.

    A case reference is C<year>-<number, six digits>. Accepted: the whole reference, the
    year and number without the C ("2026-000123", leading zeros optional: then the number
    must match exactly), or any part of the number ("123" finds 000123 and 012345...).
    At most CANDIDATE_LIMIT + 1 are returned (the one extra says "there are more"); an
    exact number comes first, then the newest cases.
    """
    text = "".join(reference.split()).upper()
    match = REFERENCE_PATTERN.match(text)
    if match is None:
        raise ValidationError(
            {
                "reference": _(
                    "Geef (een deel van) het casuskenmerk, bijvoorbeeld 123 of C2025-000123."
                )
            },
            code="invalid",
        )
    year, digits = match.groups()
    cases = visible_cases(actor).filter(table_id=meeting.table_id).select_related("table")
    if year is not None:
        found = [case for case in cases.filter(pk=int(digits)) if case.reference[1:5] == year]
        return found
    # The number is the id padded to six digits, as Case.reference writes it.
    number = LPad(Cast("pk", CharField()), 6, Value("0"))
    found = list(
        cases.annotate(number=number)
        .filter(number__contains=digits)
        .order_by("-created_at", "-pk")[: CANDIDATE_LIMIT + 1]
    )
    exact = int(digits)
    return sorted(found, key=lambda case: case.pk != exact)


def find_case_for_agenda(
    *, actor: User, meeting: Meeting, reference: str, chosen: int | None = None
) -> Case:
    """The one visible case of this table that `reference` points at.

    Several matches raise AmbiguousCase with the candidates; `chosen` (from that list) then
    picks one of them, and only one of them.
    """
    candidates = agenda_case_candidates(actor=actor, meeting=meeting, reference=reference)
    if not candidates:
        raise ValidationError(
            {"reference": _("Er is geen casus met dit kenmerk die u kunt zien.")},
            code="not_found",
        )
    if chosen is not None:
        for case in candidates:
            if case.pk == chosen:
                return case
        raise AmbiguousCase(
            _("Kies een casus uit de lijst, of pas het kenmerk aan."),
            candidates=candidates[:CANDIDATE_LIMIT],
        )
    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) > CANDIDATE_LIMIT:
        message = _(
            "Meer dan %(limit)d casussen passen bij ‘%(text)s’. Kies hieronder, of typ meer "
            "cijfers van het kenmerk."
        ) % {"limit": CANDIDATE_LIMIT, "text": reference.strip()}
    else:
        message = _("Meerdere casussen passen bij ‘%(text)s’. Kies hieronder de juiste.") % {
            "text": reference.strip()
        }
    raise AmbiguousCase(message, candidates=candidates[:CANDIDATE_LIMIT])


@transaction.atomic
def add_case_to_agenda(
    *,
    meeting: Meeting,
    actor: User,
    case: Case,
    purpose: str,
    questions: str = "",
) -> AgendaItem:
    """The procesregisseur puts a case of this table on the agenda by hand."""
    _require_director(actor, meeting)
    errors: dict[str, list[str]] = {}
    if meeting.status != MeetingStatus.PLANNED:
        errors["reference"] = [
            _("Alleen aan een gepland overleg kunnen casussen worden toegevoegd.")
        ]
    elif case.table_id != meeting.table_id:
        errors["reference"] = [_("Deze casus hoort niet bij deze regietafel.")]
    elif meeting.items.filter(case=case).exists():
        errors["reference"] = [_("Deze casus staat al op de agenda van dit overleg.")]
    elif case.state not in (CaseState.GEAGENDEERD, *EVALUATION_STATES):
        errors["reference"] = [
            _("Een casus met status ‘%(state)s’ kan niet worden besproken.")
            % {"state": CaseState(case.state).label}
        ]
    purpose = purpose.strip()
    text_limit = max_length(AgendaItem, "purpose")
    if not purpose:
        errors["purpose"] = [
            _("Geef het doel van de bespreking: dat bepaalt wat gedeeld mag worden.")
        ]
    elif len(purpose) > text_limit:
        errors["purpose"] = [_("Gebruik ten hoogste %(max)d tekens.") % {"max": text_limit}]
    if len(questions) > text_limit:
        errors["questions"] = [_("Gebruik ten hoogste %(max)d tekens.") % {"max": text_limit}]
    if errors:
        raise ValidationError(errors)
    # Discussing a case at the table is new processing of its hoofdpersoon (AVG art. 18).
    ensure_processing_allowed(case=case)
    item = AgendaItem.objects.create(
        meeting=meeting,
        case=case,
        position=_next_position(meeting),
        source=AgendaSource.MANUAL,
        purpose=purpose,
        questions=questions.strip(),
    )
    _invite_allowed(item=item, organisations=default_invitees(table=meeting.table, case=case))
    record_access(
        actor=actor,
        action=AccessAction.CREATE,
        case=case,
        obj=item,
        detail=_("Geagendeerd voor %(meeting)s") % {"meeting": meeting},
    )
    signals.invitations_changed.send(sender=Meeting, meeting=meeting)
    return item


# An item without minutes may still go, even from a meeting under way: a case the table
# did not get to is then due again for the next meeting. A discussed item is the record
# of what the table said; actions and plan versions may point at it.
MINUTED_ITEM_STAYS = gettext_lazy(
    "Dit agendapunt is besproken en heeft een verslag: het blijft op de agenda als "
    "vastlegging van de bespreking."
)


@transaction.atomic
def remove_item(*, item: AgendaItem, actor: User) -> None:
    meeting = item.meeting
    _require_director(actor, meeting)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(
            _("Van een gehouden of geannuleerd overleg blijft de agenda zoals hij was."),
            code="not_planned",
        )
    if item.is_minuted:
        raise ValidationError(MINUTED_ITEM_STAYS, code="minuted")
    case, invited = item.case, list(item.invited_organisations.values_list("pk", flat=True))
    item.delete()
    for organisation_id in invited:
        _sync_invitation(case_id=case.pk, organisation_id=organisation_id)
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        case=case,
        obj=meeting,
        detail=_("Van de agenda gehaald"),
    )
    signals.invitations_changed.send(sender=Meeting, meeting=meeting)


@transaction.atomic
def move_item(*, item: AgendaItem, actor: User, up: bool) -> None:
    """Swap an item with its neighbour; positions are renumbered 1..n on the way."""
    meeting = item.meeting
    _require_director(actor, meeting)
    items = list(
        Meeting.objects.select_for_update().get(pk=meeting.pk).items.order_by("position", "pk")
    )
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        other.position = position
    AgendaItem.objects.bulk_update(items, ["position"])


# --- Running the meeting -----------------------------------------------------------------


@transaction.atomic
def record_minutes(
    *,
    item: AgendaItem,
    actor: User,
    beeldvorming: str,
    oordeelvorming: str,
    besluitvorming: str,
    expected_version: int | None = None,
    marking: Marking | None = None,
) -> AgendaItem:
    """The BOB minutes of one agenda item, perhaps marked vertrouwelijk (None: the marking
    stays as it is)."""
    meeting = item.meeting
    _require_director(actor, meeting)
    _require_open(meeting)
    _require_started(meeting, _("Het verslag"))
    claim_version(item, expected=expected_version, actor=actor, what=MINUTES)
    texts = {
        "beeldvorming": beeldvorming.strip(),
        "oordeelvorming": oordeelvorming.strip(),
        "besluitvorming": besluitvorming.strip(),
    }
    errors = {
        field: [_("Gebruik ten hoogste %(max)d tekens.") % {"max": MINUTES_MAX_LENGTH}]
        for field, text in texts.items()
        if len(text) > MINUTES_MAX_LENGTH
    }
    if not any(texts.values()):
        errors.setdefault("beeldvorming", []).append(
            _("Vul ten minste één onderdeel van het verslag in.")
        )
    if marking is not None:
        errors.update(marking_errors(actor=actor, case=item.case, marking=marking))
    if errors:
        raise ValidationError(errors)
    for field, text in texts.items():
        setattr(item, field, text)
    item.minuted_by, item.minuted_at = actor, timezone.now()
    item.save(update_fields=[*texts, "minuted_by", "minuted_at"])
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        case=item.case,
        persons=persons_in_case(item.case),
        obj=item,
        detail=_("Verslag (BOB) vastgelegd"),
    )
    if marking is not None:
        apply_marking(
            item=item,
            actor=actor,
            case=item.case,
            marking=marking,
            persons=persons_in_case(item.case),
        )
    return item


@transaction.atomic
def record_attendance(
    *,
    meeting: Meeting,
    actor: User,
    organisation: Organisation | None,
    mode: str,
    user: User | None = None,
    name: str = "",
    item: AgendaItem | None = None,
) -> Attendance:
    """Who took part, for which organisation, and how (remote participation counts)."""
    _require_director(actor, meeting)
    _require_open(meeting)
    _require_started(meeting, _("De aanwezigheid"))
    errors: dict[str, list[str]] = {}
    name = name.strip()
    if organisation is None:
        errors["organisation"] = [_("Kies de organisatie.")]
    elif organisation.region_id != meeting.table.region_id:
        errors["organisation"] = [_("Deze organisatie hoort niet bij de regio van de regietafel.")]
    if mode not in AttendanceMode.values:
        errors["mode"] = [_("Kies hoe is deelgenomen.")]
    if user is None and not name:
        errors["name"] = [_("Kies een gebruiker of vul een naam in.")]
    if len(name) > NAME_MAX_LENGTH:
        errors["name"] = [_("Gebruik ten hoogste %(max)d tekens.") % {"max": NAME_MAX_LENGTH}]
    if user is not None and organisation is not None and user.organisation_id != organisation.pk:
        errors["user"] = [_("Deze gebruiker werkt niet bij de gekozen organisatie.")]
    if item is not None and item.meeting_id != meeting.pk:
        errors["item"] = [_("Dit agendapunt hoort niet bij dit overleg.")]
    if errors:
        raise ValidationError(errors)
    assert organisation is not None  # refused above otherwise
    return Attendance.objects.create(
        meeting=meeting,
        organisation=organisation,
        user=user,
        name=name,
        mode=mode,
        item=item,
    )


@transaction.atomic
def remove_attendance(*, attendance: Attendance, actor: User) -> None:
    _require_director(actor, attendance.meeting)
    _require_open(attendance.meeting)
    attendance.delete()
