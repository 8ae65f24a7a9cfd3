"""Who may see and manage actions, escalations and the stappenmeter."""

import pytest
from django.urls import reverse

from schakel.accounts.roles import Role
from tests.factories import UserFactory
from tests.followup.helpers import case_urls, escalate_to
from tests.helpers import make_action


def test_outsider_gets_404_on_every_case_url(signed_in, outsider, table_case, plan):
    client = signed_in(outsider)
    for url in case_urls(table_case):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


def test_partner_at_the_table_gets_403_on_procesregie_pages(
    signed_in, partner_user, table_case, plan
):
    client = signed_in(partner_user)
    for url in case_urls(table_case):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("fixture", ["manager", "beheerder"])
def test_roles_without_case_work_get_403(signed_in, request, fixture, table_case, procesregisseur):
    client = signed_in(request.getfixturevalue(fixture))
    action = make_action(table_case, table_case.participants.first().organisation, procesregisseur)
    for url in [
        *case_urls(table_case),
        reverse("followup:action_list"),
        reverse("followup:action_detail", args=[action.pk]),
    ]:
        assert client.get(url).status_code == 403, url


def test_outsider_cannot_reach_an_action(
    signed_in, outsider, partner_user, table_case, action_factory
):
    action = action_factory(table_case, partner_user.organisation)
    client = signed_in(outsider)
    assert client.get(reverse("followup:action_detail", args=[action.pk])).status_code == 404
    assert (
        client.post(
            reverse("followup:action_complete", args=[action.pk]), {"result": "x"}
        ).status_code
        == 404
    )


def test_escalation_page_is_404_for_anyone_but_the_addressee(
    client, procesregisseur, table_case, bestuurder_user, region
):
    from schakel.followup.models import Escalation
    from tests.helpers import sign_in

    sign_in(client, procesregisseur)
    escalate_to(client, table_case, bestuurder_user)
    escalation = Escalation.objects.get()
    url = reverse("followup:escalation_answer", args=[escalation.pk])
    other = UserFactory(organisation=bestuurder_user.organisation, roles=[Role.BESTUURDER])
    for user in (other, procesregisseur):
        sign_in(client, user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"answer": "Nee"}).status_code == 404
    escalation.refresh_from_db()
    assert escalation.answer == ""
