import pytest

from schakel.cases.lifecycle import CaseState
from schakel.cases.services import transition_case


@pytest.fixture
def triage_case(case, procesregisseur):
    """The police melding, put before the weegoverleg."""
    transition_case(case=case, to_state=CaseState.IN_TRIAGE, actor=procesregisseur, reason="Triage")
    return case
