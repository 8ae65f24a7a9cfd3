"""Helpers shared by the inquiries tests."""

from schakel.access.models import AccessAction, AccessLogEntry


def read_rows(user):
    return AccessLogEntry.objects.filter(user=user, action=AccessAction.READ)
