import pytest

from schakel.cases.lifecycle import CaseState
from schakel.cases.models import ParticipationReason
from schakel.cases.services import transition_case
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
    """On the table and in uitvoering; police sits at the table, GGZ holds an intervention."""
    case.table = table
    case.state = CaseState.IN_UITVOERING
    case.procesregisseur = procesregisseur
    case.save()
    make_referral(case, politie, partner_user)
    add_participant(case, politie, reason=ParticipationReason.UITGENODIGD)
    add_participant(case, ggz, reason=ParticipationReason.INTERVENTIE)
    return case
