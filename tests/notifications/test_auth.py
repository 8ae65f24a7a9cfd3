"""Who may read and mark messages: only their addressee."""

from django.urls import reverse

from tests.notifications.helpers import message


def test_cannot_mark_another_users_message(signed_in, partner_user, ggz_user):
    theirs = message(ggz_user, "Herinnering GGZ")
    response = signed_in(partner_user).post(reverse("notifications:mark_read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_only_by_post(signed_in, partner_user):
    notification = message(partner_user, "Herinnering")
    client = signed_in(partner_user)
    assert client.get(reverse("notifications:mark_read", args=[notification.pk])).status_code == 405
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302
