"""The case lifecycle of Schakel: states and the only transitions allowed between them."""

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


ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseState.AANGEMELD: frozenset(
        {CaseState.IN_UITVRAAG, CaseState.IN_TRIAGE, CaseState.NIET_IN_BEHANDELING}
    ),
    CaseState.IN_UITVRAAG: frozenset({CaseState.IN_TRIAGE, CaseState.NIET_IN_BEHANDELING}),
    CaseState.IN_TRIAGE: frozenset(
        {CaseState.IN_UITVRAAG, CaseState.GEAGENDEERD, CaseState.NIET_IN_BEHANDELING}
    ),
    CaseState.GEAGENDEERD: frozenset(
        {CaseState.IN_UITVOERING, CaseState.AFGESCHAALD, CaseState.AFGESLOTEN}
    ),
    CaseState.IN_UITVOERING: frozenset({CaseState.AFGESCHAALD, CaseState.AFGESLOTEN}),
    CaseState.AFGESCHAALD: frozenset({CaseState.IN_UITVOERING, CaseState.AFGESLOTEN}),
    # A her-melding reopens a closed case, keeping its history.
    CaseState.AFGESLOTEN: frozenset({CaseState.AANGEMELD}),
    CaseState.NIET_IN_BEHANDELING: frozenset({CaseState.AANGEMELD}),
}

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
