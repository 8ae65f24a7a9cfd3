import pytest

from schakel.cases.lifecycle import CaseState
from schakel.cases.services import transition_case
from tests.builders import case_in_uitvoering
from tests.factories import (
    PersonFactory,
    add_participant,
    add_person,
)
from tests.helpers import make_referral


@pytest.fixture
def full_case(case, politie, partner_user, procesregisseur, ggz, region):
    """The case fixture with a referral, a second person, a transition and an extra partner."""
    make_referral(case, politie, partner_user)
    add_person(case, PersonFactory(region=region, first_names="Noor"), role="kind")
    add_participant(case, ggz, reason="uitvraag")
    transition_case(
        case=case, to_state=CaseState.IN_UITVRAAG, actor=procesregisseur, reason="Eerst uitvragen"
    )
    return case


@pytest.fixture
def table_case(case, table, procesregisseur, politie, ggz, partner_user):
    """Triaged onto the table and its plan agreed: in uitvoering. The police, as melder,
    were invited to the meeting by default; GGZ holds an intervention of the plan."""
    make_referral(case, politie, partner_user)
    case_in_uitvoering(case, table=table, actor=procesregisseur, intervention_by=ggz)
    return case
