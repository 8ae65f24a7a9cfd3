"""A region where every event of a case can happen, with the people who must and must not
hear of it."""

import datetime

import pytest
from django.utils import timezone

from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case, ParticipationReason
from schakel.cases.services import add_participant, transition_case
from schakel.inquiries import services as inquiries
from schakel.inquiries.models import LegalGround
from schakel.notifications.models import Notification
from schakel.persons.models import Person
from schakel.plans.models import Plan
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def politie_bestuurder(politie):
    """A bestuurder of the melder's own organisation: a role alone never opens a case."""
    return UserFactory(organisation=politie, roles=[Role.BESTUURDER])


@pytest.fixture
def standing_org(region, table):
    organisation = OrganisationFactory(region=region, name="Reclassering Zuid")
    table.fixed_participants.add(organisation)
    return organisation


@pytest.fixture
def standing_user(standing_org):
    return UserFactory(organisation=standing_org, roles=[Role.KETENPARTNER])


@pytest.fixture
def ask(procesregisseur):
    def _ask(case, organisation):
        return inquiries.request_information(
            actor=procesregisseur,
            case=case,
            organisation=organisation,
            persons=Person.objects.filter(case_links__case=case),
            question="Is er bij u een behandeltraject bekend?",
            purpose="Beeldvorming voor de triage",
            legal_ground=LegalGround.WGS,
            deadline=timezone.localdate() + datetime.timedelta(days=7),
        )

    return _ask


@pytest.fixture
def plan_case(case, table, procesregisseur, politie):
    """The police melding on the table, in uitvoering; the police sit at the table."""
    Case.objects.filter(pk=case.pk).update(table=table, procesregisseur=procesregisseur)
    case.table, case.procesregisseur = table, procesregisseur
    for state in (CaseState.IN_TRIAGE, CaseState.GEAGENDEERD):
        transition_case(case=case, to_state=state, actor=procesregisseur, reason="Testopzet")
    add_participant(case=case, organisation=politie, reason=ParticipationReason.UITGENODIGD)
    return case


@pytest.fixture
def plan(plan_case):
    plan = Plan.objects.create(case=plan_case)
    plan.case = plan_case
    return plan


def messages_of(user, **filters):
    return list(Notification.objects.filter(user=user, **filters))


def recipients(**filters) -> set[int]:
    return set(Notification.objects.filter(**filters).values_list("user_id", flat=True))


def assert_no_names_or_content(text, case, *, extra=()):
    """A message names the case by reference only: no person, no title, no user names."""
    forbidden = [case.title, *extra]
    for link in case.case_persons.select_related("person"):
        forbidden += [link.person.last_name, link.person.first_names]
    for word in forbidden:
        assert word not in text, word
    assert "Gebruiker " not in text  # the test users' names
