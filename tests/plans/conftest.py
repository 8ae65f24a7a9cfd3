import datetime

import pytest
from django.utils import timezone

from schakel.accounts.roles import Role
from schakel.meetings.models import AgendaItem, AgendaSource, Meeting
from schakel.plans import services
from schakel.plans.models import Plan
from tests.factories import UserFactory
from tests.helpers import add_goal, add_intervention, fill_general
from tests.plans.helpers import agree


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
def second_procesregisseur(zvh, table):
    user = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR], first_name="Sanne")
    table.procesregisseurs.add(user)
    return user


@pytest.fixture
def complete_plan(plan, procesregisseur, politie, ggz):
    """A plan ready to agree: hoofddoel, one subdoel, interventions of police and GGZ."""
    fill_general(plan, procesregisseur)
    goal = add_goal(plan, procesregisseur)
    add_intervention(plan, procesregisseur, politie, "Wekelijks huisbezoek wijkagent", goal)
    add_intervention(plan, procesregisseur, ggz, "Behandeling bij de FACT-poli", goal)
    return plan


@pytest.fixture
def two_versions(complete_plan, procesregisseur, politie, meeting):
    agree(complete_plan, procesregisseur, meeting)
    services.update_plan_general(
        plan=complete_plan,
        actor=procesregisseur,
        expected_revision=Plan.objects.get(pk=complete_plan.pk).revision,
        main_goal="Wonen en zorg op orde; geen incidenten meer in de straat",
        main_goal_domains=[],
        casusregisseur_organisation=politie,
        casusregisseur_name="",
        non_compliance="",
        monitoring="",
        reporting_organisation=None,
        reporting_frequency="",
        next_evaluation_on=None,
        escalation_agreements="",
    )
    complete_plan.revision = Plan.objects.get(pk=complete_plan.pk).revision
    add_intervention(complete_plan, procesregisseur, politie, "Gebiedsverbod aanvragen")
    complete_plan.case.refresh_from_db()
    agree(complete_plan, procesregisseur, meeting)
    return complete_plan
