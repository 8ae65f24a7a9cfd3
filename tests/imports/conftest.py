import pytest

from tests.factories import MunicipalityFactory, OrganisationFactory


@pytest.fixture
def zsm_region(region, municipality, politie, zvh):
    """The region with a second municipality, the OM (convenant) and a partner without
    convenant, besides the police and the ZVH of the shared fixtures."""
    MunicipalityFactory(region=region, name="Zwijndrecht", cbs_code="GM0642")
    OrganisationFactory(region=region, name="Openbaar Ministerie", domain="straf", kind="OM")
    OrganisationFactory(
        region=region,
        name="Reclassering Nederland",
        domain="straf",
        kind="reclassering",
        convenant_signed_on=None,
    )
    return region
