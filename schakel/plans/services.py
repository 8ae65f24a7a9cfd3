"""Writes on the plan van aanpak (PRODUCT.md section 9), one function per change.

Every change of the plan names the revision it was based on: the plan's version in the
shared mechanism of schakel.core.concurrency. The revision goes up in one conditional
UPDATE (``WHERE revision = expected``); when nobody else saved in the meantime exactly
one row changes, otherwise PlanConflict is raised and nothing is written. Two people
editing at once therefore never silently overwrite each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from schakel.access.confidentiality import apply_marking, marking_errors
from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import (
    ensure_processing_allowed,
    may_direct_case,
    may_update_intervention,
)
from schakel.cases.lifecycle import PLAN_EDITABLE_STATES, CaseState
from schakel.cases.models import Case, ParticipationReason
from schakel.cases.selectors import persons_in_case
from schakel.cases.services import sync_involvements, sync_regie_holders, transition_case
from schakel.core.concurrency import EditConflict, bump_version, claim_version
from schakel.core.confidentiality import NOT_CONFIDENTIAL, Marking
from schakel.meetings.models import AgendaItem, MeetingStatus
from schakel.meetings.services import has_started, not_started_message
from schakel.plans import signals
from schakel.plans.models import (
    DomainAnalysis,
    Goal,
    Intervention,
    InterventionUpdate,
    Plan,
    PlanVersion,
)
from schakel.plans.snapshot import plan_snapshot

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.cases.models import LifeDomain
    from schakel.meetings.models import Meeting
    from schakel.organisations.models import Organisation

# A plan exists from the moment the case is on a table.


class PlanConflict(EditConflict):
    """Someone else saved the plan after the form was opened; nothing was written."""

    def __init__(self, plan: Plan):
        super().__init__(plan, what=_("het plan"))


def _require_editable(*, actor: User, plan: Plan) -> None:
    case = plan.case
    if not may_direct_case(actor, case):
        raise PermissionDenied(_("Alleen de procesregisseur van deze casus wijzigt het plan."))
    if case.state not in PLAN_EDITABLE_STATES:
        raise ValidationError(
            _("Het plan van een casus met status ‘%(state)s’ kan niet meer worden gewijzigd.")
            % {"state": CaseState(case.state).label},
            code="wrong_state",
        )
    ensure_processing_allowed(case=case)


def _claim_revision(*, plan: Plan, expected_revision: int, actor: User) -> None:
    """Raise the revision by one, only if it is still the one the form was opened with."""
    try:
        claim_version(plan, expected=expected_revision, actor=actor, what=_("het plan"))
    except EditConflict:
        raise PlanConflict(plan) from None


def _log_change(*, actor: User, plan: Plan, obj: object, detail: str) -> None:
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        case=plan.case,
        persons=persons_in_case(plan.case),
        obj=obj,
        purpose=_("Plan van aanpak"),
        detail=detail,
    )


@transaction.atomic
def update_plan_general(
    *,
    plan: Plan,
    actor: User,
    expected_revision: int,
    main_goal: str,
    main_goal_domains: Iterable[LifeDomain],
    casusregisseur_organisation: Organisation | None,
    casusregisseur_name: str,
    non_compliance: str,
    monitoring: str,
    reporting_organisation: Organisation | None,
    reporting_frequency: str,
    next_evaluation_on: date | None,
    escalation_agreements: str,
) -> Plan:
    """The shared part of the plan: hoofddoel, casusregisseur, afspraken."""
    _require_editable(actor=actor, plan=plan)
    for field, organisation in (
        ("casusregisseur_organisation", casusregisseur_organisation),
        ("reporting_organisation", reporting_organisation),
    ):
        if organisation is not None and organisation.region_id != plan.case.region_id:
            raise ValidationError(
                {field: _("Kies een organisatie uit de regio van deze casus.")}, code="other_region"
            )
    _claim_revision(plan=plan, expected_revision=expected_revision, actor=actor)
    plan.main_goal = main_goal.strip()
    plan.casusregisseur_organisation = casusregisseur_organisation
    plan.casusregisseur_name = casusregisseur_name.strip()
    plan.non_compliance = non_compliance.strip()
    plan.monitoring = monitoring.strip()
    plan.reporting_organisation = reporting_organisation
    plan.reporting_frequency = reporting_frequency.strip()
    plan.next_evaluation_on = next_evaluation_on
    plan.escalation_agreements = escalation_agreements.strip()
    plan.save(update_fields=[field for field in GENERAL_FIELDS if field != "main_goal_domains"])
    plan.main_goal_domains.set(list(main_goal_domains))
    sync_regie_holders(case=plan.case)
    _log_change(actor=actor, plan=plan, obj=plan, detail=_("Algemeen deel gewijzigd"))
    return plan


GENERAL_FIELDS = (
    "main_goal",
    "main_goal_domains",
    "casusregisseur_organisation",
    "casusregisseur_name",
    "non_compliance",
    "monitoring",
    "reporting_organisation",
    "reporting_frequency",
    "next_evaluation_on",
    "escalation_agreements",
)


@transaction.atomic
def update_analyses(
    *,
    plan: Plan,
    actor: User,
    expected_revision: int,
    analyses: dict[LifeDomain, tuple[str, str]],
    markings: dict[LifeDomain, Marking] | None = None,
) -> None:
    """The analysis per leefgebied: for each domain its status and text, and perhaps its
    marking as vertrouwelijk (a domain without a marking here keeps the one it has)."""
    _require_editable(actor=actor, plan=plan)
    markings = markings or {}
    errors: dict[str, list[str]] = {}
    for domain, marking in markings.items():
        errors.update(
            marking_errors(
                actor=actor,
                case=plan.case,
                marking=marking,
                prefix=analysis_marking_prefix(domain),
            )
        )
    if errors:
        raise ValidationError(errors)
    _claim_revision(plan=plan, expected_revision=expected_revision, actor=actor)
    existing = {analysis.life_domain_id: analysis for analysis in plan.analyses.all()}
    new, changed = [], []
    for domain, (status, text) in analyses.items():
        analysis = existing.get(domain.pk)
        if analysis is None:
            new.append(
                DomainAnalysis(plan=plan, life_domain=domain, status=status, analysis=text.strip())
            )
        elif (analysis.status, analysis.analysis) != (status, text.strip()):
            analysis.status, analysis.analysis = status, text.strip()
            changed.append(analysis)
    DomainAnalysis.objects.bulk_create(new)
    DomainAnalysis.objects.bulk_update(changed, ["status", "analysis"])
    _log_change(actor=actor, plan=plan, obj=plan, detail=_("Analyse per leefgebied gewijzigd"))
    if markings:
        stored = {
            analysis.life_domain_id: analysis
            for analysis in plan.analyses.select_related("confidential_organisation")
            .prefetch_related("confidential_for")
            .filter(life_domain__in=list(markings))
        }
        persons = list(persons_in_case(plan.case))
        for domain, marking in markings.items():
            apply_marking(
                item=stored[domain.pk],
                actor=actor,
                case=plan.case,
                marking=marking,
                persons=persons,
            )


def analysis_marking_prefix(domain: LifeDomain | int) -> str:
    """The form-field prefix of one leefgebied's marking, so a refusal lands beside it."""
    return f"vertrouwelijk_{getattr(domain, 'pk', domain)}_"


@transaction.atomic
def save_goal(
    *,
    plan: Plan,
    actor: User,
    expected_revision: int,
    description: str,
    measure: str,
    life_domains: Iterable[LifeDomain],
    goal: Goal | None = None,
) -> Goal:
    """Add a subdoel (goal=None) or change one."""
    _require_editable(actor=actor, plan=plan)
    if goal is not None and goal.plan_id != plan.pk:
        raise ValidationError(_("Dit subdoel hoort niet bij dit plan."), code="other_plan")
    _claim_revision(plan=plan, expected_revision=expected_revision, actor=actor)
    if goal is None:
        position = (plan.goals.aggregate(last=Max("position"))["last"] or 0) + 1
        goal = Goal(plan=plan, position=position)
    elif not Goal.objects.filter(pk=goal.pk).exists():
        raise PlanConflict(plan)
    goal.description, goal.measure = description.strip(), measure.strip()
    goal.save()
    goal.life_domains.set(list(life_domains))
    _log_change(actor=actor, plan=plan, obj=goal, detail=_("Subdoel opgeslagen"))
    return goal


@transaction.atomic
def remove_goal(*, plan: Plan, actor: User, expected_revision: int, goal: Goal) -> None:
    _require_editable(actor=actor, plan=plan)
    if goal.plan_id != plan.pk:
        raise ValidationError(_("Dit subdoel hoort niet bij dit plan."), code="other_plan")
    _claim_revision(plan=plan, expected_revision=expected_revision, actor=actor)
    _log_change(actor=actor, plan=plan, obj=goal, detail=_("Subdoel verwijderd"))
    goal.delete()


def intervention_organisation_refusal(*, organisation: Organisation, case: Case) -> str | None:
    """Why this organisation cannot hold an intervention in this case, or None."""
    if organisation.region_id != case.region_id:
        return _("Kies een organisatie uit de regio van deze casus.")
    if not organisation.is_active:
        return _("Deze organisatie is niet actief.")
    if not organisation.has_signed_convenant:
        return _(
            "%(organisation)s heeft het convenant informatiedeling niet getekend en kan geen "
            "interventie houden."
        ) % {"organisation": organisation}
    return None


@transaction.atomic
def save_intervention(
    *,
    plan: Plan,
    actor: User,
    expected_revision: int,
    line: str,
    kader: str,
    description: str,
    organisation: Organisation,
    responsible_name: str,
    goal: Goal | None,
    starts_on: date | None,
    ends_on: date | None,
    status: str,
    intervention: Intervention | None = None,
) -> Intervention:
    """Add an intervention (intervention=None) or change one. Its holder takes part in the case."""
    _require_editable(actor=actor, plan=plan)
    errors: dict[str, str] = {}
    refusal = intervention_organisation_refusal(organisation=organisation, case=plan.case)
    if refusal:
        errors["organisation"] = refusal
    if goal is not None and goal.plan_id != plan.pk:
        errors["goal"] = _("Kies een subdoel van dit plan.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("De einddatum ligt vóór de startdatum.")
    if intervention is not None and intervention.plan_id != plan.pk:
        errors["__all__"] = _("Deze interventie hoort niet bij dit plan.")
    if errors:
        raise ValidationError(errors)
    _claim_revision(plan=plan, expected_revision=expected_revision, actor=actor)
    if intervention is None:
        position = (plan.interventions.aggregate(last=Max("position"))["last"] or 0) + 1
        intervention = Intervention(plan=plan, position=position)
    elif not Intervention.objects.filter(pk=intervention.pk).exists():
        raise PlanConflict(plan)
    intervention.line, intervention.kader = line, kader
    intervention.description = description.strip()
    intervention.organisation = organisation
    intervention.responsible_name = responsible_name.strip()
    intervention.goal = goal
    intervention.starts_on, intervention.ends_on = starts_on, ends_on
    intervention.status = status
    intervention.save()
    sync_intervention_holders(plan=plan)
    _log_change(actor=actor, plan=plan, obj=intervention, detail=_("Interventie opgeslagen"))
    return intervention


@transaction.atomic
def remove_intervention(
    *,
    plan: Plan,
    actor: User,
    expected_revision: int,
    intervention: Intervention,
) -> None:
    """Remove an intervention. Its holder's involvement ends unless it holds another one
    (what it read stays in the access log)."""
    _require_editable(actor=actor, plan=plan)
    if intervention.plan_id != plan.pk:
        raise ValidationError(_("Deze interventie hoort niet bij dit plan."), code="other_plan")
    _claim_revision(plan=plan, expected_revision=expected_revision, actor=actor)
    _log_change(actor=actor, plan=plan, obj=intervention, detail=_("Interventie verwijderd"))
    intervention.delete()
    sync_intervention_holders(plan=plan)


def sync_intervention_holders(*, plan: Plan) -> None:
    """The organisations holding an intervention of the plan are involved in the case, as
    long as they hold one."""
    sync_involvements(
        case=plan.case,
        reason=ParticipationReason.INTERVENTIE,
        organisation_ids=plan.interventions.values_list("organisation_id", flat=True),
    )


@transaction.atomic
def report_progress(
    *,
    intervention: Intervention,
    actor: User,
    status: str,
    text: str,
    marking: Marking | None = None,
) -> InterventionUpdate:
    """A partner reports on an intervention its own organisation holds; the status follows.
    The report may be marked vertrouwelijk (schakel.core.confidentiality)."""
    if not may_update_intervention(actor, intervention):
        raise PermissionDenied(
            _("Alleen de organisatie die deze interventie uitvoert, meldt de voortgang.")
        )
    marking = marking or NOT_CONFIDENTIAL
    case = intervention.plan.case
    errors = marking_errors(actor=actor, case=case, marking=marking)
    if not text.strip():
        errors["text"] = [_("Beschrijf de voortgang.")]
    if errors:
        raise ValidationError(errors)
    # A progress report adds to what is held on the hoofdpersoon (AVG art. 18).
    ensure_processing_allowed(case=case)
    update = InterventionUpdate.objects.create(
        intervention=intervention, by=actor, status=status, text=text.strip()
    )
    if marking.is_confidential:
        apply_marking(
            item=update,
            actor=actor,
            case=case,
            marking=marking,
            persons=persons_in_case(case),
        )
    Intervention.objects.filter(pk=intervention.pk).update(status=status)
    intervention.status = status
    # The status is part of the plan: an editor who opened the intervention before this
    # report must not overwrite it unseen, so the plan's revision moves on as well.
    bump_version(Plan, intervention.plan_id)
    plan = intervention.plan
    _log_change(actor=actor, plan=plan, obj=update, detail=_("Voortgang interventie gemeld"))
    return update


def agree_refusals(plan: Plan) -> list[str]:
    """What is missing before the plan can be agreed (empty: it can)."""
    missing = []
    if not plan.main_goal.strip():
        missing.append(_("Het plan heeft nog geen hoofddoel."))
    if not plan.goals.exists():
        missing.append(_("Het plan heeft nog geen subdoel."))
    if not plan.interventions.exists():
        missing.append(_("Het plan heeft nog geen interventie."))
    return missing


@transaction.atomic
def agree_plan(
    *,
    plan: Plan,
    actor: User,
    meeting: Meeting,
    expected_revision: int,
) -> PlanVersion:
    """Freeze the plan as agreed in a meeting of the case's table; the case goes in uitvoering."""
    _require_editable(actor=actor, plan=plan)
    case = plan.case
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.revision != expected_revision:
        raise PlanConflict(plan)
    if (
        meeting.table_id != case.table_id
        or not AgendaItem.objects.filter(meeting=meeting, case_id=case.pk).exists()
    ):
        raise ValidationError(
            {"meeting": _("Kies een overleg van de regietafel waarop deze casus is geagendeerd.")},
            code="other_meeting",
        )
    # The table agrees a plan in the meeting itself: not in one that has yet to begin
    # (an agreement recorded ahead of time is not one) nor in one that was cancelled.
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(
            {"meeting": _("Dit overleg is geannuleerd; daarin is niets vastgesteld.")},
            code="cancelled",
        )
    if not has_started(meeting):
        raise ValidationError(
            {"meeting": not_started_message(meeting, _("Een vastgesteld plan"))},
            code="not_started",
        )
    missing = agree_refusals(locked)
    if missing:
        raise ValidationError(missing, code="incomplete")
    last = locked.versions.aggregate(last=Max("number"))["last"] or 0
    version = PlanVersion.objects.create(
        plan=locked,
        number=last + 1,
        agreed_by=actor,
        meeting=meeting,
        based_on_revision=locked.revision,
        snapshot=plan_snapshot(locked),
    )
    if case.state == CaseState.GEAGENDEERD:
        transition_case(
            case=case,
            to_state=CaseState.IN_UITVOERING,
            actor=actor,
            reason=_("Plan van aanpak vastgesteld in overleg %(meeting)s (versie %(number)s)")
            % {"meeting": meeting, "number": version.number},
        )
    record_access(
        actor=actor,
        action=AccessAction.CREATE,
        case=case,
        persons=persons_in_case(case),
        obj=version,
        purpose=_("Plan van aanpak"),
        detail=_("Versie %(number)s vastgesteld") % {"number": version.number},
    )
    signals.plan_agreed.send(sender=PlanVersion, version=version)
    return version
