"""Writes of Volhouden and Opschalen (PRODUCT.md section 10).

Actions from meeting decisions, escalations to the tactical and strategic level, and the
Stappenmeter. Each write is one action function: views, commands and the demo data call
these, so the rules and the access log cannot be skipped.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import (
    active_involvements,
    can_see_case,
    case_readers,
    ensure_processing_allowed,
    may_cancel_action,
    may_complete_action,
    may_direct_case,
    may_receive_escalation,
    visible_agenda_items,
)
from schakel.accounts.roles import Role
from schakel.cases.lifecycle import OPEN_STATES, CaseState
from schakel.cases.models import ParticipationReason
from schakel.cases.services import sync_involvements
from schakel.core.concurrency import claim_version
from schakel.core.fields import max_length
from schakel.followup import signals
from schakel.followup.models import (
    Action,
    ActionStatus,
    Escalation,
    EscalationLevel,
    EscalationStatus,
    GoalScore,
    ProgressMeasurement,
)
from schakel.plans.models import Plan

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.cases.models import Case
    from schakel.meetings.models import AgendaItem
    from schakel.organisations.models import Organisation

SCORE_MIN, SCORE_MAX = 1, 5
# A reminder goes out the morning after the due date has passed.
REMINDER_HOUR = 8

DESCRIPTION_MAX = max_length(Action, "description")
RESULT_MAX = max_length(Action, "result")
QUESTION_MAX = max_length(Escalation, "question")
ADDRESSEE_MAX = max_length(Escalation, "addressee")
OUTCOME_MAX = max_length(Escalation, "outcome")
NOTE_MAX = max_length(ProgressMeasurement, "note")
BRIEFING_MAX = max_length(Escalation, "briefing")

# What a conflict message says was changed by someone else.
ACTION = gettext_lazy("deze actie")
ESCALATION = gettext_lazy("deze opschaling")


class _Errors:
    """Collects a Dutch message per field, then raises them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str | None) -> None:
        if message:
            self.errors.setdefault(field, []).append(message)

    def text(self, field: str, value: str, *, max_length: int | None, empty: str) -> None:
        if not (value or "").strip():
            self.add(field, empty)
        elif max_length is not None and len(value) > max_length:
            self.add(
                field,
                _("Gebruik ten hoogste %(max)d tekens (nu %(length)d).")
                % {"max": max_length, "length": len(value)},
            )

    def score(self, field: str, value: int | None, *, empty: str) -> None:
        if value is None:
            self.add(field, empty)
        elif not SCORE_MIN <= value <= SCORE_MAX:
            self.add(field, _("Geef een score van 1 tot en met 5."))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _require_direction(actor: User, case: Case, message: str) -> None:
    if not (can_see_case(actor, case) and may_direct_case(actor, case)):
        raise PermissionDenied(message)


def _case_open_error(case: Case) -> str | None:
    if case.state not in OPEN_STATES:
        return _("Voor een casus met status ‘%(state)s’ kan dit niet meer.") % {
            "state": CaseState(case.state).label
        }
    return None


def agenda_item_refusal(*, actor: User, case: Case, agenda_item: AgendaItem | None) -> str | None:
    """An action or measurement can only point at a visible item of the same case."""
    if agenda_item is None:
        return None
    if agenda_item.case_id != case.pk or not (
        visible_agenda_items(actor).filter(pk=agenda_item.pk).exists()
    ):
        return _("Dit agendapunt hoort niet bij deze casus.")
    return None


# --- Actions ------------------------------------------------------------------------------


def owner_organisation_refusal(
    *, actor: User, case: Case, organisation: Organisation
) -> str | None:
    """Why this organisation cannot own an action of this case, or None when it can."""
    if organisation.region_id != case.region_id:
        return _("%(organisation)s hoort niet bij de regio van deze casus.") % {
            "organisation": organisation
        }
    if not organisation.is_active:
        return _("%(organisation)s is niet meer actief.") % {"organisation": organisation}
    if not organisation.has_signed_convenant:
        return _("%(organisation)s heeft het convenant informatiedeling niet ondertekend.") % {
            "organisation": organisation
        }
    # Procesregie may take an action itself; any other owner must be involved in the case
    # now: giving an action never widens who sees the case.
    if organisation.pk == actor.organisation_id:
        return None
    if not active_involvements(organisation_id=organisation.pk, case_id=case.pk).exists():
        return _("Deze organisatie neemt niet deel aan de casus.")
    return None


def owner_user_refusal(*, case: Case, organisation: Organisation, owner: User) -> str | None:
    """Why this person cannot own an action of this case, or None when they can.

    Only someone who may open the case receives its content: a procesregisseur of the case,
    or a ketenpartner of the owner organisation (whose action makes it involved). A
    bestuurder, manager, privacy officer or beheerder never owns an action.
    """
    if owner.organisation_id != organisation.pk or not owner.is_active:
        return _("De eigenaar moet een actieve medewerker van %(organisation)s zijn.") % {
            "organisation": organisation
        }
    if owner.has_role(Role.KETENPARTNER) and organisation.has_signed_convenant:
        return None
    if case_readers(case).filter(pk=owner.pk).exists():
        return None
    return _(
        "%(owner)s kan deze casus niet inzien en kan daarom geen eigenaar van de actie zijn."
    ) % {"owner": owner}


def sync_action_holders(*, case: Case) -> None:
    """Organisations owning an action of the case that has not lapsed are involved in it."""
    sync_involvements(
        case=case,
        reason=ParticipationReason.ACTIE,
        organisation_ids=Action.objects.filter(case=case)
        .exclude(status=ActionStatus.CANCELLED)
        .values_list("owner_organisation_id", flat=True),
    )


def lapse_open_actions(*, case: Case, reason: str) -> int:
    """Let every open action of a case lapse, when the work on the case ends here (closed,
    or transferred to another region): nobody chases it or is reminded of it any more.
    The owners stay involved: they held the action while the case ran."""
    return Action.objects.filter(case=case, status=ActionStatus.OPEN).update(
        status=ActionStatus.CANCELLED, result=reason, completed_at=timezone.now()
    )


def reminder_moment(due_on: datetime.date) -> datetime.datetime:
    """08:00 local time on the day after the due date: the first moment it is overdue."""
    return timezone.make_aware(
        datetime.datetime.combine(due_on + datetime.timedelta(days=1), datetime.time(REMINDER_HOUR))
    )


@transaction.atomic
def create_action(
    *,
    actor: User,
    case: Case,
    description: str,
    owner_organisation: Organisation | None,
    owner_user: User | None,
    due_on: datetime.date | None,
    agenda_item: AgendaItem | None = None,
) -> Action:
    """Record an agreed action and schedule the reminder for the morning it is overdue."""
    _require_direction(actor, case, _("Alleen de procesregie legt acties vast."))
    errors = _Errors()
    errors.add("__all__", _case_open_error(case))
    errors.text(
        "description",
        description,
        max_length=DESCRIPTION_MAX,
        empty=_("Beschrijf de actie."),
    )
    if owner_organisation is None:
        errors.add("owner_organisation", _("Kies de organisatie die de actie uitvoert."))
    else:
        errors.add(
            "owner_organisation",
            owner_organisation_refusal(actor=actor, case=case, organisation=owner_organisation),
        )
        if owner_user is not None:
            errors.add(
                "owner_user",
                owner_user_refusal(case=case, organisation=owner_organisation, owner=owner_user),
            )
    if due_on is None:
        errors.add("due_on", _("Geef de datum waarop de actie uiterlijk gereed is."))
    elif due_on < timezone.localdate():
        errors.add("due_on", _("De uiterste datum ligt in het verleden. Kies vandaag of later."))
    errors.add("__all__", agenda_item_refusal(actor=actor, case=case, agenda_item=agenda_item))
    errors.raise_if_any()
    assert owner_organisation is not None and due_on is not None  # refused above otherwise
    # An action is new work on the hoofdpersoon: not while processing is restricted.
    ensure_processing_allowed(case=case)

    action = Action.objects.create(
        case=case,
        agenda_item=agenda_item,
        description=description.strip(),
        owner_organisation=owner_organisation,
        owner_user=owner_user,
        due_on=due_on,
        created_by=actor,
    )
    sync_action_holders(case=case)
    record_access(
        actor=actor,
        action=AccessAction.CREATE,
        case=case,
        obj=action,
        detail=_("Actie vastgelegd voor %(organisation)s") % {"organisation": owner_organisation},
    )
    # Deferred import: tasks imports this module's models and services.
    from schakel.followup.tasks import send_action_reminders

    # The worker fires this the morning after the due date; the command run from cron
    # (herinneringen_versturen) is the safety net. The task sends each reminder once.
    send_action_reminders.using(run_after=reminder_moment(due_on)).enqueue()
    return action


@transaction.atomic
def complete_action(
    *,
    actor: User,
    action: Action,
    result: str,
    expected_version: int | None = None,
) -> Action:
    # The version first: a form opened before someone else handled the action is a
    # conflict (with both texts shown), not a silent second write.
    claim_version(action, expected=expected_version, actor=actor, what=ACTION)
    locked = Action.objects.select_for_update().select_related("case").get(pk=action.pk)
    if not locked.is_open:
        raise ValidationError(_("Deze actie is al afgehandeld."))
    if not may_complete_action(user=actor, action=locked):
        raise PermissionDenied(_("U kunt deze actie niet gereed melden."))
    errors = _Errors()
    errors.text(
        "result", result, max_length=RESULT_MAX, empty=_("Beschrijf wat de actie heeft opgeleverd.")
    )
    errors.raise_if_any()
    locked.status = ActionStatus.DONE
    locked.result = result.strip()
    locked.completed_at = timezone.now()
    locked.save(update_fields=["status", "result", "completed_at"])
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        case=locked.case,
        obj=locked,
        detail=_("Actie gereed gemeld"),
    )
    return locked


@transaction.atomic
def cancel_action(
    *,
    actor: User,
    action: Action,
    reason: str,
    expected_version: int | None = None,
) -> Action:
    claim_version(action, expected=expected_version, actor=actor, what=ACTION)
    locked = Action.objects.select_for_update().select_related("case").get(pk=action.pk)
    if not locked.is_open:
        raise ValidationError(_("Deze actie is al afgehandeld."))
    if not may_cancel_action(user=actor, action=locked):
        raise PermissionDenied(_("Alleen de procesregie kan een actie laten vervallen."))
    errors = _Errors()
    errors.text(
        "result", reason, max_length=RESULT_MAX, empty=_("Geef aan waarom de actie vervalt.")
    )
    errors.raise_if_any()
    locked.status = ActionStatus.CANCELLED
    locked.result = reason.strip()
    locked.completed_at = timezone.now()
    locked.save(update_fields=["status", "result", "completed_at"])
    sync_action_holders(case=locked.case)
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        case=locked.case,
        obj=locked,
        detail=_("Actie vervallen"),
    )
    return locked


# --- Escalations --------------------------------------------------------------------------


@transaction.atomic
def raise_escalation(
    *,
    actor: User,
    case: Case,
    level: str,
    question: str,
    addressee: str,
    raised_on: datetime.date | None,
    addressed_to: User | None = None,
    briefing: str = "",
) -> Escalation:
    """Escalate a case; the strategic/bestuurlijk level only after the tactical one.

    Put to someone in Schakel (`addressed_to`), the escalation reaches them with the
    question and a briefing written for them; they answer without reading the case.
    """
    _require_direction(actor, case, _("Alleen de procesregie kan een casus opschalen."))
    errors = _Errors()
    errors.add("__all__", _case_open_error(case))
    if level not in EscalationLevel.values:
        errors.add("level", _("Kies het niveau waarnaar u opschaalt."))
    elif (
        level == EscalationLevel.STRATEGISCH
        and not Escalation.objects.filter(case=case, level=EscalationLevel.TACTISCH).exists()
    ):
        errors.add(
            "level",
            _(
                "Schaal eerst op naar het tactische niveau; strategisch of bestuurlijk "
                "opschalen kan pas daarna."
            ),
        )
    errors.text(
        "question",
        question,
        max_length=QUESTION_MAX,
        empty=_("Formuleer de vraag die op dit niveau moet worden beantwoord."),
    )
    errors.text(
        "addressee",
        addressee,
        max_length=ADDRESSEE_MAX,
        empty=_("Geef aan aan wie de vraag wordt voorgelegd."),
    )
    if raised_on is None:
        errors.add("raised_on", _("Geef de datum van de opschaling."))
    elif raised_on > timezone.localdate():
        errors.add("raised_on", _("De datum ligt in de toekomst. Kies vandaag of eerder."))
    if addressed_to is not None:
        if not may_receive_escalation(addressed_to, case):
            errors.add(
                "addressed_to",
                _("Kies een bestuurder of manager van deze regio om de vraag aan voor te leggen."),
            )
        errors.text(
            "briefing",
            briefing,
            max_length=BRIEFING_MAX,
            empty=_(
                "Schrijf de toelichting voor de geadresseerde: wat moet die weten om de vraag "
                "te beantwoorden? Zonder namen of BSN; de casus zelf ziet die niet."
            ),
        )
    elif len(briefing) > BRIEFING_MAX:
        errors.add("briefing", _("Gebruik ten hoogste %(max)d tekens.") % {"max": BRIEFING_MAX})
    errors.raise_if_any()
    assert raised_on is not None  # refused above otherwise
    escalation = Escalation.objects.create(
        case=case,
        level=level,
        question=question.strip(),
        addressee=addressee.strip(),
        raised_on=raised_on,
        raised_by=actor,
        addressed_to=addressed_to,
        briefing=briefing.strip() if addressed_to is not None else "",
    )
    signals.escalation_addressed.send(sender=Escalation, escalation=escalation)
    record_access(
        actor=actor,
        action=AccessAction.CREATE,
        case=case,
        obj=escalation,
        detail=_("Opgeschaald naar niveau %(level)s") % {"level": escalation.get_level_display()},
    )
    return escalation


@transaction.atomic
def answer_escalation(*, actor: User, escalation: Escalation, answer: str) -> Escalation:
    """The addressee answers the question put to them; procesregie hears of it."""
    locked = Escalation.objects.select_for_update().select_related("case").get(pk=escalation.pk)
    if locked.addressed_to_id != actor.pk:
        raise PermissionDenied(_("Deze opschaling is niet aan u voorgelegd."))
    if locked.status != EscalationStatus.LOPEND or locked.answered_at is not None:
        raise ValidationError(_("Deze opschaling is al beantwoord of afgerond."))
    errors = _Errors()
    errors.text("answer", answer, max_length=OUTCOME_MAX, empty=_("Geef uw antwoord op de vraag."))
    errors.raise_if_any()
    locked.answer = answer.strip()
    locked.answered_at = timezone.now()
    locked.save(update_fields=["answer", "answered_at"])
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        case=locked.case,
        obj=locked,
        detail=_("Opschaling beantwoord door de geadresseerde"),
    )
    signals.escalation_answered.send(sender=Escalation, escalation=locked)
    return locked


@transaction.atomic
def resolve_escalation(
    *,
    actor: User,
    escalation: Escalation,
    outcome: str,
    resolved_on: datetime.date | None,
    expected_version: int | None = None,
) -> Escalation:
    claim_version(escalation, expected=expected_version, actor=actor, what=ESCALATION)
    locked = Escalation.objects.select_for_update().select_related("case").get(pk=escalation.pk)
    _require_direction(actor, locked.case, _("Alleen de procesregie rondt een opschaling af."))
    if locked.status != EscalationStatus.LOPEND:
        raise ValidationError(_("Deze opschaling is al afgerond."))
    errors = _Errors()
    errors.text(
        "outcome",
        outcome,
        max_length=OUTCOME_MAX,
        empty=_("Beschrijf de uitkomst van de opschaling."),
    )
    if resolved_on is None:
        errors.add("resolved_on", _("Geef de datum waarop de opschaling is afgerond."))
    elif resolved_on > timezone.localdate():
        errors.add("resolved_on", _("De datum ligt in de toekomst. Kies vandaag of eerder."))
    elif resolved_on < locked.raised_on:
        errors.add(
            "resolved_on", _("De opschaling kan niet zijn afgerond vóór de datum van opschalen.")
        )
    errors.raise_if_any()
    locked.outcome = outcome.strip()
    locked.resolved_on = resolved_on
    locked.status = EscalationStatus.AFGEROND
    locked.save(update_fields=["outcome", "resolved_on", "status"])
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        case=locked.case,
        obj=locked,
        detail=_("Opschaling afgerond"),
    )
    return locked


# --- Stappenmeter -------------------------------------------------------------------------


def goal_field_name(goal_pk: int) -> str:
    return f"doel_{goal_pk}"


@transaction.atomic
def record_measurement(
    *,
    actor: User,
    case: Case,
    measured_on: datetime.date | None,
    cooperation: int | None,
    main_goal_score: int | None,
    goal_scores: dict[int, int | None],
    note: str = "",
    agenda_item: AgendaItem | None = None,
) -> ProgressMeasurement:
    """One Stappenmeter reading: cooperation, hoofddoel and every subdoel scored 1–5."""
    _require_direction(actor, case, _("Alleen de procesregie legt de Stappenmeter vast."))
    plan = Plan.objects.filter(case=case).first()
    errors = _Errors()
    errors.add("__all__", _case_open_error(case))
    if plan is None:
        errors.add("__all__", _("Deze casus heeft nog geen plan van aanpak om te meten."))
        errors.raise_if_any()
    assert plan is not None  # refused just above otherwise
    if measured_on is None:
        errors.add("measured_on", _("Geef de datum van de evaluatie."))
    elif measured_on > timezone.localdate():
        errors.add(
            "measured_on", _("De evaluatiedatum ligt in de toekomst. Kies vandaag of eerder.")
        )
    elif measured_on < (opened := timezone.localdate(case.created_at)):
        # A reading of a case before it existed is a typo (often the year); it would put a
        # point years back on the chart.
        errors.add(
            "measured_on",
            _(
                "De evaluatiedatum ligt vóór de casus bestond (aangemaakt op %(date)s). "
                "Kies die dag of later."
            )
            % {"date": date_format(opened, "j F Y")},
        )
    errors.score(
        "cooperation", cooperation, empty=_("Geef de kwaliteit van de samenwerking een score.")
    )
    errors.score("main_goal_score", main_goal_score, empty=_("Geef het hoofddoel een score."))
    goal_pks = list(plan.goals.values_list("pk", flat=True))
    for goal_pk in goal_pks:
        errors.score(
            goal_field_name(goal_pk),
            goal_scores.get(goal_pk),
            empty=_("Geef dit subdoel een score."),
        )
    if set(goal_scores) - set(goal_pks):
        errors.add("__all__", _("Score alleen de subdoelen van het plan van deze casus."))
    if len(note or "") > NOTE_MAX:
        errors.add(
            "note",
            _("Gebruik ten hoogste %(max)d tekens (nu %(length)d).")
            % {"max": NOTE_MAX, "length": len(note)},
        )
    errors.add("__all__", agenda_item_refusal(actor=actor, case=case, agenda_item=agenda_item))
    errors.raise_if_any()
    # Every score was required above, so none of these is None any more.
    assert measured_on is not None and cooperation is not None and main_goal_score is not None
    scores = {pk: score for pk in goal_pks if (score := goal_scores.get(pk)) is not None}
    measurement = ProgressMeasurement.objects.create(
        case=case,
        measured_on=measured_on,
        agenda_item=agenda_item,
        cooperation=cooperation,
        main_goal_score=main_goal_score,
        note=(note or "").strip(),
        by=actor,
    )
    GoalScore.objects.bulk_create(
        GoalScore(measurement=measurement, goal_id=pk, score=score) for pk, score in scores.items()
    )
    record_access(
        actor=actor,
        action=AccessAction.CREATE,
        case=case,
        obj=measurement,
        detail=_("Stappenmeter vastgelegd"),
    )
    return measurement
