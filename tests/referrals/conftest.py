import pytest

from schakel.accounts.roles import Role
from tests.factories import OrganisationFactory, UserFactory

VALID_BSN = "111222333"
OTHER_VALID_BSN = "123456782"


@pytest.fixture
def unsigned_partner(region):
    organisation = OrganisationFactory(
        region=region, name="Buurtvereniging Zonder Convenant", convenant_signed_on=None
    )
    return UserFactory(organisation=organisation, roles=[Role.KETENPARTNER])
