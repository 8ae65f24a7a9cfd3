"""Writes of afschalen, afsluiten and evaluatie (PRODUCT.md section 11)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import may_direct_case
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case, CaseTransition
from schakel.cases.services import sync_regie_holders, transition_case
from schakel.closure.models import CaseEvaluation, Closure, DeEscalation, Outcome
from schakel.core.concurrency import claim_version
from schakel.core.fields import max_length
from schakel.followup.services import lapse_open_actions

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.organisations.models import Organisation

# A case is afgeschaald from the table, and closed from the table or after afschalen.
DE_ESCALATION_STATES = frozenset({CaseState.GEAGENDEERD, CaseState.IN_UITVOERING})
CLOSE_STATES = frozenset({CaseState.GEAGENDEERD, CaseState.IN_UITVOERING, CaseState.AFGESCHAALD})
EVALUATION_STATES = frozenset({CaseState.AFGESLOTEN})

CONTACT_MAX_LENGTH = max_length(DeEscalation, "regie_contact")
# CaseTransition.reason holds at most this many characters.
TRANSITION_REASON_LENGTH = max_length(CaseTransition, "reason")
CHECKLIST = gettext_lazy("de afschaalchecklist")


@dataclass(frozen=True)
class ChecklistInput:
    """What the procesregisseur typed in the afschaal checklist (any part may be empty)."""

    risks_checked: bool = False
    risks_note: str = ""
    cooperation_checked: bool = False
    cooperation_note: str = ""
    regie_organisation: Organisation | None = None
    regie_contact: str = ""
    consult_agreements: str = ""
    reescalation_agreements: str = ""


@dataclass(frozen=True)
class EvaluationInput:
    chain_worked_well: bool
    leerpunten: str = ""
    verbetervoorstellen: str = ""


# --- Rules (pure) ---------------------------------------------------------------------


def checklist_gaps(deescalation: DeEscalation) -> dict[str, str]:
    """Each part of the afschaal checklist that is still missing, by field, with its message."""
    gaps: dict[str, str] = {}
    if not deescalation.risks_checked:
        gaps["risks_checked"] = _(
            "Vink aan dat de laatste check op risico's en maatregelen is gedaan."
        )
    if not deescalation.risks_note.strip():
        gaps["risks_note"] = _(
            "Licht toe wat de laatste check op risico's en maatregelen opleverde."
        )
    if not deescalation.cooperation_checked:
        gaps["cooperation_checked"] = _(
            "Vink aan dat de laatste check op de samenwerking tussen de partijen is gedaan."
        )
    if not deescalation.cooperation_note.strip():
        gaps["cooperation_note"] = _(
            "Licht toe wat de laatste check op de samenwerking tussen de partijen opleverde."
        )
    if deescalation.regie_organisation_id is None:
        gaps["regie_organisation"] = _("Kies de partner bij wie de regie wordt teruggelegd.")
    if not deescalation.regie_contact.strip():
        gaps["regie_contact"] = _("Noem de persoon bij wie de regie wordt teruggelegd.")
    if not deescalation.consult_agreements.strip():
        gaps["consult_agreements"] = _(
            "Leg vast wanneer de partner het Zorg- en Veiligheidshuis opnieuw consulteert."
        )
    if not deescalation.reescalation_agreements.strip():
        gaps["reescalation_agreements"] = _("Leg vast wanneer de casus opnieuw wordt opgeschaald.")
    return gaps


def missing_checklist_parts(deescalation: DeEscalation) -> list[str]:
    """The messages for every missing part; an empty list means: complete, afschalen may."""
    return list(checklist_gaps(deescalation).values())


def evaluation_errors(
    *, chain_worked_well: bool | None, leerpunten: str, verbetervoorstellen: str
) -> dict[str, list[str]]:
    """When the chain did not work well, the evaluation must say what to learn or change."""
    errors: dict[str, list[str]] = {}
    if chain_worked_well is None:
        errors["chain_worked_well"] = [_("Geef aan of de keten goed samenwerkte.")]
    elif not chain_worked_well and not (leerpunten.strip() or verbetervoorstellen.strip()):
        errors["leerpunten"] = [
            _(
                "De keten werkte niet goed samen: beschrijf leerpunten of verbetervoorstellen "
                "(of allebei)."
            )
        ]
    for field, text in (("leerpunten", leerpunten), ("verbetervoorstellen", verbetervoorstellen)):
        if len(text) > (limit := max_length(CaseEvaluation, field)):
            errors.setdefault(field, []).append(_too_long(limit))
    return errors


def _too_long(maximum: int) -> str:
    return _("Gebruik ten hoogste %(max)d tekens.") % {"max": maximum}


def regie_organisation_refusal(*, organisation: Organisation, case: Case) -> str | None:
    """Regie goes back only to an active convenant partner of the case's region."""
    if (
        organisation.region_id != case.region_id
        or not organisation.is_active
        or not organisation.has_signed_convenant
    ):
        return _(
            "%(organisation)s is geen actieve convenantpartner van deze regio; de regie kan "
            "daar niet worden teruggelegd."
        ) % {"organisation": organisation}
    return None


# --- Helpers --------------------------------------------------------------------------


def _require_direction(*, actor: User, case: Case) -> None:
    if not may_direct_case(actor, case):
        raise PermissionDenied(_("Alleen de procesregisseur van deze casus kan dit doen."))


def _lock_in_state(*, case: Case, states: frozenset[str], action: str) -> Case:
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.state not in states:
        raise ValidationError(
            _("Een casus met status ‘%(state)s’ kan niet worden %(action)s.")
            % {"state": CaseState(locked.state).label, "action": action},
            code="wrong_state",
        )
    return locked


def _checklist_input_errors(*, case: Case, checklist: ChecklistInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for field in (
        "risks_note",
        "cooperation_note",
        "consult_agreements",
        "reescalation_agreements",
    ):
        if len(getattr(checklist, field)) > (limit := max_length(DeEscalation, field)):
            errors[field] = [_too_long(limit)]
    if len(checklist.regie_contact) > CONTACT_MAX_LENGTH:
        errors["regie_contact"] = [_too_long(CONTACT_MAX_LENGTH)]
    if checklist.regie_organisation is not None:
        refusal = regie_organisation_refusal(organisation=checklist.regie_organisation, case=case)
        if refusal:
            errors["regie_organisation"] = [refusal]
    return errors


def _store_checklist(
    *, case: Case, checklist: ChecklistInput, actor: User, expected_version: int | None
) -> DeEscalation:
    errors = _checklist_input_errors(case=case, checklist=checklist)
    if errors:
        raise ValidationError(errors)
    # A checklist nobody saved yet is version 0: whoever saves it first creates it, and a
    # second form opened on the empty checklist then meets the first one's version.
    deescalation, _created = DeEscalation.objects.get_or_create(case=case)
    claim_version(deescalation, expected=expected_version, actor=actor, what=CHECKLIST)
    deescalation.risks_checked = checklist.risks_checked
    deescalation.risks_note = checklist.risks_note.strip()
    deescalation.cooperation_checked = checklist.cooperation_checked
    deescalation.cooperation_note = checklist.cooperation_note.strip()
    deescalation.regie_organisation = checklist.regie_organisation
    deescalation.regie_contact = checklist.regie_contact.strip()
    deescalation.consult_agreements = checklist.consult_agreements.strip()
    deescalation.reescalation_agreements = checklist.reescalation_agreements.strip()
    # A checklist completed in an earlier round (before a reopening) is a concept again
    # until this round's afschalen completes it.
    deescalation.completed_by = None
    deescalation.completed_at = None
    deescalation.save()
    return deescalation


# --- Afschalen ------------------------------------------------------------------------


@transaction.atomic
def save_deescalation(
    *,
    actor: User,
    case: Case,
    checklist: ChecklistInput,
    expected_version: int | None = None,
) -> DeEscalation:
    """Save the checklist as a concept: any part may still be missing."""
    _require_direction(actor=actor, case=case)
    _lock_in_state(case=case, states=DE_ESCALATION_STATES, action=_("afgeschaald"))
    deescalation = _store_checklist(
        case=case, checklist=checklist, actor=actor, expected_version=expected_version
    )
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        case=case,
        obj=deescalation,
        detail=_("Afschaalchecklist opgeslagen (concept)"),
    )
    return deescalation


@transaction.atomic
def de_escalate(
    *,
    case: Case,
    actor: User,
    checklist: ChecklistInput | None = None,
    expected_version: int | None = None,
) -> CaseTransition:
    """Hand regie back to a partner: only with a complete checklist, all or nothing.

    With `checklist` the typed checklist is saved first, in the same transaction, so a
    refusal leaves neither the checklist nor the case changed.
    """
    _require_direction(actor=actor, case=case)
    _lock_in_state(case=case, states=DE_ESCALATION_STATES, action=_("afgeschaald"))
    if checklist is not None:
        deescalation = _store_checklist(
            case=case, checklist=checklist, actor=actor, expected_version=expected_version
        )
    else:
        stored = DeEscalation.objects.select_related("regie_organisation").filter(case=case).first()
        deescalation = stored if stored is not None else DeEscalation(case=case)
    gaps = checklist_gaps(deescalation)
    if gaps:
        raise ValidationError({field: [message] for field, message in gaps.items()})
    assert deescalation.regie_organisation is not None  # a gap otherwise
    refusal = regie_organisation_refusal(organisation=deescalation.regie_organisation, case=case)
    if refusal:
        raise ValidationError({"regie_organisation": [refusal]})
    deescalation.completed_by = actor
    deescalation.completed_at = timezone.now()
    deescalation.save(update_fields=["completed_by", "completed_at"])
    sync_regie_holders(case=case)
    transition = transition_case(
        case=case,
        to_state=CaseState.AFGESCHAALD,
        actor=actor,
        reason=(
            _("Afgeschaald; regie teruggelegd bij %(organisation)s")
            % {"organisation": deescalation.regie_organisation}
        )[:TRANSITION_REASON_LENGTH],
    )
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        case=case,
        obj=deescalation,
        detail=_("Casus afgeschaald"),
    )
    return transition


# --- Afsluiten en evaluatie -------------------------------------------------------------


def _new_evaluation(*, case: Case, actor: User, evaluation: EvaluationInput) -> CaseEvaluation:
    return CaseEvaluation.objects.create(
        case=case,
        chain_worked_well=evaluation.chain_worked_well,
        leerpunten=evaluation.leerpunten.strip(),
        verbetervoorstellen=evaluation.verbetervoorstellen.strip(),
        by=actor,
    )


@transaction.atomic
def close_case(
    *,
    case: Case,
    actor: User,
    outcome: str,
    reason: str,
    evaluation: EvaluationInput | None = None,
) -> Closure:
    """Close a case with its outcome against the hoofddoel and the reason, and evaluate."""
    _require_direction(actor=actor, case=case)
    _lock_in_state(case=case, states=CLOSE_STATES, action=_("afgesloten"))
    errors: dict[str, list[str]] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = [_("Kies het resultaat ten opzichte van het hoofddoel.")]
    if not reason.strip():
        errors["reason"] = [_("Geef de reden van afsluiten.")]
    elif len(reason) > (limit := max_length(Closure, "reason")):
        errors["reason"] = [_too_long(limit)]
    if evaluation is not None:
        for field, messages in evaluation_errors(
            chain_worked_well=evaluation.chain_worked_well,
            leerpunten=evaluation.leerpunten,
            verbetervoorstellen=evaluation.verbetervoorstellen,
        ).items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    closure = Closure.objects.create(
        case=case, outcome=outcome, reason=reason.strip(), closed_by=actor
    )
    if evaluation is not None:
        _new_evaluation(case=case, actor=actor, evaluation=evaluation)
    # Closed, the case's work is done: what was still open is no longer chased.
    lapse_open_actions(case=case, reason=_("Vervallen: casus afgesloten."))
    transition_case(
        case=case,
        to_state=CaseState.AFGESLOTEN,
        actor=actor,
        # The status history is shown to every participant; the reason itself stays in
        # the closure, which only procesregie and the table read.
        reason=_("Afgesloten; hoofddoel %(outcome)s") % {"outcome": Outcome(outcome).label.lower()},
    )
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        case=case,
        obj=closure,
        detail=_("Casus afgesloten"),
    )
    return closure


@transaction.atomic
def add_evaluation(
    *,
    case: Case,
    actor: User,
    evaluation: EvaluationInput,
) -> CaseEvaluation:
    """An evaluation added later to a closed case."""
    _require_direction(actor=actor, case=case)
    _lock_in_state(case=case, states=EVALUATION_STATES, action=_("geëvalueerd"))
    errors = evaluation_errors(
        chain_worked_well=evaluation.chain_worked_well,
        leerpunten=evaluation.leerpunten,
        verbetervoorstellen=evaluation.verbetervoorstellen,
    )
    if errors:
        raise ValidationError(errors)
    created = _new_evaluation(case=case, actor=actor, evaluation=evaluation)
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        case=case,
        obj=created,
        detail=_("Evaluatie toegevoegd"),
    )
    return created
