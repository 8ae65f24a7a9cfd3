"""Writes on cases: the lifecycle and who takes part."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.cases.lifecycle import CaseState, is_allowed
from schakel.cases.models import Case, CaseParticipant, CaseTransition, ParticipationReason

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.organisations.models import Municipality, Organisation, Region


class CaseTransitionError(ValidationError):
    """An illegal step in the lifecycle; the message is shown to the user as it is."""


@transaction.atomic
def transition_case(*, case: Case, to_state: str, by: User, reason: str) -> CaseTransition:
    """Move a case along the lifecycle graph, recording who, when and why."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if not is_allowed(locked.state, to_state):
        raise CaseTransitionError(
            _("Een casus met status ‘%(source)s’ kan niet naar ‘%(target)s’.")
            % {
                "source": CaseState(locked.state).label,
                "target": CaseState(to_state).label,
            },
            code="illegal_transition",
        )
    if not reason.strip():
        raise CaseTransitionError(_("Geef een reden voor deze stap."), code="reason_required")
    transition = CaseTransition.objects.create(
        case=locked, from_state=locked.state, to_state=to_state, by=by, reason=reason.strip()
    )
    now = timezone.now()
    Case.objects.filter(pk=case.pk).update(state=to_state, state_changed_at=now)
    case.state, case.state_changed_at = to_state, now
    return transition


@transaction.atomic
def add_participant(
    *,
    case: Case,
    organisation: Organisation,
    reason: str,
    visible_from: datetime.datetime | None = None,
) -> CaseParticipant:
    """Let an organisation take part in a case (need-to-know), for a recorded reason.

    An involvement that had ended starts again; one that is already running keeps the
    earliest moment from which it reads the case.
    """
    if organisation.region_id != case.region_id:
        raise ValidationError(
            _("%(organisation)s hoort niet bij de regio van deze casus.")
            % {"organisation": organisation},
            code="other_region",
        )
    participant, created = CaseParticipant.objects.select_for_update().get_or_create(
        case=case, organisation=organisation, reason=reason, defaults={"visible_from": visible_from}
    )
    if created:
        return participant
    if participant.ended_at is not None:
        participant.ended_at, participant.visible_from = None, visible_from
        participant.save(update_fields=["ended_at", "visible_from"])
    elif participant.visible_from is not None and (
        visible_from is None or visible_from < participant.visible_from
    ):
        participant.visible_from = visible_from
        participant.save(update_fields=["visible_from"])
    return participant


def end_participation(*, case_id: int, organisation_id: int, reason: str) -> None:
    """End one involvement: from now on it no longer opens the case. The row stays as history."""
    CaseParticipant.objects.filter(
        case_id=case_id, organisation_id=organisation_id, reason=reason, ended_at__isnull=True
    ).update(ended_at=timezone.now())


@transaction.atomic
def sync_involvements(*, case: Case, reason: str, organisation_ids: Iterable[int | None]) -> None:
    """Make the case's running involvements of one reason exactly these organisations:
    new ones start, the others end (their rows stay as history)."""
    from schakel.organisations.models import Organisation

    wanted = {pk for pk in organisation_ids if pk is not None}
    running = set(
        CaseParticipant.objects.filter(case=case, reason=reason, ended_at__isnull=True).values_list(
            "organisation_id", flat=True
        )
    )
    for organisation_id in running - wanted:
        end_participation(case_id=case.pk, organisation_id=organisation_id, reason=reason)
    for organisation in Organisation.objects.filter(pk__in=wanted - running):
        add_participant(case=case, organisation=organisation, reason=reason)


def sync_regie_holders(*, case: Case) -> None:
    """The organisation that holds the regie on the case itself — the plan's casusregisseur,
    or the partner the regie was handed back to at afschalen — is involved in the case."""
    from schakel.closure.models import Afschaling
    from schakel.notifications import events
    from schakel.plans.models import Plan

    before = events.regie_holders(case)
    holders = set(
        Plan.objects.filter(case=case).values_list("casusregisseur_organisation_id", flat=True)
    )
    holders |= set(
        Afschaling.objects.filter(case=case, completed_at__isnull=False).values_list(
            "regie_organisation_id", flat=True
        )
    )
    sync_involvements(case=case, reason=ParticipationReason.REGIE, organisation_ids=holders)
    events.regie_handed_over(case=case, before=before)


def open_case(
    *,
    region: Region,
    municipality: Municipality,
    kind: str,
    title: str,
    by: User,
    reason: str,
) -> Case:
    """Start a case in state aangemeld, with its first transition (from nothing) recorded.

    Only called inside the transaction of the write that brings the case in (a melding).
    """
    if municipality.region_id != region.pk:
        raise ValidationError(
            {"municipality": _("Deze gemeente hoort niet bij de regio van deze casus.")},
            code="other_region",
        )
    case = Case.objects.create(
        region=region,
        municipality=municipality,
        kind=kind,
        title=title.strip(),
        state=CaseState.AANGEMELD,
    )
    CaseTransition.objects.create(
        case=case, from_state="", to_state=CaseState.AANGEMELD, by=by, reason=reason
    )
    return case
