import pytest
from django.urls import reverse

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import LifeDomain
from schakel.referrals.models import Referral
from tests.factories import TableFactory, UserFactory
from tests.helpers import close_case


def rereport_url(case):
    return reverse("referrals:rereport", args=[case.pk])


def rereport_post(**overrides):
    data = {
        "description": "Opnieuw meldingen van overlast sinds de verhuizing.",
        "question": "Kan de casus opnieuw worden opgepakt?",
        "urgency": "acuut",
        "life_domains": [str(LifeDomain.objects.get(code="wonen").pk)],
    }
    data.update(overrides)
    return data


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


def test_other_region_gets_404(signed_in, procesregisseur, other_region_procesregisseur, case):
    close_case(case, procesregisseur)
    client = signed_in(other_region_procesregisseur)
    assert client.get(rereport_url(case)).status_code == 404
    assert client.post(rereport_url(case), rereport_post()).status_code == 404
    assert not Referral.objects.exists()


def test_procesregisseur_of_another_table_gets_404(signed_in, procesregisseur, case, table, zvh):
    close_case(case, procesregisseur)
    case.table = table
    case.save()
    other = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR])
    TableFactory(region=case.region, name="Jeugd").procesregisseurs.add(other)
    assert signed_in(other).post(rereport_url(case), rereport_post()).status_code == 404
    assert not Referral.objects.exists()


@pytest.mark.parametrize("fixture", ["manager", "beheerder", "partner_user", "informatiemakelaar"])
def test_other_roles_get_403(signed_in, request, fixture, procesregisseur, case):
    close_case(case, procesregisseur)
    client = signed_in(request.getfixturevalue(fixture))
    assert client.get(rereport_url(case)).status_code == 403
    assert client.post(rereport_url(case), rereport_post()).status_code == 403
    assert not Referral.objects.exists()
