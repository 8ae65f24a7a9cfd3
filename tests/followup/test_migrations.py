"""The actions left open on cases closed before closing let them lapse, lapse with the
migration; those of running cases stay open."""

import pytest

from schakel.cases.lifecycle import CaseState
from schakel.followup.models import Action, ActionStatus
from tests.factories import CaseFactory
from tests.helpers import make_action, migrate_to

BEFORE = [("followup", "0005_escalation_addressed")]
AFTER = [("followup", "0006_lapse_actions_of_closed_cases")]


@pytest.mark.django_db(transaction=True)
def test_open_actions_of_closed_cases_lapse_and_those_of_running_cases_stay(
    politie, procesregisseur
):
    closed = CaseFactory(state=CaseState.AFGESLOTEN)
    running = CaseFactory(state=CaseState.IN_UITVOERING)
    migrate_to(BEFORE)
    try:
        left_open = make_action(closed, politie, procesregisseur)
        done = make_action(closed, politie, procesregisseur, status=ActionStatus.DONE)
        still_running = make_action(running, politie, procesregisseur)
    finally:
        migrate_to(AFTER)

    left_open.refresh_from_db()
    assert left_open.status == ActionStatus.CANCELLED
    assert left_open.result == "Vervallen: casus afgesloten."
    assert Action.objects.get(pk=done.pk).status == ActionStatus.DONE
    assert Action.objects.get(pk=still_running.pk).status == ActionStatus.OPEN
