import pytest
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from schakel.accounts.middleware import LOGIN_AT_KEY
from schakel.accounts.roles import Role
from tests.factories import (
    CaseFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    TableFactory,
    UserFactory,
    add_participant,
    add_person,
    verified_device,
)

# Playwright fixtures (browser, page, signed_in_page) for the browser tests in any folder.
pytest_plugins = ["tests.browser.fixtures"]


def sign_in(client, user):
    """Log a user in with a verified second factor, as after a real TOTP login."""
    device = verified_device(user)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[LOGIN_AT_KEY] = timezone.now().isoformat()
    session.save()
    return client


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
