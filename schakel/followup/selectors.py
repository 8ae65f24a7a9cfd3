"""Reads of Volhouden and Opschalen, always through the access policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Case as Conditional
from django.db.models import IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from schakel.access.policy import (
    CASE_READING_REASONS,
    PlanScope,
    case_readers,
    convenant_partners,
    directed_table_ids,
    may_direct_case,
    plan_scope,
    visible_actions,
    visible_agenda_items,
    visible_cases,
)
from schakel.access.rules import ESCALATION_ADDRESSEE_ROLES
from schakel.accounts.roles import Role
from schakel.cases.models import CaseParticipant
from schakel.followup.models import (
    Action,
    ActionStatus,
    Escalation,
    EscalationStatus,
    ProgressMeasurement,
)
from schakel.organisations.models import Organisation
from schakel.plans.models import Goal, Plan

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.cases.models import Case
    from schakel.meetings.models import AgendaItem


class ActionFilter:
    OPEN = "open"
    OVERDUE = "te_laat"
    ALL = "alle"
    CHOICES = (OPEN, OVERDUE, ALL)


def directed_cases(user: User) -> QuerySet[Case]:
    """Visible cases on the tables this user directs (candidate for schakel.access.policy)."""
    if not user.has_role(Role.PROCESREGISSEUR):
        return visible_cases(user).none()
    return visible_cases(user).filter(table__in=sorted(directed_table_ids(user)))


def action_list(*, user: User, status_filter: str = ActionFilter.OPEN) -> QuerySet[Action]:
    """'Mijn acties': the actions the policy lets this user see, overdue first."""
    actions = visible_actions(user).select_related("case", "owner_organisation", "owner_user")
    today = timezone.localdate()
    if status_filter == ActionFilter.OPEN:
        actions = actions.filter(status=ActionStatus.OPEN)
    elif status_filter == ActionFilter.OVERDUE:
        actions = actions.filter(status=ActionStatus.OPEN, due_on__lt=today)
    return actions.annotate(
        open_first=Conditional(
            When(status=ActionStatus.OPEN, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("open_first", "due_on", "pk")


def get_visible_action(*, user: User, pk: int) -> Action:
    action = (
        visible_actions(user)
        .select_related("case", "owner_organisation", "owner_user", "agenda_item__meeting")
        .filter(pk=pk)
        .first()
    )
    if action is None:
        raise Http404(_("Deze actie bestaat niet of u heeft er geen toegang toe."))
    return action


def get_directed_escalation(*, user: User, pk: int) -> Escalation:
    """An escalation of a case the user may see (404 otherwise)."""
    escalation = (
        Escalation.objects.filter(case__in=visible_cases(user).values("pk"), pk=pk)
        .select_related("case")
        .first()
    )
    if escalation is None:
        raise Http404(_("Deze opschaling bestaat niet of u heeft er geen toegang toe."))
    return escalation


def addressed_escalations(*, user: User) -> QuerySet[Escalation]:
    """Escalations put to this user in Schakel, open ones first."""
    if not user.is_authenticated:
        return Escalation.objects.none()
    return (
        Escalation.objects.filter(addressed_to_id=user.pk, status=EscalationStatus.LOPEND)
        .select_related("case", "raised_by", "raised_by__organisation")
        .order_by("raised_on", "pk")
    )


def get_addressed_escalation(*, user: User, pk: int) -> Escalation:
    """An escalation put to this user (404 for anyone else: its existence is not theirs)."""
    escalation = (
        Escalation.objects.filter(pk=pk, addressed_to_id=user.pk)
        .select_related("case", "raised_by", "raised_by__organisation")
        .first()
        if user.is_authenticated
        else None
    )
    if escalation is None:
        raise Http404(_("Deze opschaling bestaat niet of is niet aan u voorgelegd."))
    return escalation


def get_agenda_item_for_case(*, user: User, case: Case, pk: str | None) -> AgendaItem | None:
    """The ?agendapunt= item, only when it is a visible item of this case; else 404."""
    if not pk:
        return None
    try:
        item_pk = int(pk)
    except (TypeError, ValueError):
        raise Http404(_("Dit agendapunt bestaat niet.")) from None
    item = (
        visible_agenda_items(user)
        .filter(pk=item_pk, case_id=case.pk)
        .select_related("meeting", "meeting__table")
        .first()
    )
    if item is None:
        raise Http404(_("Dit agendapunt bestaat niet of hoort niet bij deze casus."))
    return item


def owner_organisations(*, case: Case, user: User) -> QuerySet[Organisation]:
    """Who can own an action: active convenant partners of the region involved in the case
    now, and the procesregisseur's own organisation."""
    involved = CaseParticipant.objects.filter(
        case_id=case.pk, reason__in=CASE_READING_REASONS, ended_at__isnull=True
    ).values("organisation_id")
    return convenant_partners(region_id=case.region_id).filter(
        Q(pk__in=involved) | Q(pk=user.organisation_id)
    )


def owner_user_candidates(*, case: Case, organisations: list[Organisation]) -> QuerySet[User]:
    """The people who can own an action of the case: those who may open it, or will once
    their organisation owns the action (ketenpartners of an offered partner)."""
    from schakel.accounts.models import User

    partner_ids = [o.pk for o in organisations if o.has_signed_convenant]
    return (
        User.objects.filter(
            Q(pk__in=case_readers(case).values("pk"))
            | Q(organisation_id__in=partner_ids, role_assignments__role=Role.KETENPARTNER),
            organisation__in=[o.pk for o in organisations],
            is_active=True,
        )
        .distinct()
        .select_related("organisation")
        .order_by("organisation__name", "last_name", "first_name")
    )


def escalation_addressees(*, case: Case) -> QuerySet[User]:
    """Who an escalation of this case can be put to in Schakel."""
    from schakel.accounts.models import User

    return (
        User.objects.filter(
            organisation__region_id=case.region_id,
            is_active=True,
            role_assignments__role__in=ESCALATION_ADDRESSEE_ROLES,
        )
        .distinct()
        .select_related("organisation")
        .order_by("organisation__name", "last_name", "first_name")
    )


def plan_goals(*, case: Case) -> tuple[Plan | None, list[Goal]]:
    plan = Plan.objects.filter(case_id=case.pk).first()
    if plan is None:
        return None, []
    return plan, list(plan.goals.order_by("position", "pk"))


# --- The Stappenmeter trend ----------------------------------------------------------------

CHART_WIDTH = 640
CHART_HEIGHT = 240
CHART_LEFT = 48
CHART_RIGHT = 16
CHART_TOP = 16
CHART_BOTTOM = 40
# Colour and dash both differ, so the lines are told apart without colour (WCAG 1.4.1).
SERIES_STYLES = [
    ("#1f4e79", ""),
    ("#b35900", "8 4"),
    ("#2e7d32", "2 4"),
    ("#6a1b9a", "12 4 2 4"),
    ("#c62828", "4 4"),
    ("#00695c", "16 6"),
    ("#455a64", "1 3"),
]


@dataclass
class TrendSeries:
    label: str
    colour: str
    dash: str
    points: str
    dots: list[tuple[float, float, int]]


@dataclass
class TrendRow:
    measurement: ProgressMeasurement
    goal_scores: list[int | None]


@dataclass
class Trend:
    goals: list[Goal]
    rows: list[TrendRow]
    series: list[TrendSeries] = field(default_factory=list)
    y_ticks: list[tuple[int, float]] = field(default_factory=list)
    x_labels: list[tuple[str, float]] = field(default_factory=list)
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    left: int = CHART_LEFT
    right_edge: int = CHART_WIDTH - CHART_RIGHT
    bottom_edge: int = CHART_HEIGHT - CHART_BOTTOM


def _x(index: int, count: int) -> float:
    span = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    if count <= 1:
        return CHART_LEFT + span / 2
    return round(CHART_LEFT + span * index / (count - 1), 1)


def _y(score: int) -> float:
    span = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    return round(CHART_TOP + span * (5 - score) / 4, 1)


def stappenmeter_trend(*, case: Case, goals: list[Goal]) -> Trend:
    """Every measurement with all its scores, and the lines of a server-drawn chart."""
    measurements = list(
        ProgressMeasurement.objects.filter(case_id=case.pk)
        .prefetch_related("scores")
        .order_by("measured_on", "pk")
    )
    rows = []
    for measurement in measurements:
        by_goal = {score.goal_id: score.score for score in measurement.scores.all()}
        rows.append(TrendRow(measurement, [by_goal.get(goal.pk) for goal in goals]))
    trend = Trend(goals=goals, rows=rows)
    count = len(rows)
    trend.y_ticks = [(score, _y(score)) for score in range(1, 6)]
    # Short Dutch dates ("3 mrt") fit under the axis; the year only when the readings
    # span more than one year. The table below the chart gives the full dates.
    years = {row.measurement.measured_on.year for row in rows}
    label_format = "j b" if len(years) <= 1 else "j b Y"
    trend.x_labels = [
        (date_format(row.measurement.measured_on, label_format), _x(index, count))
        for index, row in enumerate(rows)
    ]
    lines: list[tuple[str, list[int | None]]] = [
        (_("Samenwerking"), [row.measurement.cooperation for row in rows]),
        (_("Hoofddoel"), [row.measurement.main_goal_score for row in rows]),
    ]
    lines += [
        (_("Subdoel %(number)d") % {"number": number}, [row.goal_scores[i] for row in rows])
        for i, number in enumerate(range(1, len(goals) + 1))
    ]
    for index, (label, scores) in enumerate(lines):
        colour, dash = SERIES_STYLES[index % len(SERIES_STYLES)]
        dots = [
            (_x(position, count), _y(score), score)
            for position, score in enumerate(scores)
            if score is not None
        ]
        trend.series.append(
            TrendSeries(
                label=label,
                colour=colour,
                dash=dash,
                points=" ".join(f"{x},{y}" for x, y, _score in dots),
                dots=dots,
            )
        )
    return trend


# --- The section on the case page ----------------------------------------------------------


@dataclass
class ActionRow:
    action: Action
    may_complete: bool
    may_cancel: bool


@dataclass
class FollowupSection:
    may_direct: bool
    actions: list[ActionRow]
    shows_table_part: bool
    escalations: list[Escalation]
    has_plan: bool
    trend: Trend | None


def case_followup_section(*, user: User, case: Case) -> FollowupSection | None:
    """Actions, escalations and Stappenmeter of this case, as far as the user may see them.

    Actions as visible_actions allows (a partner: its own); escalations and the trend for
    procesregie and the partners at the table. None hides the section.
    """
    scope = plan_scope(user, case)
    directs = scope == PlanScope.REGIE and may_direct_case(user, case)
    actions = list(
        visible_actions(user)
        .filter(case_id=case.pk)
        .select_related("owner_organisation", "owner_user", "case")
        .order_by("status", "due_on", "pk")
    )
    at_table = scope in (PlanScope.REGIE, PlanScope.TAFEL)
    if not actions and not at_table:
        return None
    escalations: list[Escalation] = []
    trend = None
    plan = None
    if at_table:
        escalations = list(
            Escalation.objects.filter(case_id=case.pk).select_related("raised_by", "addressed_to")
        )
        plan, goals = plan_goals(case=case)
        if plan is not None:
            trend = stappenmeter_trend(case=case, goals=goals)
    return FollowupSection(
        may_direct=directs,
        actions=[
            ActionRow(
                action,
                action.is_open
                and (directs or action.owner_organisation_id == user.organisation_id),
                directs and action.is_open,
            )
            for action in actions
        ],
        shows_table_part=at_table,
        escalations=escalations,
        has_plan=plan is not None,
        trend=trend,
    )
