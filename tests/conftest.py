import datetime

import pytest
from django.utils import timezone

from schakel.accounts.roles import Role
from schakel.cases.models import ParticipationReason
from schakel.cases.services import add_participant as involve
from schakel.inquiries import services as inquiry_services
from schakel.inquiries.models import LegalGround
from schakel.persons.models import Person
from schakel.plans.models import Plan
from tests.builders import case_at_table
from tests.factories import (
    CaseFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    TableFactory,
    UserFactory,
    add_participant,
    add_person,
)
from tests.helpers import sign_in

# Playwright fixtures (browser, page, signed_in_page) for the browser tests in any folder.
pytest_plugins = ["tests.browser.fixtures"]


@pytest.fixture
def region(db):
    return RegionFactory(name="Zuid-Holland Zuid", code="zhz")


@pytest.fixture
def other_region(db):
    return RegionFactory(name="Haaglanden", code="hgl")


@pytest.fixture
def municipality(region):
    return MunicipalityFactory(region=region, name="Dordrecht", cbs_code="GM0505")


@pytest.fixture
def zvh(region):
    return OrganisationFactory(
        region=region, name="ZVH Zuid-Holland Zuid", domain="zvh", kind="ZVH"
    )


@pytest.fixture
def politie(region):
    return OrganisationFactory(
        region=region, name="Politie Dordrecht", domain="straf", kind="politie"
    )


@pytest.fixture
def ggz(region):
    return OrganisationFactory(region=region, name="GGZ Drechtsteden", domain="zorg", kind="GGZ")


@pytest.fixture
def outsider_org(region):
    return OrganisationFactory(region=region, name="Woningcorporatie Elders", domain="overig")


@pytest.fixture
def table(region):
    return TableFactory(region=region, name="Volwassenen")


@pytest.fixture
def procesregisseur(zvh, table):
    user = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR])
    table.procesregisseurs.add(user)
    return user


@pytest.fixture
def informatiemakelaar(zvh):
    return UserFactory(organisation=zvh, roles=[Role.INFORMATIEMAKELAAR])


@pytest.fixture
def partner_user(politie):
    return UserFactory(organisation=politie, roles=[Role.KETENPARTNER])


@pytest.fixture
def ggz_user(ggz):
    return UserFactory(organisation=ggz, roles=[Role.KETENPARTNER])


@pytest.fixture
def outsider(outsider_org):
    return UserFactory(organisation=outsider_org, roles=[Role.KETENPARTNER])


@pytest.fixture
def manager(zvh):
    return UserFactory(organisation=zvh, roles=[Role.MANAGER])


@pytest.fixture
def beheerder(zvh):
    return UserFactory(organisation=zvh, roles=[Role.BEHEERDER])


@pytest.fixture
def case(region, municipality, politie):
    """A melding from the police, awaiting triage, with one fictional main person."""
    case = CaseFactory(region=region, municipality=municipality, title="Overlast en verwaarlozing")
    add_person(case)
    add_participant(case, politie, reason="melder")
    return case


@pytest.fixture
def signed_in(client):
    def _sign_in(user):
        return sign_in(client, user)

    return _sign_in


@pytest.fixture
def other_region_procesregisseur(other_region):
    organisation = OrganisationFactory(region=other_region, name="ZVH Haaglanden", domain="zvh")
    return UserFactory(organisation=organisation, roles=[Role.PROCESREGISSEUR])


@pytest.fixture
def plan_case(case, table, procesregisseur, politie):
    """The police melding, triaged onto the table by the procesregisseur (geagendeerd, with
    its empty plan); the police sit at the table."""
    case_at_table(case, table=table, actor=procesregisseur)
    involve(case=case, organisation=politie, reason=ParticipationReason.UITGENODIGD)
    return case


@pytest.fixture
def plan(plan_case):
    """The plan van aanpak triage gave the case on the table."""
    plan = Plan.objects.get(case=plan_case)
    plan.case = plan_case
    return plan


@pytest.fixture
def ask(procesregisseur):
    """Create an information request through the service, as the procesregisseur."""

    def _ask(case, organisation, *, user=None, deadline=None, question="Wat is bij u bekend?"):
        return inquiry_services.request_information(
            actor=user or procesregisseur,
            case=case,
            organisation=organisation,
            persons=Person.objects.filter(case_links__case=case),
            question=question,
            purpose="Beeldvorming voor de triage",
            legal_ground=LegalGround.WGS,
            deadline=deadline or timezone.localdate() + datetime.timedelta(days=7),
        )

    return _ask
