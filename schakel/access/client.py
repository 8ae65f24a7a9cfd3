"""The address of the client behind the request being handled, for the logs.

Services write the access log and security events but take the actor, not the request.
The address those rows carry comes from here instead: ClientAddressMiddleware keeps it
for the duration of one request. Outside a request (a command, a task) there is none,
and the rows say so with an empty address.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from schakel.accounts.network import client_ip

_client_address: ContextVar[str | None] = ContextVar("client_address", default=None)


def current_client_address() -> str | None:
    """The client address of the request being handled, None outside a request."""
    return _client_address.get()


class ClientAddressMiddleware:
    """Keeps client_ip(request) in context while the request is handled.

    The value is reset when the response is returned, also on an exception: a worker
    thread serves one request after another and must not hand the previous client's
    address to the next one.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _client_address.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _client_address.reset(token)
