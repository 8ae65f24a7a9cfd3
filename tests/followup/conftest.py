import datetime

import pytest
from django.utils import timezone

from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import ParticipationReason
from schakel.meetings.models import AgendaItem, AgendaSource, Meeting
from schakel.plans.models import Goal, Plan
from tests.factories import UserFactory, add_participant
from tests.helpers import make_action


@pytest.fixture
def table_case(case, table, procesregisseur, politie, ggz):
    """The police melding, now on the table and in uitvoering; police sits at the table,
    GGZ only holds an intervention (it takes part, but not at the table)."""
    case.table = table
    case.state = CaseState.IN_UITVOERING
    case.procesregisseur = procesregisseur
    case.save()
    add_participant(case, politie, reason=ParticipationReason.UITGENODIGD)
    add_participant(case, ggz, reason=ParticipationReason.INTERVENTIE)
    return case


@pytest.fixture
def plan(table_case):
    plan = Plan.objects.create(case=table_case, main_goal="Stabiele woonsituatie zonder overlast")
    Goal.objects.create(plan=plan, description="Schuldhulp loopt", position=1)
    Goal.objects.create(plan=plan, description="Behandeling verslaving gestart", position=2)
    return plan


@pytest.fixture
def agenda_item(table_case, table, politie):
    start = timezone.now() + datetime.timedelta(days=3)
    meeting = Meeting.objects.create(
        table=table, starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )
    item = AgendaItem.objects.create(
        meeting=meeting,
        case=table_case,
        source=AgendaSource.TRIAGE,
        purpose="Plan van aanpak opstellen",
    )
    item.invited_organisations.add(politie)
    return item


@pytest.fixture
def action_factory(procesregisseur):
    def _make(case, organisation, **kwargs):
        return make_action(case, organisation, procesregisseur, **kwargs)

    return _make


@pytest.fixture
def bestuurder_user(region):
    from tests.factories import OrganisationFactory

    gemeente = OrganisationFactory(region=region, name="Gemeente Dordrecht")
    return UserFactory(organisation=gemeente, roles=[Role.BESTUURDER])
