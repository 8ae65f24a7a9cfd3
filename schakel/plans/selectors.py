"""Reads of the plan van aanpak, always through the access policy."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from schakel.access.policy import (
    PlanScope,
    get_visible_case,
    may_edit_plan,
    may_read_confidential,
    partner_organisation_id,
    plan_scope,
    visible_meetings,
)
from schakel.accounts.roles import Role
from schakel.cases.models import LifeDomain
from schakel.core.confidentiality import ConfidentialMark, prefetch_markings
from schakel.plans.models import (
    DomainAnalysis,
    Goal,
    Intervention,
    InterventionUpdate,
    Plan,
    PlanVersion,
)

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.cases.models import Case
    from schakel.meetings.models import Meeting


def get_case_with_plan_scope(*, user: User, case_pk: int) -> tuple[Case, str]:
    """The case and how much of its plan the user sees; 404 for anyone without plan access."""
    case = get_visible_case(user, case_pk)
    scope = plan_scope(user, case)
    if scope is None:
        raise Http404(_("Deze casus bestaat niet of u heeft er geen toegang toe."))
    return case, scope


def plan_of_case(*, case: Case) -> Plan | None:
    plan = (
        Plan.objects.select_related(
            "casusregisseur_organisation", "reporting_organisation", "updated_by"
        )
        .filter(case_id=case.pk)
        .first()
    )
    if plan is not None:
        plan.case = case
    return plan


@dataclass
class InterventionRow:
    intervention: Intervention
    own: bool
    # None: the user may not read this intervention's progress reports.
    updates: list[InterventionUpdate] | None


@dataclass
class PlanPage:
    case: Case
    scope: str
    plan: Plan | None
    may_edit: bool
    analyses: list[DomainAnalysis] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    interventions: list[InterventionRow] = field(default_factory=list)
    versions: list[PlanVersion] = field(default_factory=list)
    main_goal_domains: list[LifeDomain] = field(default_factory=list)

    @property
    def shows_analysis(self) -> bool:
        return self.scope != PlanScope.EIGEN

    @property
    def latest_version(self) -> PlanVersion | None:
        return self.versions[0] if self.versions else None


def plan_page(*, user: User, case: Case, scope: str) -> PlanPage:
    """The plan as this user may see it, in a fixed number of queries. Reads only: the
    plan is created when the case is put on a table (triage.services.decide_triage)."""
    plan = plan_of_case(case=case)
    page = PlanPage(
        case=case,
        scope=scope,
        plan=plan,
        may_edit=plan is not None
        and scope == PlanScope.REGIE
        and may_edit_plan(user=user, case=case),
    )
    if plan is None:
        return page
    page.main_goal_domains = list(plan.main_goal_domains.all())
    if page.shows_analysis:
        page.analyses = list(
            plan.analyses.select_related(
                "life_domain", "confidential_organisation", "confidential_contact"
            )
        )
        prefetch_markings(page.analyses)
    page.goals = list(plan.goals.prefetch_related("life_domains"))
    own_organisation = partner_organisation_id(user)
    intervention_rows = plan.interventions.select_related("organisation", "goal")
    if scope == PlanScope.EIGEN:
        # A user without a partner organisation has no interventions of its own.
        intervention_rows = intervention_rows.filter(organisation_id=own_organisation or 0)
    interventions = list(intervention_rows)
    readable = [
        item.pk
        for item in interventions
        if scope == PlanScope.REGIE or item.organisation_id == own_organisation
    ]
    updates: dict[int, list[InterventionUpdate]] = defaultdict(list)
    if readable:
        found = list(
            InterventionUpdate.objects.filter(intervention_id__in=readable).select_related(
                "by", "by__organisation", "confidential_organisation", "confidential_contact"
            )
        )
        prefetch_markings(found)
        for update in found:
            updates[update.intervention_id].append(update)
    page.interventions = [
        InterventionRow(
            intervention=item,
            own=own_organisation is not None and item.organisation_id == own_organisation,
            updates=updates[item.pk] if item.pk in readable else None,
        )
        for item in interventions
    ]
    page.versions = list(plan.versions.select_related("meeting", "meeting__table", "agreed_by"))
    return page


def life_domains() -> QuerySet[LifeDomain]:
    return LifeDomain.objects.order_by("position", "name")


def task_recipients(organisation_ids: Iterable[int]) -> dict[int, list[User]]:
    """Per organisation, who receives its tasks in a case: its active ketenpartners, the
    only people who can open the case for it and report progress. An organisation without
    any (a gemeente with only a bestuurder in Schakel) may still hold an intervention or
    an action, but nobody there will act on it, so the forms warn. One query."""
    from schakel.accounts.models import User

    people = (
        User.objects.filter(
            organisation_id__in=organisation_ids,
            is_active=True,
            role_assignments__role=Role.KETENPARTNER,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
    found: dict[int, list[User]] = defaultdict(list)
    for person in people:
        if person.organisation_id is not None:  # filtered on it above
            found[person.organisation_id].append(person)
    return found


def holder_label(organisation, recipients: dict[int, list]) -> str:
    """An organisation in a choice list, marked when nobody there can receive its tasks."""
    if recipients.get(organisation.pk):
        return str(organisation)
    return _("%(organisation)s (geen medewerker voor casussen)") % {"organisation": organisation}


def no_recipients_message(organisation) -> str:
    return _(
        "%(organisation)s heeft geen actieve medewerker die in casussen werkt (rol "
        "ketenpartner): niemand daar ontvangt de taken of kan de voortgang melden. Vraag de "
        "functioneel beheerder iemand toegang te geven, of kies een andere organisatie."
    ) % {"organisation": organisation}


def agree_meetings(*, user: User, case: Case) -> QuerySet[Meeting]:
    """Meetings of the case's table with the case on the agenda, that the user may see."""
    if case.table_id is None:
        return visible_meetings(user).none()
    return (
        visible_meetings(user)
        .filter(table_id=case.table_id, items__case_id=case.pk)
        .select_related("table")
        .distinct()
        .order_by("-starts_at")
    )


def versions_of(*, plan: Plan) -> list[PlanVersion]:
    return list(plan.versions.select_related("meeting", "meeting__table", "agreed_by"))


def get_version(*, plan: Plan | None, number: int) -> PlanVersion:
    version = (
        PlanVersion.objects.select_related("meeting", "meeting__table", "agreed_by")
        .filter(plan=plan, number=number)
        .first()
        if plan is not None
        else None
    )
    if version is None:
        raise Http404(_("Deze versie van het plan bestaat niet."))
    return version


def interventions_of_plan(*, plan: Plan) -> QuerySet[Intervention]:
    return plan.interventions.select_related("organisation", "goal")


def get_goal(*, plan: Plan, pk: int) -> Goal:
    goal = plan.goals.filter(pk=pk).first()
    if goal is None:
        raise Http404(_("Dit subdoel bestaat niet (meer)."))
    return goal


def get_intervention(*, plan: Plan, pk: int) -> Intervention:
    intervention = plan.interventions.select_related("organisation", "goal").filter(pk=pk).first()
    if intervention is None:
        raise Http404(_("Deze interventie bestaat niet (meer)."))
    intervention.plan = plan
    return intervention


def _readable_analysis(item: dict, user: User) -> dict:
    mark = ConfidentialMark.from_json(item.get("confidential"))
    if may_read_confidential(user, mark):
        return {**item, "mark": mark}
    # The text never leaves the selector: pages, comparison and PDF get the placeholder.
    return {**item, "analysis": "", "mark": mark, "withheld": True}


def scoped_snapshot(snapshot: dict, *, scope: str, organisation_id: int | None, user: User) -> dict:
    """A version as this user may read it: EIGEN reads the shared part and its own
    interventions only, never the analysis per leefgebied; an analysis marked vertrouwelijk
    for others keeps its leefgebied and status but not its text."""
    if scope != PlanScope.EIGEN:
        scoped = dict(snapshot)
        scoped["analyses"] = [
            _readable_analysis(item, user) for item in snapshot.get("analyses", [])
        ]
        return scoped
    scoped = dict(snapshot)
    scoped["analyses"] = []
    scoped["interventions"] = [
        item for item in snapshot["interventions"] if item.get("organisation_id") == organisation_id
    ]
    return scoped


@dataclass(frozen=True)
class PlanSection:
    plan: Plan | None
    main_goal: str
    latest_version: PlanVersion | None
    next_evaluation_on: date | None


def case_plan_section(*, user: User, case: Case) -> PlanSection | None:
    """The plan van aanpak summary of this case for the user's plan scope. None hides the section."""
    scope = plan_scope(user, case)
    if scope is None:
        return None
    plan = Plan.objects.filter(case_id=case.pk).first()
    if plan is None:
        return PlanSection(
            plan=None,
            main_goal="",
            latest_version=None,
            next_evaluation_on=None,
        )
    return PlanSection(
        plan=plan,
        main_goal=plan.main_goal,
        latest_version=plan.versions.order_by("-number").first(),
        next_evaluation_on=plan.next_evaluation_on,
    )
