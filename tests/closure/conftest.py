import pytest

from schakel.accounts.roles import Role
from tests.factories import OrganisationFactory, TableFactory, UserFactory


@pytest.fixture
def other_table_procesregisseur(region, zvh):
    """A procesregisseur of the same region who directs another table."""
    user = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR])
    TableFactory(region=region, name="Jeugd").procesregisseurs.add(user)
    return user


@pytest.fixture
def bestuurder(region):
    gemeente = OrganisationFactory(region=region, name="Gemeente Dordrecht", domain="gemeente")
    return UserFactory(organisation=gemeente, roles=[Role.BESTUURDER])
