"""The settings page: each user sets their own e-mail choice per kind of message."""

import pytest
from django.urls import reverse

from schakel.notifications.models import (
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from schakel.notifications.services import notify, settings_of
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db
URL = reverse("notifications:preferences")


def all_direct(**changes):
    data = {kind.value: Delivery.DIRECT for kind in NotificationKind}
    data.update(changes)
    return data


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert client.post(URL, all_direct(version="0")).status_code == 302
    assert not NotificationPreference.objects.exists()


def test_page_shows_a_row_per_kind_with_direct_as_default(client, partner_user):
    response = sign_in(client, partner_user).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    for kind in NotificationKind:
        assert f'name="{kind.value}" value="direct" id' in page
        assert f'name="{kind.value}" value="dagelijks"' in page
    assert page.count('value="direct" id') == len(NotificationKind)
    assert page.count(" checked") == len(NotificationKind)
    assert 'value="direct" id="id_triage_0" checked' in page


def test_links_from_account_and_messages_pages(client, partner_user):
    sign_in(client, partner_user)
    for page in (reverse("accounts:sessions"), reverse("notifications:list")):
        assert URL in client.get(page).content.decode()


def test_saving_changes_only_ones_own_choices_and_later_messages(client, partner_user, ggz_user):
    sign_in(client, partner_user)
    response = client.post(
        URL, all_direct(version="0", uitnodiging=Delivery.DAGELIJKS), follow=True
    )
    assert "zijn opgeslagen" in response.content.decode()
    assert (
        dict(
            NotificationPreference.objects.filter(user=partner_user).values_list("kind", "delivery")
        )[NotificationKind.UITNODIGING]
        == Delivery.DAGELIJKS
    )
    assert not NotificationPreference.objects.filter(user=ggz_user).exists()

    notify(users=[partner_user, ggz_user], text="Uitnodiging", kind=NotificationKind.UITNODIGING)
    assert Notification.objects.get(user=partner_user).delivery == Delivery.DAGELIJKS
    assert Notification.objects.get(user=ggz_user).delivery == Delivery.DIRECT


def test_a_stale_form_is_refused_and_nothing_is_saved(client, partner_user):
    sign_in(client, partner_user)
    client.post(URL, all_direct(version="0", triage=Delivery.DAGELIJKS))
    # A second tab, opened before that save, still carries version 0.
    response = client.post(URL, all_direct(version="0", plan=Delivery.DAGELIJKS))
    assert response.status_code == 200
    assert "Iemand anders heeft uw berichtinstellingen intussen gewijzigd" in (
        response.content.decode()
    )
    chosen = dict(
        NotificationPreference.objects.filter(user=partner_user).values_list("kind", "delivery")
    )
    assert chosen[NotificationKind.TRIAGE] == Delivery.DAGELIJKS
    assert chosen[NotificationKind.PLAN] == Delivery.DIRECT
    assert settings_of(partner_user).version == 1


@pytest.mark.parametrize(
    "data",
    [
        all_direct(version="0", triage="wekelijks"),
        {k: v for k, v in all_direct(version="0").items() if k != "plan"},
        all_direct(version="x"),
        all_direct(),
    ],
)
def test_bad_input_gets_a_dutch_message_and_saves_nothing(client, partner_user, data):
    response = sign_in(client, partner_user).post(URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Kies direct of dagelijks overzicht." in page
        or "Het formulier is onvolledig; open de pagina opnieuw." in page
    )
    assert not NotificationPreference.objects.exists()
