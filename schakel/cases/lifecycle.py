"""The case lifecycle of Schakel: states and the only transitions allowed between them.

Samengevoegd is a side exit of intake (aangemeld, in uitvraag, in triage) for a melding
that belongs to another case; it is final and names that case (Case.merged_into). Its
meldingen and persons move there (cases.services.merge_case). Who reads what after that:

- a duplicate melding merged into a running case: the melder becomes melder of that case
  too — its melding is part of it now, so under need-to-know it is involved;
- a melding taken in as a her-melding of a closed case (referrals.services.
  attach_rereport): the closed case reopens (aangemeld) with its history, but the
  reporting partner does not become its melder. It reads nothing of the closed case, not
  even its reference: the procesregisseur invites it if it is needed;
- either way, the melder keeps reading its own case as samengevoegd, with its own melding,
  and the other case only by the reference when it may open that case.

A region transfer (schakel.transfers) is the one step outside this graph: an accepted
transfer hands an open case to the intake (aangemeld) of the receiving region, which weighs
it itself (cases.services.restart_intake_after_transfer).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseState(models.TextChoices):
    AANGEMELD = "aangemeld", _("Aangemeld")
    IN_UITVRAAG = "in_uitvraag", _("In uitvraag")
    IN_TRIAGE = "in_triage", _("In triage")
    GEAGENDEERD = "geagendeerd", _("Geagendeerd")
    IN_UITVOERING = "in_uitvoering", _("In uitvoering")
    AFGESCHAALD = "afgeschaald", _("Afgeschaald")
    AFGESLOTEN = "afgesloten", _("Afgesloten")
    NIET_IN_BEHANDELING = "niet_in_behandeling", _("Niet in behandeling genomen")
    # A side exit of intake: the melding went into another case (Case.merged_into).
    SAMENGEVOEGD = "samengevoegd", _("Samengevoegd")


ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseState.AANGEMELD: frozenset(
        {
            CaseState.IN_UITVRAAG,
            CaseState.IN_TRIAGE,
            CaseState.NIET_IN_BEHANDELING,
            CaseState.SAMENGEVOEGD,
        }
    ),
    CaseState.IN_UITVRAAG: frozenset(
        {CaseState.IN_TRIAGE, CaseState.NIET_IN_BEHANDELING, CaseState.SAMENGEVOEGD}
    ),
    CaseState.IN_TRIAGE: frozenset(
        {
            CaseState.IN_UITVRAAG,
            CaseState.GEAGENDEERD,
            CaseState.NIET_IN_BEHANDELING,
            CaseState.SAMENGEVOEGD,
        }
    ),
    CaseState.GEAGENDEERD: frozenset(
        {CaseState.IN_UITVOERING, CaseState.AFGESCHAALD, CaseState.AFGESLOTEN}
    ),
    CaseState.IN_UITVOERING: frozenset({CaseState.AFGESCHAALD, CaseState.AFGESLOTEN}),
    CaseState.AFGESCHAALD: frozenset({CaseState.IN_UITVOERING, CaseState.AFGESLOTEN}),
    # A her-melding reopens a closed case, keeping its history.
    CaseState.AFGESLOTEN: frozenset({CaseState.AANGEMELD}),
    CaseState.NIET_IN_BEHANDELING: frozenset({CaseState.AANGEMELD}),
    # Final: the case lives on in the case it was merged into. Nothing reopens it; a new
    # melding about the same person is a her-melding of that other case.
    CaseState.SAMENGEVOEGD: frozenset(),
}

# The only state without an exit.
FINAL_STATES = frozenset({CaseState.SAMENGEVOEGD})
# Closed cases that a her-melding reopens.
CLOSED_STATES = frozenset({CaseState.AFGESLOTEN, CaseState.NIET_IN_BEHANDELING})

# A case has a plan van aanpak from the moment it is put on a table onwards. The only way
# in is in_triage -> geagendeerd (triage.services.decide_triage), which creates the plan.
PLAN_STATES = frozenset(
    {
        CaseState.GEAGENDEERD,
        CaseState.IN_UITVOERING,
        CaseState.AFGESCHAALD,
        CaseState.AFGESLOTEN,
    }
)
# Procesregie changes the plan only while the case is being worked on.
PLAN_EDITABLE_STATES = frozenset(
    {CaseState.GEAGENDEERD, CaseState.IN_UITVOERING, CaseState.AFGESCHAALD}
)

INTAKE_STATES = frozenset({CaseState.AANGEMELD, CaseState.IN_UITVRAAG, CaseState.IN_TRIAGE})
OPEN_STATES = frozenset(
    {
        CaseState.AANGEMELD,
        CaseState.IN_UITVRAAG,
        CaseState.IN_TRIAGE,
        CaseState.GEAGENDEERD,
        CaseState.IN_UITVOERING,
        CaseState.AFGESCHAALD,
    }
)


def is_allowed(source: str, target: str) -> bool:
    return target in ALLOWED_TRANSITIONS.get(source, frozenset())
