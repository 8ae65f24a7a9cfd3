"""OAuth 2.0 for partner systems: which client gets a token, and who a token acts as."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from oauth2_provider.oauth2_validators import OAuth2Validator
from rest_framework import exceptions
from rest_framework.request import Request

from schakel.access.rules import works_in_cases
from schakel.api.demo_key import DEMO_CLIENT_ID
from schakel.api.models import ApiClient


def _active_client(application: Any) -> ApiClient | None:
    """The registered, unrevoked client of an OAuth application whose service account may
    work now (its ketenpartner role approved, the account active)."""
    application_id = getattr(application, "pk", None)
    if application_id is None:
        return None
    client = (
        ApiClient.objects.select_related("organisation", "service_user__organisation")
        .filter(application_id=application_id, revoked_at__isnull=True)
        .first()
    )
    if client is None or not client.service_user.is_active:
        return None
    if not works_in_cases(client.service_user):
        return None
    return client


class ApiClientValidator(OAuth2Validator):
    """Issues tokens only to active clients, and only for the scopes they were given."""

    def authenticate_client(self, request: Any, *args: Any, **kwargs: Any) -> bool:
        if not super().authenticate_client(request, *args, **kwargs):
            return False
        # The demo client's secret is published: it never works outside demo mode.
        if request.client.client_id == DEMO_CLIENT_ID and not settings.DEMO_MODE:
            return False
        return _active_client(request.client) is not None

    def validate_scopes(
        self,
        client_id: str,
        scopes: list[str],
        client: Any,
        request: Any,
        *args: Any,
        **kwargs: Any,
    ) -> bool:
        api_client = _active_client(client)
        return api_client is not None and set(scopes) <= set(api_client.scope_list)

    def get_default_scopes(
        self, client_id: str, request: Any, *args: Any, **kwargs: Any
    ) -> list[str]:
        api_client = _active_client(request.client)
        return api_client.scope_list if api_client is not None else []


class ApiClientAuthentication(OAuth2Authentication):
    """A valid bearer token of an active client acts as that client's service account."""

    www_authenticate_realm = "schakel"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        _user, token = result
        client = _active_client(token.application)
        if client is None:
            raise exceptions.AuthenticationFailed(
                _("Deze API-koppeling is ingetrokken of nog niet goedgekeurd.")
            )
        request.api_client = client
        return client.service_user, token
