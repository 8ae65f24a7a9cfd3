"""Noodtoegang (break the glass): starting, ending and reviewing it (PRODUCT.md section 14).

A procesregisseur who must read a case of the own region outside need-to-know (a crisis
call about a person on another regietafel) asks for it with a written reason. The access
is logged, announced as a security event, shown in a banner on every page while it lasts,
ends by itself after settings.SCHAKEL_BREAK_GLASS_HOURS and stays on the privacy
officer's review list until reviewed.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.access.log import record_access
from schakel.access.models import AccessAction, EmergencyAccess, ReviewOutcome
from schakel.access.policy import can_see_case, require_role
from schakel.access.rules import PRIVACY_ROLES, may_break_glass
from schakel.accounts.models import SecurityEventKind
from schakel.accounts.services import record_security_event
from schakel.cases.models import Case
from schakel.persons.models import Person

if TYPE_CHECKING:
    from schakel.accounts.models import User

# A reason of a few words ("spoed") says nothing the privacy officer can judge.
MIN_REASON_LENGTH = 20
MIN_NOTE_LENGTH = 5
DEFAULT_HOURS = 24
# A case number as shown on the case page (C2025-000123), or only its number (123).
CASE_NUMBER = re.compile(r"(?:C(?P<year>[0-9]{4})-)?(?P<number>[0-9]{1,12})", re.IGNORECASE)

# One answer for a number that does not exist, of another region, or merged away: the
# page must not tell which cases exist.
NO_SUCH_CASE = gettext_lazy(
    "Er is in uw regio geen casus met dit nummer waarvoor u noodtoegang kunt aanvragen. "
    "Controleer het casusnummer."
)


def break_glass_duration() -> timedelta:
    return timedelta(hours=getattr(settings, "SCHAKEL_BREAK_GLASS_HOURS", DEFAULT_HOURS))


def _case_of_region(*, number: str, region_id: int | None) -> Case | None:
    match = CASE_NUMBER.fullmatch(number.strip())
    if match is None or region_id is None:
        return None
    case = Case.objects.filter(
        pk=int(match["number"]), region_id=region_id, merged_into__isnull=True
    ).first()
    if case is None or (match["year"] and int(match["year"]) != case.created_at.year):
        return None
    return case


def _check_reason(reason: str) -> str:
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            {
                "reason": _(
                    "Schrijf op waarom u deze casus nu moet inzien, in ten minste %(min)d "
                    "tekens. De privacy officer beoordeelt deze reden."
                )
                % {"min": MIN_REASON_LENGTH}
            }
        )
    return reason


def start_emergency_access(*, actor: User, case_number: str, reason: str) -> EmergencyAccess:
    """Open a case of the actor's region outside need-to-know, for a written reason.

    A number that names no case of the region gets the same answer as a number that does
    not exist at all; the attempt is kept as a refused-access event for the privacy
    officer (outside the transaction, so the refusal itself is not rolled back).
    """
    if not may_break_glass(actor):
        raise PermissionDenied(_("Alleen een procesregisseur kan noodtoegang aanvragen."))
    reason = _check_reason(reason)
    case = _case_of_region(number=case_number, region_id=actor.region_id)
    if case is None:
        record_security_event(
            kind=SecurityEventKind.ACCESS_REFUSED,
            user=actor,
            detail=_("Noodtoegang gevraagd voor casusnummer %(number)s: niet gevonden")
            % {"number": case_number.strip()[:40]},
        )
        raise ValidationError({"case_number": NO_SUCH_CASE})
    if can_see_case(actor, case):
        raise ValidationError(
            {
                "case_number": _(
                    "U heeft al toegang tot deze casus; noodtoegang is niet nodig. Open de "
                    "casus via het overzicht Casussen."
                )
            }
        )
    return _open(actor=actor, case=case, reason=reason)


@transaction.atomic
def _open(*, actor: User, case: Case, reason: str) -> EmergencyAccess:
    now = timezone.now()
    access = EmergencyAccess.objects.create(
        user=actor,
        region_id=case.region_id,
        case=case,
        case_ref=case.pk,
        reason=reason,
        started_at=now,
        expires_at=now + break_glass_duration(),
    )
    until = date_format(timezone.localtime(access.expires_at), "j F Y H:i")
    record_access(
        actor=actor,
        action=AccessAction.BREAK_GLASS,
        case=case,
        persons=Person.objects.filter(case_links__case=case).order_by("pk"),
        obj=access,
        purpose=reason,
        detail=_("Noodtoegang tot %(until)s") % {"until": until},
    )
    record_security_event(
        kind=SecurityEventKind.BREAK_GLASS,
        user=actor,
        actor=actor,
        detail=_("Casus %(case)s, tot %(until)s. Reden: %(reason)s")
        % {"case": case.reference, "until": until, "reason": reason},
    )
    return access


@transaction.atomic
def end_emergency_access(*, actor: User, access: EmergencyAccess) -> EmergencyAccess:
    """End one's own noodtoegang before it expires. Ending one that is over changes nothing."""
    current = EmergencyAccess.objects.select_for_update().get(pk=access.pk)
    if current.user_id != actor.pk:
        raise PermissionDenied(_("U kunt alleen uw eigen noodtoegang beëindigen."))
    now = timezone.now()
    if current.is_active_at(now):
        current.ended_at = now
        current.save(update_fields=["ended_at"])
    return current


@transaction.atomic
def review_emergency_access(
    *, actor: User, access: EmergencyAccess, outcome: str, note: str
) -> EmergencyAccess:
    """The privacy officer's judgement: terecht, or onterecht and escalated, with a note."""
    require_role(actor, *PRIVACY_ROLES)
    current = EmergencyAccess.objects.select_for_update().get(pk=access.pk)
    if actor.region_id is None or current.region_id != actor.region_id:
        raise PermissionDenied(_("Deze noodtoegang hoort niet bij uw regio."))
    errors: dict[str, str] = {}
    if outcome not in ReviewOutcome.values:
        errors["outcome"] = _("Kies of de noodtoegang terecht of onterecht was.")
    note = note.strip()
    if len(note) < MIN_NOTE_LENGTH:
        errors["note"] = _("Licht uw beoordeling toe in ten minste %(min)d tekens.") % {
            "min": MIN_NOTE_LENGTH
        }
    if errors:
        raise ValidationError(errors)
    if current.is_reviewed:
        assert current.reviewed_by is not None and current.reviewed_at is not None
        raise ValidationError(
            _("Deze noodtoegang is al beoordeeld door %(name)s op %(when)s.")
            % {
                "name": current.reviewed_by,
                "when": date_format(timezone.localtime(current.reviewed_at), "j F Y H:i"),
            }
        )
    current.review_outcome = outcome
    current.review_note = note
    current.reviewed_by = actor
    current.reviewed_at = timezone.now()
    current.save(update_fields=["review_outcome", "review_note", "reviewed_by", "reviewed_at"])
    return current
