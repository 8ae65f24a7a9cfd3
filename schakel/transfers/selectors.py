"""What a procesregisseur reads of the transfers of their region: incoming proposals to
decide on, and the record of what went out and came in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from schakel.accounts.roles import Role
from schakel.transfers.models import CaseTransfer, TransferStatus

if TYPE_CHECKING:
    from schakel.accounts.models import User


def visible_transfers(user: User) -> QuerySet[CaseTransfer]:
    """The transfers of the procesregisseur's own region, sending or receiving."""
    if not user.has_role(Role.PROCESREGISSEUR) or user.region_id is None:
        return CaseTransfer.objects.none()
    return CaseTransfer.objects.filter(
        Q(from_region_id=user.region_id) | Q(to_region_id=user.region_id)
    ).select_related("from_region", "to_region", "to_municipality", "proposed_by", "decided_by")


def get_visible_transfer(user: User, pk: int) -> CaseTransfer:
    transfer = visible_transfers(user).filter(pk=pk).first()
    if transfer is None:
        raise Http404(_("Deze overdracht bestaat niet of u heeft er geen toegang toe."))
    return transfer


def incoming_open(user: User) -> QuerySet[CaseTransfer]:
    return visible_transfers(user).filter(
        to_region_id=user.region_id, status=TransferStatus.VOORGESTELD
    )


def open_transfer_of(case_id: int) -> CaseTransfer | None:
    return CaseTransfer.objects.filter(case_id=case_id, status=TransferStatus.VOORGESTELD).first()
