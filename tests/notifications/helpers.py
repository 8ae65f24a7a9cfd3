"""Helpers shared by the notifications tests."""

import datetime

from django.utils import timezone

from schakel.notifications.models import Notification


def message(user, text, *, read=False, minutes_ago=0, topic=""):
    notification = Notification.objects.create(user=user, text=text, topic=topic, link="/")
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        read_at=timezone.now() if read else None,
    )
    return notification
