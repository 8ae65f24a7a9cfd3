"""In-app messages: only ever the user's own, unread first, marked read by POST."""

from django.urls import reverse

from schakel.notifications.models import Notification
from schakel.notifications.selectors import unread_count
from schakel.notifications.services import notify
from tests.notifications.helpers import message


def test_list_shows_only_own_messages_unread_first(signed_in, partner_user, ggz_user):
    message(partner_user, "Oud en gelezen bericht", read=True, minutes_ago=1)
    message(partner_user, "Ouder maar ongelezen bericht", minutes_ago=10)
    message(ggz_user, "Bericht voor de GGZ")
    response = signed_in(partner_user).get(reverse("notifications:list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Bericht voor de GGZ" not in body
    assert body.index("Ouder maar ongelezen bericht") < body.index("Oud en gelezen bericht")


def test_mark_one_read(signed_in, partner_user):
    notification = message(partner_user, "Herinnering")
    response = signed_in(partner_user).post(
        reverse("notifications:mark_read", args=[notification.pk])
    )
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_all_read_touches_only_own(signed_in, partner_user, ggz_user):
    message(partner_user, "Een")
    message(partner_user, "Twee")
    theirs = message(ggz_user, "Drie")
    signed_in(partner_user).post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(user=partner_user, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_external_next_url_is_ignored(signed_in, partner_user):
    notification = message(partner_user, "Herinnering")
    response = signed_in(partner_user).post(
        reverse("notifications:mark_read", args=[notification.pk]),
        {"volgende": "https://elders.example/"},
    )
    assert response["Location"] == reverse("notifications:list")


def test_notify_sends_a_topic_once_and_skips_inactive(partner_user, ggz_user):
    ggz_user.is_active = False
    ggz_user.save()
    assert (
        notify(users=[partner_user, ggz_user], text="Actie te laat", topic="actie-1-te-laat") == 1
    )
    assert notify(users=[partner_user], text="Actie te laat", topic="actie-1-te-laat") == 0
    assert Notification.objects.filter(topic="actie-1-te-laat").count() == 1


def test_unread_count_is_one_query(partner_user, ggz_user, django_assert_num_queries):
    message(partner_user, "Een")
    message(partner_user, "Twee", read=True)
    message(ggz_user, "Drie")
    with django_assert_num_queries(1):
        assert unread_count(user=partner_user) == 1


def test_navigation_shows_the_unread_count(signed_in, partner_user):
    message(partner_user, "Een")
    message(partner_user, "Twee")
    response = signed_in(partner_user).get(reverse("home:worklist"))
    assert "2 ongelezen" in response.content.decode()
