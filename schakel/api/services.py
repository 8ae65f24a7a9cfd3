"""Registering and revoking the partner systems that call the API (security events)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import AccessToken, Application, RefreshToken

from schakel.access import rules
from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import require_role
from schakel.accounts.models import SecurityEventKind, User
from schakel.accounts.roles import Role
from schakel.accounts.services import record_security_event, set_roles
from schakel.api.models import ApiClient
from schakel.api.scopes import SCOPES
from schakel.core.fields import max_length

if TYPE_CHECKING:
    from schakel.organisations.models import Organisation

MAX_NAME = max_length(ApiClient, "name")


@dataclass(frozen=True)
class RegisteredClient:
    """A new client and its secret: shown once, stored only as a hash."""

    client: ApiClient
    client_id: str
    client_secret: str


def _check_registration(
    *, actor: User, organisation: Organisation, name: str, scopes: list[str]
) -> None:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Geef de koppeling een naam, bijvoorbeeld het systeem dat belt.")]
    elif len(name.strip()) > MAX_NAME:
        errors["name"] = [
            _("De naam mag ten hoogste %(max)d tekens lang zijn.") % {"max": MAX_NAME}
        ]
    if organisation.region_id != actor.region_id or not organisation.is_active:
        errors["organisation"] = [_("Kies een actieve organisatie uit uw eigen regio.")]
    elif not organisation.has_signed_convenant:
        errors["organisation"] = [
            _("Deze organisatie heeft het convenant informatiedeling niet getekend.")
        ]
    if not scopes or set(scopes) - set(SCOPES):
        errors["scopes"] = [_("Kies ten minste één geldige scope.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def register_api_client(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    scopes: list[str],
    client_id: str | None = None,
    client_secret: str | None = None,
) -> RegisteredClient:
    """A functioneel beheerder registers a partner system for one organisation.

    The system's service account gets the ketenpartner role as a pending grant: like any
    case role it takes effect only when a second person approves it, so whoever
    registers a system cannot open cases to it alone. The secret is returned once;
    Schakel keeps only its hash. `client_id` and `client_secret` are given only by the
    demo data, which publishes a fixed pair.
    """
    require_role(actor, *rules.API_CLIENT_ROLES)
    _check_registration(actor=actor, organisation=organisation, name=name, scopes=scopes)
    name = name.strip()
    service_user = User(
        username=f"api-{secrets.token_hex(6)}",
        first_name=_("API-koppeling"),
        last_name=name,
        organisation=organisation,
    )
    # A machine never signs in through the pages: it has no password at all.
    service_user.set_unusable_password()
    service_user.save()
    secret = client_secret or generate_client_secret()
    application = Application(
        name=f"{organisation.name}: {name}"[:255],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret,
        hash_client_secret=True,
        user=service_user,
    )
    if client_id:
        application.client_id = client_id
    application.save()
    client = ApiClient.objects.create(
        name=name,
        organisation=organisation,
        application=application,
        service_user=service_user,
        scopes=" ".join(sorted(set(scopes))),
        created_by=actor,
    )
    record_security_event(
        kind=SecurityEventKind.ACCOUNT_CREATED,
        user=service_user,
        actor=actor,
        detail=_("API-koppeling geregistreerd: %(client)s; scopes: %(scopes)s")
        % {"client": client, "scopes": client.scopes},
    )
    set_roles(user=service_user, roles={Role.KETENPARTNER}, actor=actor)
    record_access(actor=actor, action=AccessAction.CREATE, obj=client)
    return RegisteredClient(client=client, client_id=application.client_id, client_secret=secret)


@transaction.atomic
def revoke_api_client(*, actor: User, client: ApiClient) -> ApiClient:
    """Revoke at once: its tokens stop working, no new one is issued, and its service
    account loses its role (a pending grant is withdrawn, so it cannot be approved later)."""
    require_role(actor, *rules.API_CLIENT_ROLES)
    locked = (
        ApiClient.objects.select_for_update(of=("self",))
        .select_related("organisation", "service_user", "application")
        .get(pk=client.pk)
    )
    if locked.organisation.region_id != actor.region_id:
        raise ValidationError(_("Deze koppeling hoort niet bij uw regio."))
    if locked.revoked_at is not None:
        raise ValidationError(_("Deze koppeling is al ingetrokken."))
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    locked.save(update_fields=["revoked_at", "revoked_by"])
    AccessToken.objects.filter(application=locked.application).delete()
    RefreshToken.objects.filter(application=locked.application).delete()
    service_user = locked.service_user
    set_roles(user=service_user, roles=set(), actor=actor)
    service_user.is_active = False
    service_user.save(update_fields=["is_active"])
    record_security_event(
        kind=SecurityEventKind.ACCOUNT_DEACTIVATED,
        user=service_user,
        actor=actor,
        detail=_("API-koppeling ingetrokken: %(client)s") % {"client": locked},
    )
    record_access(actor=actor, action=AccessAction.CHANGE, obj=locked, detail=_("ingetrokken"))
    return locked
