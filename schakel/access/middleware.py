"""Records every refused attempt to reach an object, in one place for all views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import ResolverMatch

from schakel.accounts.models import SecurityEventKind
from schakel.accounts.services import record_security_event
from schakel.accounts.typing import signed_in_user

REFUSED_STATUSES = frozenset({403, 404})
VIEW_REACHED_ATTRIBUTE = "_schakel_view_reached"
ORGANISATION_SEPARATOR = "; organisatie: "


def _shown_argument(name: str, value: object) -> str:
    text = str(value)
    # A secret in a URL (the calendar feed token) must not end up readable in a log.
    if "token" in name.lower() or "secret" in name.lower():
        return text[:4] + "…"
    return text


def _captured_kwargs(match: ResolverMatch) -> dict[str, Any]:
    """The keyword arguments taken from the address itself (not the URLconf's extra ones)."""
    # ResolverMatch.captured_kwargs exists since Django 4.1; the stubs do not declare it.
    captured: dict[str, Any] = match.captured_kwargs  # type: ignore[attr-defined]
    return captured


def describe_request(request: HttpRequest, status: int) -> str:
    """What was asked, e.g. `GET cases:detail pk=12 → 404; organisatie: Politie Dordrecht`.

    The organisation is written out too: the event keeps saying on whose behalf the user
    asked, also after the account moves to another organisation.
    """
    match = request.resolver_match
    # Only called for a request that reached a view (see process_view), signed in.
    assert match is not None
    user = signed_in_user(request)
    arguments = [_shown_argument("", value) for value in match.args]
    arguments += [
        f"{name}={_shown_argument(name, value)}"
        for name, value in sorted(_captured_kwargs(match).items())
    ]
    organisation = user.organisation if user.organisation_id else None
    asked = " ".join([str(request.method), match.view_name, *arguments, "→", str(status)])
    return f"{asked}{ORGANISATION_SEPARATOR}{organisation.name if organisation else '—'}"


def split_description(detail: str) -> tuple[str, str]:
    """(what was asked, organisation at the time) from a description made above."""
    asked, _separator, organisation = detail.partition(ORGANISATION_SEPARATOR)
    return asked, organisation


class RefusedAccessMiddleware:
    """A signed-in user refused an object (403 or 404) leaves a security event.

    Views and the policy stay as they are: they raise Http404 or PermissionDenied, Django
    turns that into the usual response, and this middleware only looks at the outcome. The
    response is passed on untouched, so the outsider's 404 stays the same as the 404 for
    an id that does not exist.

    Only requests that reached a view of a URL pattern with a captured argument count: an
    unknown address resolves to no pattern, and a request stopped before the view (a
    failed CSRF check) is not a refusal of the object.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code in REFUSED_STATUSES
            and getattr(request, VIEW_REACHED_ATTRIBUTE, False)
            and request.user.is_authenticated
        ):
            record_security_event(
                kind=SecurityEventKind.ACCESS_REFUSED,
                user=request.user,
                detail=describe_request(request, response.status_code),
            )
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[object, ...],
        view_kwargs: dict[str, object],
    ) -> None:
        match = request.resolver_match
        # Extra keyword arguments given in the URLconf are not part of the address asked.
        if match is not None and (match.args or _captured_kwargs(match)):
            setattr(request, VIEW_REACHED_ATTRIBUTE, True)
        return None
