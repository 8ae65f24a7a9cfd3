"""Reads for the beheer screens: always the viewer's own region, never case content."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from schakel.access import rules
from schakel.access.policy import require_role
from schakel.accounts.roles import Role
from schakel.organisations.models import Municipality, Organisation

if TYPE_CHECKING:
    from schakel.accounts.models import User

# The manager keeps the partner list and its convenant status; the beheerder everything.


def region_organisations(viewer: User) -> QuerySet[Organisation]:
    require_role(viewer, *rules.ORGANISATION_ROLES)
    if viewer.region_id is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(region_id=viewer.region_id).order_by("name", "pk")


def organisation_overview(viewer: User) -> QuerySet[Organisation]:
    """The list page: every organisation with its number of accounts, in one query."""
    return region_organisations(viewer).annotate(user_count=Count("users"))


def get_region_organisation(viewer: User, pk: int) -> Organisation:
    organisation = region_organisations(viewer).filter(pk=pk).first()
    if organisation is None:
        raise Http404(_("Deze organisatie bestaat niet of hoort niet bij uw regio."))
    return organisation


def assignable_organisations(
    viewer: User, *, including: int | None = None
) -> QuerySet[Organisation]:
    """Organisations a beheerder may put an account in: active ones of the own region.

    `including` keeps an account's current organisation selectable after it was made
    inactive, so editing that account does not force a move.
    """
    require_role(viewer, Role.BEHEERDER)
    return region_organisations(viewer).filter(Q(is_active=True) | Q(pk=including))


def region_municipalities(viewer: User) -> QuerySet[Municipality]:
    require_role(viewer, *rules.REFERENCE_ROLES)
    if viewer.region_id is None:
        return Municipality.objects.none()
    return Municipality.objects.filter(region_id=viewer.region_id).order_by("name", "pk")


def get_region_municipality(viewer: User, pk: int) -> Municipality:
    municipality = region_municipalities(viewer).filter(pk=pk).first()
    if municipality is None:
        raise Http404(_("Deze gemeente bestaat niet of hoort niet bij uw regio."))
    return municipality
