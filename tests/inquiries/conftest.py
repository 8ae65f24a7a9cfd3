import pytest

from tests.factories import OrganisationFactory


@pytest.fixture
def non_signatory(region):
    return OrganisationFactory(
        region=region, name="Sportvereniging Zonder Convenant", convenant_signed_on=None
    )
