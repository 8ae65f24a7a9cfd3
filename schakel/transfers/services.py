"""Propose, accept, refuse and withdraw the transfer of a case to another region.

The rule: a case belongs to one region (PRODUCT.md section 2). When its hoofdpersoon moves,
the sending procesregisseur proposes the transfer with a reason; a procesregisseur of the
receiving region accepts or refuses. On acceptance, in one transaction, the case, its
meldingen, requests, plan and history go to the receiving region, where it starts again in
intake (the receiving ZVH weighs it itself); every involvement of the sending region ends,
its open actions and requests lapse and the case leaves its coming agendas. The sending
region keeps the CaseTransfer record only: the policy lets no organisation of one region read
a case of another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import can_see_case, may_direct_case, may_receive_transfer
from schakel.cases.lifecycle import OPEN_STATES, CaseState
from schakel.cases.models import Case, CaseParticipant, CasePerson
from schakel.cases.services import restart_intake_after_transfer
from schakel.core.fields import max_length
from schakel.followup.models import Action
from schakel.followup.services import lapse_open_actions
from schakel.inquiries.models import InformationRequest, RequestStatus
from schakel.meetings.models import AgendaItem, MeetingStatus
from schakel.persons.models import Person
from schakel.referrals.models import Referral
from schakel.transfers.models import CaseTransfer, TransferStatus

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.organisations.models import Municipality

REASON_MAX = max_length(CaseTransfer, "reason")
NOTE_MAX = max_length(CaseTransfer, "decision_note")


def _text(value: str, *, field: str, limit: int, empty: str | None) -> str:
    text = value.strip()
    if empty is not None and not text:
        raise ValidationError({field: empty})
    if len(text) > limit:
        raise ValidationError({field: _("Gebruik hoogstens %(limit)d tekens.") % {"limit": limit}})
    return text


@transaction.atomic
def propose_transfer(
    *, actor: User, case: Case, to_municipality: Municipality, reason: str
) -> CaseTransfer:
    if not (can_see_case(actor, case) and may_direct_case(actor, case)):
        raise PermissionDenied(_("Alleen de procesregisseur van deze casus kan hem overdragen."))
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.state not in OPEN_STATES:
        raise ValidationError(
            _("Een casus met status ‘%(state)s’ kan niet worden overgedragen.")
            % {"state": CaseState(locked.state).label}
        )
    if to_municipality.region_id == locked.region_id:
        raise ValidationError(
            {
                "to_municipality": _(
                    "%(municipality)s hoort bij deze regio: kies een gemeente van een andere regio."
                )
                % {"municipality": to_municipality}
            }
        )
    reason = _text(
        reason, field="reason", limit=REASON_MAX, empty=_("Geef de reden van de overdracht.")
    )
    if CaseTransfer.objects.filter(case=locked, status=TransferStatus.VOORGESTELD).exists():
        raise ValidationError(_("Voor deze casus loopt al een voorstel tot overdracht."))
    transfer = CaseTransfer.objects.create(
        case=locked,
        case_reference=locked.reference,
        from_region_id=locked.region_id,
        to_region_id=to_municipality.region_id,
        to_municipality=to_municipality,
        reason=reason,
        proposed_by=actor,
    )
    record_access(
        actor=actor,
        action=AccessAction.TRANSFER,
        case=locked,
        obj=transfer,
        purpose=reason,
        detail=_("Overdracht voorgesteld aan %(region)s") % {"region": transfer.to_region},
    )
    return transfer


def _lock_open(transfer: CaseTransfer) -> CaseTransfer:
    locked = CaseTransfer.objects.select_for_update().get(pk=transfer.pk)
    if not locked.is_open:
        raise ValidationError(
            _("Over dit voorstel is al besloten (%(status)s).")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


@transaction.atomic
def withdraw_transfer(*, actor: User, transfer: CaseTransfer) -> CaseTransfer:
    locked = _lock_open(transfer)
    case = locked.case
    if case is None or not (can_see_case(actor, case) and may_direct_case(actor, case)):
        raise PermissionDenied(_("Alleen de procesregisseur van deze casus kan dit intrekken."))
    locked.status = TransferStatus.INGETROKKEN
    locked.decided_by, locked.decided_at = actor, timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    record_access(
        actor=actor,
        action=AccessAction.TRANSFER,
        case=case,
        obj=locked,
        detail=_("Voorstel tot overdracht ingetrokken"),
    )
    return locked


def _require_receiver(actor: User, transfer: CaseTransfer) -> None:
    if not may_receive_transfer(actor, transfer.to_region_id):
        raise PermissionDenied(
            _("Alleen een procesregisseur van de ontvangende regio beslist over dit voorstel.")
        )


@transaction.atomic
def refuse_transfer(*, actor: User, transfer: CaseTransfer, note: str) -> CaseTransfer:
    _require_receiver(actor, transfer)
    locked = _lock_open(transfer)
    note = _text(
        note,
        field="decision_note",
        limit=NOTE_MAX,
        empty=_("Geef aan waarom de overdracht wordt geweigerd."),
    )
    locked.status = TransferStatus.GEWEIGERD
    locked.decided_by, locked.decided_at, locked.decision_note = actor, timezone.now(), note
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    record_access(
        actor=actor,
        action=AccessAction.TRANSFER,
        obj=locked,
        detail=_("Overdracht %(reference)s geweigerd") % {"reference": locked.case_reference},
    )
    return locked


def _summary(case: Case) -> dict[str, int]:
    """What goes with the case, counted per kind, for the record both regions keep."""
    plan = getattr(case, "plan", None)
    return {
        "personen": CasePerson.objects.filter(case=case).count(),
        "meldingen": Referral.objects.filter(case=case).count(),
        "informatieverzoeken": InformationRequest.objects.filter(case=case).count(),
        "plan_van_aanpak": 1 if plan is not None else 0,
        "acties": Action.objects.filter(case=case).count(),
        "agendapunten": AgendaItem.objects.filter(case=case).count(),
    }


def preview(transfer: CaseTransfer) -> dict[str, int]:
    """What would go with an open proposal, counted per kind."""
    return _summary(transfer.case) if transfer.case is not None else {}


def _move_persons(*, case: Case, to_region_id: int) -> None:
    """A person only in this case moves with it; a person also in another case of the
    sending region stays there, and the receiving region gets its own copy."""
    for link in CasePerson.objects.filter(case=case).select_related("person"):
        person = link.person
        elsewhere = (
            CasePerson.objects.filter(person=person, case__region_id=person.region_id)
            .exclude(case=case)
            .exists()
        )
        if not elsewhere:
            Person.objects.filter(pk=person.pk).update(region_id=to_region_id)
            continue
        copy = Person.objects.get(pk=person.pk)
        copy.pk = None
        copy.region_id = to_region_id
        copy.save()
        CasePerson.objects.filter(pk=link.pk).update(person=copy)


@transaction.atomic
def accept_transfer(*, actor: User, transfer: CaseTransfer, note: str = "") -> CaseTransfer:
    _require_receiver(actor, transfer)
    locked = _lock_open(transfer)
    note = _text(note, field="decision_note", limit=NOTE_MAX, empty=None)
    if locked.case_id is None:
        raise ValidationError(_("Deze casus bestaat niet meer."))
    case = Case.objects.select_for_update().get(pk=locked.case_id)
    if case.state not in OPEN_STATES:
        raise ValidationError(_("De casus is intussen afgesloten en kan niet meer over."))
    now = timezone.now()
    lapsed = _("Vervallen: casus overgedragen aan %(region)s.") % {"region": locked.to_region}
    locked.summary = _summary(case)
    lapse_open_actions(case=case, reason=lapsed)
    InformationRequest.objects.filter(case=case, status=RequestStatus.OPEN).update(
        status=RequestStatus.INGETROKKEN
    )
    # Off every agenda of the sending region that has not yet begun.
    AgendaItem.objects.filter(
        case=case, meeting__status=MeetingStatus.PLANNED, meeting__starts_at__gt=now
    ).delete()
    CaseParticipant.objects.filter(case=case, ended_at__isnull=True).update(ended_at=now)
    _move_persons(case=case, to_region_id=locked.to_region_id)
    reason = _("Overgedragen door %(from)s aan %(to)s (%(reference)s)") % {
        "from": locked.from_region,
        "to": locked.to_region,
        "reference": locked.case_reference,
    }
    restart_intake_after_transfer(case=case, actor=actor, reason=reason)
    # Its requests go along, withdrawn above if still open.
    InformationRequest.objects.filter(case=case).update(region_id=locked.to_region_id)
    Case.objects.filter(pk=case.pk).update(
        region_id=locked.to_region_id,
        municipality_id=locked.to_municipality_id,
        table=None,
        procesregisseur=None,
    )
    locked.status = TransferStatus.AANVAARD
    locked.decided_by, locked.decided_at, locked.decision_note = actor, now, note
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "summary"])
    record_access(
        actor=actor,
        action=AccessAction.TRANSFER,
        case=case,
        persons=[
            link.person for link in CasePerson.objects.filter(case=case).select_related("person")
        ],
        obj=locked,
        purpose=locked.reason,
        detail=reason,
    )
    return locked
