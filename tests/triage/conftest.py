import pytest

from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CaseState
from schakel.cases.services import transition_case
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def other_region_procesregisseur(other_region):
    organisation = OrganisationFactory(region=other_region, name="ZVH Haaglanden", domain="zvh")
    return UserFactory(organisation=organisation, roles=[Role.PROCESREGISSEUR])


@pytest.fixture
def triage_case(case, procesregisseur):
    """The police melding, put before the weegoverleg."""
    transition_case(case=case, to_state=CaseState.IN_TRIAGE, actor=procesregisseur, reason="Triage")
    return case
