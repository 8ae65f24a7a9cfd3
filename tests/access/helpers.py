"""Helpers shared by the access tests."""

from schakel.accounts.models import SecurityEvent, SecurityEventKind


def refusals():
    return SecurityEvent.objects.filter(kind=SecurityEventKind.ACCESS_REFUSED)
