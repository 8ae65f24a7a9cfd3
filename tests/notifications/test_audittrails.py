"""Messages name a case by reference only, so reading or marking them reads no personal
data: the access log stays empty."""

from django.urls import reverse

from schakel.access.models import AccessLogEntry
from schakel.notifications.models import Notification


def test_reading_and_marking_messages_writes_no_access_log(signed_in, partner_user):
    note = Notification.objects.create(user=partner_user, text="Nieuw verzoek", topic="t-1")
    client = signed_in(partner_user)

    assert client.get(reverse("notifications:list")).status_code == 200
    client.post(reverse("notifications:mark_read", args=[note.pk]))
    client.post(reverse("notifications:mark_all_read"))

    assert not AccessLogEntry.objects.exists()
