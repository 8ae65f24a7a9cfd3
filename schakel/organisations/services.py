"""Writes for the beheer screens: partner organisations and municipalities of a region."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.core.concurrency import claim_version
from schakel.organisations.models import Municipality, Organisation

if TYPE_CHECKING:
    from schakel.accounts.models import User

# CBS municipality codes: "GM" and four digits, e.g. GM0505 (Dordrecht).
# What a conflict message says was changed by someone else.
ORGANISATION = gettext_lazy("deze organisatie")
MUNICIPALITY = gettext_lazy("deze gemeente")
CBS_CODE_PATTERN = re.compile(r"GM[0-9]{4}")

ORGANISATION_FIELDS = (
    "name",
    "domain",
    "kind",
    "convenant_signed_on",
    "email",
    "phone",
    "is_active",
)


def _own_region(actor: User) -> int:
    if actor.region_id is None:
        raise ValidationError(_("Uw account hoort niet bij een regio."))
    return actor.region_id


def _check_convenant_date(value: datetime.date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError(
            {"convenant_signed_on": _("De datum van ondertekening kan niet in de toekomst liggen.")}
        )


def _check_name_free(*, region_id: int, name: str, exclude_pk: int | None = None) -> None:
    taken = Organisation.objects.filter(region_id=region_id, name__iexact=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            {"name": _("Er bestaat in uw regio al een organisatie met deze naam.")}
        )


def _check_cbs_code(cbs_code: str) -> None:
    if not CBS_CODE_PATTERN.fullmatch(cbs_code):
        raise ValidationError(
            {"cbs_code": _("Een CBS-code bestaat uit GM en vier cijfers, bijvoorbeeld GM0505.")}
        )


def _log_change(*, actor: User, obj: object, fields: list[str]) -> None:
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        obj=obj,
        detail="gewijzigd: " + ", ".join(fields),
    )


@transaction.atomic
def create_organisation(
    *,
    actor: User,
    name: str,
    domain: str,
    kind: str,
    convenant_signed_on: datetime.date | None,
    email: str,
    phone: str,
    is_active: bool,
) -> Organisation:
    region_id = _own_region(actor)
    _check_convenant_date(convenant_signed_on)
    _check_name_free(region_id=region_id, name=name)
    organisation = Organisation.objects.create(
        region_id=region_id,
        name=name,
        domain=domain,
        kind=kind,
        convenant_signed_on=convenant_signed_on,
        email=email,
        phone=phone,
        is_active=is_active,
    )
    record_access(actor=actor, action=AccessAction.CREATE, obj=organisation)
    return organisation


@transaction.atomic
def update_organisation(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    domain: str,
    kind: str,
    convenant_signed_on: datetime.date | None,
    email: str,
    phone: str,
    is_active: bool,
    expected_version: int | None = None,
) -> Organisation:
    region_id = _own_region(actor)
    current = Organisation.objects.select_for_update().get(pk=organisation.pk, region_id=region_id)
    _check_convenant_date(convenant_signed_on)
    _check_name_free(region_id=region_id, name=name, exclude_pk=current.pk)
    claim_version(current, expected=expected_version, actor=actor, what=ORGANISATION)
    new_values = {
        "name": name,
        "domain": domain,
        "kind": kind,
        "convenant_signed_on": convenant_signed_on,
        "email": email,
        "phone": phone,
        "is_active": is_active,
    }
    changed = [
        field for field in ORGANISATION_FIELDS if getattr(current, field) != new_values[field]
    ]
    if changed:
        for field in changed:
            setattr(current, field, new_values[field])
        current.save(update_fields=changed)
        _log_change(actor=actor, obj=current, fields=changed)
    return current


@transaction.atomic
def set_convenant_status(
    *,
    actor: User,
    organisation: Organisation,
    convenant_signed_on: datetime.date | None,
    expected_version: int | None = None,
) -> Organisation:
    """Record whether (and since when) the organisation signed the convenant informatiedeling.

    Whether an organisation may receive case information hangs on this date, so the
    change is logged.
    """
    region_id = _own_region(actor)
    current = Organisation.objects.select_for_update().get(pk=organisation.pk, region_id=region_id)
    _check_convenant_date(convenant_signed_on)
    claim_version(current, expected=expected_version, actor=actor, what=ORGANISATION)
    if current.convenant_signed_on != convenant_signed_on:
        current.convenant_signed_on = convenant_signed_on
        current.save(update_fields=["convenant_signed_on"])
        _log_change(actor=actor, obj=current, fields=["convenant_signed_on"])
    return current


@transaction.atomic
def create_municipality(*, actor: User, cbs_code: str, name: str) -> Municipality:
    _check_cbs_code(cbs_code)
    municipality = Municipality.objects.create(
        region_id=_own_region(actor), cbs_code=cbs_code, name=name
    )
    record_access(actor=actor, action=AccessAction.CREATE, obj=municipality)
    return municipality


@transaction.atomic
def update_municipality(
    *,
    actor: User,
    municipality: Municipality,
    cbs_code: str,
    name: str,
    expected_version: int | None = None,
) -> Municipality:
    region_id = _own_region(actor)
    current = Municipality.objects.select_for_update().get(pk=municipality.pk, region_id=region_id)
    _check_cbs_code(cbs_code)
    claim_version(current, expected=expected_version, actor=actor, what=MUNICIPALITY)
    changed = [
        field
        for field, value in (("cbs_code", cbs_code), ("name", name))
        if getattr(current, field) != value
    ]
    if changed:
        current.cbs_code = cbs_code
        current.name = name
        current.save(update_fields=changed)
        _log_change(actor=actor, obj=current, fields=changed)
    return current
