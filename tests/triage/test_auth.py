"""Who may start triage and decide on it."""

import pytest
from django.urls import reverse

from schakel.cases.lifecycle import CaseState
from schakel.triage.models import TriageDecision
from tests.triage.helpers import agenda_data, decide_url


def test_start_only_by_post(case, procesregisseur, signed_in):
    assert (
        signed_in(procesregisseur).get(reverse("triage:start", args=[case.pk])).status_code == 405
    )


@pytest.mark.parametrize("user_fixture", ["partner_user", "informatiemakelaar", "manager"])
def test_start_refused_for_other_roles(case, signed_in, request, user_fixture):
    client = signed_in(request.getfixturevalue(user_fixture))
    assert client.post(reverse("triage:start", args=[case.pk])).status_code == 403
    case.refresh_from_db()
    assert case.state == CaseState.AANGEMELD


def test_start_by_other_region_is_404(case, other_region_procesregisseur, signed_in):
    response = signed_in(other_region_procesregisseur).post(reverse("triage:start", args=[case.pk]))
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.state == CaseState.AANGEMELD


@pytest.mark.parametrize("user_fixture", ["partner_user", "informatiemakelaar", "manager"])
def test_decide_refused_for_other_roles(triage_case, signed_in, request, user_fixture, table):
    client = signed_in(request.getfixturevalue(user_fixture))
    assert client.get(decide_url(triage_case)).status_code == 403
    assert client.post(decide_url(triage_case), agenda_data(table)).status_code == 403
    assert not TriageDecision.objects.exists()


def test_decide_by_other_region_is_404(triage_case, other_region_procesregisseur, signed_in, table):
    client = signed_in(other_region_procesregisseur)
    assert client.get(decide_url(triage_case)).status_code == 404
    assert client.post(decide_url(triage_case), agenda_data(table)).status_code == 404
    assert not TriageDecision.objects.exists()
