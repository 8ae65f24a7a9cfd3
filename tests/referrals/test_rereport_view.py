import pytest
from django.urls import reverse

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.cases.lifecycle import CaseState
from schakel.referrals.models import Referral
from tests.helpers import close_case
from tests.referrals.helpers import rereport_post, rereport_url


@pytest.mark.parametrize("closed_state", [CaseState.AFGESLOTEN, CaseState.NIET_IN_BEHANDELING])
def test_procesregisseur_reopens_a_closed_case(signed_in, procesregisseur, case, closed_state):
    close_case(case, procesregisseur, closed_state)
    history = case.transitions.count()
    client = signed_in(procesregisseur)

    page = client.get(rereport_url(case))
    assert page.status_code == 200
    assert case.reference in page.content.decode()

    response = client.post(rereport_url(case), rereport_post(), follow=True)

    assert response.redirect_chain[-1][0] == reverse("cases:detail", args=[case.pk])
    case.refresh_from_db()
    assert case.state == CaseState.AANGEMELD
    assert case.transitions.count() == history + 1
    referral = case.referrals.get()
    assert referral.source == "hermelding"
    assert referral.urgency == "acuut"
    assert [d.code for d in referral.life_domains.all()] == ["wonen"]
    body = response.content.decode()
    assert "de casus is heropend" in body
    melding = client.get(reverse("cases:section", args=[case.pk, "melding"]))
    assert "Her-melding" in melding.content.decode()
    assert AccessLogEntry.objects.filter(
        user=procesregisseur, action=AccessAction.CHANGE, case_ref=case.pk
    ).exists()


def test_open_case_is_refused_with_a_dutch_message(signed_in, procesregisseur, case):
    client = signed_in(procesregisseur)
    for response in (
        client.get(rereport_url(case), follow=True),
        client.post(rereport_url(case), rereport_post(), follow=True),
    ):
        assert response.redirect_chain[-1][0] == reverse("cases:detail", args=[case.pk])
        assert "Een her-melding kan alleen bij een afgesloten" in response.content.decode()
    assert not Referral.objects.exists()
    case.refresh_from_db()
    assert case.state == CaseState.AANGEMELD


def test_bad_input_keeps_what_was_typed(signed_in, procesregisseur, case):
    close_case(case, procesregisseur)
    response = signed_in(procesregisseur).post(
        rereport_url(case), rereport_post(description="  ", urgency="heel hoog")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Beschrijf waarover de melding gaat." in body
    assert "Kies een urgentie uit de lijst." in body
    assert "Kan de casus opnieuw worden opgepakt?" in body
    assert not Referral.objects.exists()
    case.refresh_from_db()
    assert case.state == CaseState.AFGESLOTEN
