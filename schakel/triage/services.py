"""Writes of the weegoverleg (PRODUCT.md section 7): start triage and decide."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import may_triage
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case
from schakel.cases.selectors import persons_in_case
from schakel.cases.services import transition_case
from schakel.core.fields import max_length
from schakel.triage import signals
from schakel.triage.models import Rating, TriageDecision, TriageOutcome

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.organisations.models import Organisation
    from schakel.tables.models import Table

TRIAGE_SOURCE_STATES = frozenset({CaseState.AANGEMELD, CaseState.IN_UITVRAAG})
REASON_MAX_LENGTH = max_length(TriageDecision, "reason")
TEXT_MAX_LENGTH = max_length(TriageDecision, "purpose")
# CaseTransition.reason holds at most this many characters.
TRANSITION_REASON_LENGTH = 500


@transaction.atomic
def start_triage(*, actor: User, case: Case) -> None:
    """Put a melding (aangemeld or in uitvraag) before the weegoverleg."""
    if not may_triage(user=actor, case=case):
        raise PermissionDenied(_("Alleen de procesregisseur van deze casus kan triage starten."))
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.state not in TRIAGE_SOURCE_STATES:
        raise ValidationError(
            _("Een casus met status ‘%(state)s’ kan niet naar triage.")
            % {"state": CaseState(locked.state).label},
            code="wrong_state",
        )
    transition_case(
        case=case, to_state=CaseState.IN_TRIAGE, actor=actor, reason=_("Naar triage (weegoverleg)")
    )
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        case=case,
        persons=persons_in_case(case),
        obj=case,
        detail=_("Triage gestart"),
    )


def partner_refusal(*, organisation: Organisation, case: Case) -> str | None:
    """Why this organisation may not be invited to the table for this case, or None."""
    if (
        organisation.region_id != case.region_id
        or not organisation.is_active
        or not organisation.has_signed_convenant
    ):
        return _(
            "%(organisation)s is geen actieve convenantpartner van deze regio "
            "en kan niet aan tafel worden uitgenodigd."
        ) % {"organisation": organisation}
    return None


def _decision_errors(
    *,
    case: Case,
    decision: TriageDecision,
    required_partners: list[Organisation],
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for field, message in (
        ("complexity", _("Geef aan hoe complex de casus is.")),
        ("risk", _("Geef aan hoe groot het risico is.")),
        ("unrest", _("Geef aan hoeveel maatschappelijke onrust er is.")),
    ):
        if getattr(decision, field) not in Rating.values:
            refuse(field, message)
    if decision.outcome not in TriageOutcome.values:
        refuse("outcome", _("Kies een besluit."))
    if not decision.reason.strip():
        refuse("reason", _("Motiveer het besluit."))
    elif len(decision.reason) > REASON_MAX_LENGTH:
        refuse(
            "reason",
            _("Gebruik ten hoogste %(max)d tekens.") % {"max": REASON_MAX_LENGTH},
        )
    for field in ("purpose", "questions"):
        if len(getattr(decision, field)) > TEXT_MAX_LENGTH:
            refuse(field, _("Gebruik ten hoogste %(max)d tekens.") % {"max": TEXT_MAX_LENGTH})

    if decision.outcome == TriageOutcome.AGENDEREN:
        table = decision.table
        if table is None:
            refuse("table", _("Kies de regietafel waarop de casus wordt geagendeerd."))
        elif table.region_id != case.region_id:
            refuse("table", _("Deze regietafel hoort niet bij de regio van de casus."))
        elif not table.is_active:
            refuse("table", _("Deze regietafel is niet actief."))
        if not decision.purpose.strip():
            refuse(
                "purpose",
                _("Zonder doel van de bespreking kan een casus niet worden geagendeerd."),
            )
        if not decision.questions.strip():
            refuse(
                "questions",
                _("Geef de vragen die aan tafel beantwoord moeten worden."),
            )
        if not (decision.meets_landelijk_kader or decision.meets_o3mp):
            refuse(
                "outcome",
                _(
                    "De casus voldoet niet aan de criteria van het Landelijk Kader "
                    "(1, 2 én 3, of 4) en ook niet aan de volledige O3MP-toets "
                    "(ondoorgrondelijk, ongrijpbaar én ontwrichtend). Agenderen is daarom "
                    "niet mogelijk; kies advies, doorverwijzen, ZSM-advies of niet in behandeling."
                ),
            )
        for organisation in required_partners:
            refusal = partner_refusal(organisation=organisation, case=case)
            if refusal:
                refuse("required_partners", refusal)
    if decision.outcome == TriageOutcome.DOORVERWIJZEN and not decision.referred_to.strip():
        refuse(
            "referred_to",
            _("Geef aan naar welke partner of welk lokaal netwerk de casus wordt verwezen."),
        )
    if len(decision.referred_to) > max_length(TriageDecision, "referred_to"):
        refuse("referred_to", _("Gebruik ten hoogste 200 tekens."))
    return errors


@transaction.atomic
def decide_triage(
    *,
    actor: User,
    case: Case,
    meets_multiple_domains: bool,
    needs_multiple_chains: bool,
    impacts_system: bool,
    impacts_local_safety: bool,
    o3mp_applied: bool,
    o3mp_ondoorgrondelijk: bool,
    o3mp_ongrijpbaar: bool,
    o3mp_ontwrichtend: bool,
    complexity: str,
    risk: str,
    unrest: str,
    outcome: str,
    reason: str,
    table: Table | None = None,
    purpose: str = "",
    questions: str = "",
    referred_to: str = "",
    required_partners: Iterable[Organisation] = (),
) -> TriageDecision:
    """Record the weegoverleg decision and move the case on: to a table, or out."""
    if not may_triage(user=actor, case=case):
        raise PermissionDenied(_("Alleen de procesregisseur van deze casus beslist over triage."))
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.state != CaseState.IN_TRIAGE:
        raise ValidationError(
            _(
                "Over deze casus kan geen triagebesluit worden genomen: de status is "
                "‘%(state)s’ en niet ‘In triage’."
            )
            % {"state": CaseState(locked.state).label},
            code="wrong_state",
        )
    agenderen = outcome == TriageOutcome.AGENDEREN
    required_partners = list(required_partners) if agenderen else []
    decision = TriageDecision(
        case=case,
        meets_multiple_domains=meets_multiple_domains,
        needs_multiple_chains=needs_multiple_chains,
        impacts_system=impacts_system,
        impacts_local_safety=impacts_local_safety,
        o3mp_applied=o3mp_applied,
        # The O3MP answers only count when the test was applied.
        o3mp_ondoorgrondelijk=o3mp_applied and o3mp_ondoorgrondelijk,
        o3mp_ongrijpbaar=o3mp_applied and o3mp_ongrijpbaar,
        o3mp_ontwrichtend=o3mp_applied and o3mp_ontwrichtend,
        complexity=complexity or "",
        risk=risk or "",
        unrest=unrest or "",
        outcome=outcome or "",
        reason=(reason or "").strip(),
        # The fields of the other outcomes are dropped, so a decision never says two things.
        table=table if agenderen else None,
        purpose=(purpose or "").strip() if agenderen else "",
        questions=(questions or "").strip() if agenderen else "",
        referred_to="" if agenderen else (referred_to or "").strip(),
        decided_by=actor,
    )
    errors = _decision_errors(case=case, decision=decision, required_partners=required_partners)
    if errors:
        raise ValidationError(errors)
    decision.save()
    decision.required_partners.set(required_partners)

    if agenderen:
        case.table = table
        update_fields = ["table"]
        if case.procesregisseur_id is None:
            case.procesregisseur = actor
            update_fields.append("procesregisseur")
        case.save(update_fields=update_fields)
        transition_case(
            case=case,
            to_state=CaseState.GEAGENDEERD,
            actor=actor,
            reason=(
                _("Triage: geagendeerd op %(table)s. Doel: %(purpose)s")
                % {"table": table, "purpose": decision.purpose}
            )[:TRANSITION_REASON_LENGTH],
        )
        # On the table the case gets its plan van aanpak: plans does that on the
        # triage_decided signal below (plans sits above triage).
        # Nobody reads the case yet because of this decision: the table's standing members
        # and the partners named here become the default invitees of its agenda item, and
        # read from that meeting's information window (schakel.access.policy).
    else:
        transition_case(
            case=case,
            to_state=CaseState.NIET_IN_BEHANDELING,
            actor=actor,
            reason=(f"{TriageOutcome(decision.outcome).label}: {decision.reason}")[
                :TRANSITION_REASON_LENGTH
            ],
        )
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        case=case,
        persons=persons_in_case(case),
        obj=decision,
        purpose=decision.purpose,
        detail=_("Triagebesluit: %(outcome)s") % {"outcome": TriageOutcome(outcome).label},
    )
    signals.triage_decided.send(sender=TriageDecision, decision=decision)
    return decision
