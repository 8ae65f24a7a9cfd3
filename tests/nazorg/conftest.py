import pytest

from schakel.accounts.roles import Role
from tests.factories import OrganisationFactory, TableFactory, UserFactory
from tests.nazorg.helpers import register


@pytest.fixture
def institution(region):
    return OrganisationFactory(
        region=region,
        name="Penitentiaire Inrichting Dordrecht",
        domain="straf",
        kind="DJI / penitentiaire inrichting",
    )


@pytest.fixture
def rio_org(region):
    return OrganisationFactory(
        region=region,
        name="Re-integratieofficier gemeente Dordrecht",
        domain="gemeente",
        kind="re-integratieofficier (RIO)",
    )


@pytest.fixture
def rio(rio_org):
    return UserFactory(organisation=rio_org, roles=[Role.KETENPARTNER], first_name="Bart")


@pytest.fixture
def other_rio(rio_org):
    return UserFactory(organisation=rio_org, roles=[Role.KETENPARTNER], first_name="Anna")


@pytest.fixture
def nazorg_table(region):
    return TableFactory(region=region, name="Nazorg en Re-integratie")


@pytest.fixture
def regisseur(procesregisseur, nazorg_table):
    """A procesregisseur of the region who directs the Volwassenen table, not Nazorg."""
    return procesregisseur


@pytest.fixture
def notice(regisseur, institution, municipality):
    return register(regisseur, institution=institution, municipality=municipality)
