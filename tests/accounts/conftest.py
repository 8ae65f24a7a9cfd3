import pytest

from schakel.accounts.roles import Role
from tests.factories import UserFactory


@pytest.fixture
def member(zvh):
    """A signed-up professional whose pages do not depend on the case apps."""
    return UserFactory(organisation=zvh, roles=[Role.BESTUURDER])
