"""Reads of the beheer pages for API clients (no case content)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from schakel.access.policy import convenant_partners
from schakel.accounts.models import RoleAssignment
from schakel.accounts.roles import Role
from schakel.api.models import ApiClient

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.organisations.models import Organisation


def region_clients(actor: User) -> QuerySet[ApiClient]:
    """The clients of the beheerder's region, each marked whether its role is approved."""
    approved = RoleAssignment.objects.filter(
        user_id=OuterRef("service_user_id"), role=Role.KETENPARTNER
    )
    return (
        ApiClient.objects.filter(organisation__region_id=actor.region_id or 0)
        .select_related("organisation", "created_by", "revoked_by")
        .annotate(approved=Exists(approved))
        .order_by("organisation__name", "name", "pk")
    )


def get_region_client(actor: User, pk: int) -> ApiClient:
    client = region_clients(actor).filter(pk=pk).first()
    if client is None:
        raise Http404(_("Deze koppeling bestaat niet of hoort niet bij uw regio."))
    return client


def client_organisations(actor: User) -> QuerySet[Organisation]:
    """The organisations a client can be registered for: the region's convenant partners."""
    return convenant_partners(region_id=actor.region_id or 0)
