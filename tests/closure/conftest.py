import datetime

import pytest
from django.utils import timezone

from schakel.accounts.roles import Role
from schakel.closure.models import Outcome
from tests.closure.helpers import evaluated_case
from tests.factories import (
    OrganisationFactory,
    TableFactory,
    UserFactory,
)


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


@pytest.fixture
def wijkteam(region):
    return OrganisationFactory(region=region, name="Wijkteam Dordrecht-West", kind="wijkteam")


@pytest.fixture
def region_cases(region, table, procesregisseur):
    jeugd = TableFactory(region=region, name="Jeugd")
    return [
        evaluated_case(
            region=region,
            table=table,
            by=procesregisseur,
            voorstel="Structurele financiering van nazorg na detentie.",
            leerpunten="Eerder de reclassering betrekken.",
            outcome=Outcome.NIET,
        ),
        evaluated_case(
            region=region,
            table=jeugd,
            by=procesregisseur,
            voorstel="Meer crisisplekken jeugdzorg in de regio.",
            at=timezone.make_aware(datetime.datetime(2024, 5, 1, 10)),
        ),
    ]


@pytest.fixture
def other_region_case(other_region, procesregisseur):
    table = TableFactory(region=other_region, name="Volwassenen Haaglanden")
    return evaluated_case(
        region=other_region,
        table=table,
        by=procesregisseur,
        voorstel="Voorstel uit een andere regio.",
    )
