"""Writes on cases: the lifecycle and who takes part."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.cases.lifecycle import CaseState, is_allowed
from schakel.cases.models import Case, CaseParticipant, CaseTransition

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


def add_participant(*, case: Case, organisation: Organisation, reason: str) -> CaseParticipant:
    """Let an organisation take part in a case (need-to-know), for a recorded reason."""
    if organisation.region_id != case.region_id:
        raise ValidationError(
            _("%(organisation)s hoort niet bij de regio van deze casus.")
            % {"organisation": organisation},
            code="other_region",
        )
    participant, _created = CaseParticipant.objects.get_or_create(
        case=case, organisation=organisation, reason=reason
    )
    return participant


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
