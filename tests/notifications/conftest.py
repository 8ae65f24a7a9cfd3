"""A region where every event of a case can happen, with the people who must and must not
hear of it."""

import pytest

from schakel.accounts.roles import Role
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
