import datetime

import pytest
from django.utils import timezone

from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case, LifeDomain, ParticipationReason
from schakel.cases.services import add_participant, transition_case
from schakel.meetings.models import AgendaItem, AgendaSource, Meeting
from schakel.plans import services
from schakel.plans.models import Plan
from tests.factories import UserFactory


@pytest.fixture
def plan_case(case, table, procesregisseur, politie):
    """The police melding, triaged onto the table; the police sit at the table."""
    Case.objects.filter(pk=case.pk).update(table=table, procesregisseur=procesregisseur)
    case.table, case.procesregisseur = table, procesregisseur
    transition_case(case=case, to_state=CaseState.IN_TRIAGE, actor=procesregisseur, reason="Triage")
    transition_case(
        case=case, to_state=CaseState.GEAGENDEERD, actor=procesregisseur, reason="Agenderen"
    )
    add_participant(case=case, organisation=politie, reason=ParticipationReason.UITGENODIGD)
    return case


@pytest.fixture
def meeting(table, plan_case):
    """The sitting in which the plan is agreed: it began an hour ago."""
    starts_at = timezone.now() - datetime.timedelta(hours=1)
    meeting = Meeting.objects.create(
        table=table, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=3)
    )
    AgendaItem.objects.create(
        meeting=meeting,
        case=plan_case,
        source=AgendaSource.TRIAGE,
        purpose="Eén gezamenlijk plan van aanpak",
    )
    return meeting


@pytest.fixture
def plan(plan_case):
    plan = Plan.objects.create(case=plan_case)
    plan.case = plan_case
    return plan


@pytest.fixture
def second_procesregisseur(zvh, table):
    user = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR], first_name="Sanne")
    table.procesregisseurs.add(user)
    return user


def fill_general(plan, by, main_goal="Wonen en zorg op orde; geen nieuwe incidenten"):
    return services.update_plan_general(
        plan=plan,
        actor=by,
        expected_revision=plan.revision,
        main_goal=main_goal,
        main_goal_domains=LifeDomain.objects.filter(code__in=["wonen", "psychisch"]),
        casusregisseur_organisation=None,
        casusregisseur_name="",
        non_compliance="Bij niet-naleving volgt een gesprek met de officier van justitie.",
        monitoring="Maandelijks overzicht van incidenten.",
        reporting_organisation=None,
        reporting_frequency="elke vier weken",
        next_evaluation_on=datetime.date(2030, 3, 1),
        escalation_agreements="",
    )


def add_goal(plan, by, description="Vaste woonplek binnen drie maanden"):
    return services.save_goal(
        plan=plan,
        actor=by,
        expected_revision=plan.revision,
        description=description,
        measure="Huurcontract getekend",
        life_domains=LifeDomain.objects.filter(code="wonen"),
    )


def add_intervention(plan, by, organisation, description="Behandeling bij de FACT-poli", goal=None):
    return services.save_intervention(
        plan=plan,
        actor=by,
        expected_revision=plan.revision,
        line="zorg",
        kader="drang",
        description=description,
        organisation=organisation,
        responsible_name="J. de Vries",
        goal=goal,
        starts_on=datetime.date(2030, 1, 1),
        ends_on=datetime.date(2030, 6, 30),
        status="gepland",
    )


@pytest.fixture
def complete_plan(plan, procesregisseur, politie, ggz):
    """A plan ready to agree: hoofddoel, one subdoel, interventions of police and GGZ."""
    fill_general(plan, procesregisseur)
    goal = add_goal(plan, procesregisseur)
    add_intervention(plan, procesregisseur, politie, "Wekelijks huisbezoek wijkagent", goal)
    add_intervention(plan, procesregisseur, ggz, "Behandeling bij de FACT-poli", goal)
    return plan
