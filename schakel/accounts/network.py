"""Which address a request comes from: the one answer for security events, the access
log, the session list and the sign-in lockout."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address, believing X-Forwarded-For only as far as our own proxies go.

    Each trusted proxy appends the address it received the request from, so with N of
    them the client is the N-th entry from the right. Everything to the left of that was
    written by the client and could be anything. Without trusted proxies the header is
    ignored altogether: otherwise a caller could claim a fresh address for every
    password guess. A header shorter than the proxy chain or with garbage in the place
    that counts means a misconfigured proxy, so the connection address is used instead.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [
        entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    return _valid(forwarded[-proxies]) or remote
