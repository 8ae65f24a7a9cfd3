import datetime

import pytest
from django.utils import timezone

from schakel.accounts.roles import Role
from schakel.inquiries import services
from schakel.inquiries.models import LegalGround
from schakel.persons.models import Person
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def other_region_procesregisseur(other_region):
    organisation = OrganisationFactory(region=other_region, name="ZVH Haaglanden", domain="zvh")
    return UserFactory(organisation=organisation, roles=[Role.PROCESREGISSEUR])


@pytest.fixture
def non_signatory(region):
    return OrganisationFactory(
        region=region, name="Sportvereniging Zonder Convenant", convenant_signed_on=None
    )


@pytest.fixture
def ask(procesregisseur):
    """Create an information request through the service, as the procesregisseur."""

    def _ask(case, organisation, *, user=None, deadline=None, question="Wat is bij u bekend?"):
        return services.request_information(
            actor=user or procesregisseur,
            case=case,
            organisation=organisation,
            persons=Person.objects.filter(case_links__case=case),
            question=question,
            purpose="Beeldvorming voor de triage",
            legal_ground=LegalGround.WGS,
            deadline=deadline or timezone.localdate() + datetime.timedelta(days=7),
        )

    return _ask
