import pytest
from django.test import Client

from schakel.accounts.roles import Role
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from tests.helpers import sign_in


@pytest.fixture
def far_org(other_region):
    """A partner organisation of another region: invisible to our beheerder."""
    return OrganisationFactory(region=other_region, name="Politie Den Haag", domain="straf")


@pytest.fixture
def far_user(far_org):
    return UserFactory(organisation=far_org, roles=[Role.KETENPARTNER])


@pytest.fixture
def far_municipality(other_region):
    return MunicipalityFactory(region=other_region, name="Den Haag", cbs_code="GM0518")


@pytest.fixture
def as_beheerder(signed_in, beheerder):
    return signed_in(beheerder)


@pytest.fixture
def as_manager(signed_in, manager):
    return signed_in(manager)


@pytest.fixture
def agent(politie):
    """A police officer without case access yet; the police reported `case`."""
    return UserFactory(organisation=politie, roles=[Role.BESTUURDER])


@pytest.fixture
def as_second_beheerder(second_beheerder):
    return sign_in(Client(), second_beheerder)


@pytest.fixture
def second_beheerder(zvh):
    return UserFactory(organisation=zvh, roles=[Role.BEHEERDER])
