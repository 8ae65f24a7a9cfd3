from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.closure.models import CaseEvaluation, Closure, DeEscalation, Outcome
from schakel.closure.selectors import regie_organisations
from schakel.closure.services import ChecklistInput, EvaluationInput
from schakel.core.concurrency import VersionedFormMixin
from schakel.core.forms import SafeModelChoiceField, SchakelForm, choice_field, label_of, text_field
from schakel.organisations.models import Organisation

ACTION_CONCEPT = "concept"
ACTION_DE_ESCALATE = "afschalen"


def _text(model, name, *, rows=3, **kwargs):
    """An optional text of the checklist or the evaluation; the service judges it."""
    return text_field(model, name, rows=rows, required=False, **kwargs)


class DeEscalationForm(VersionedFormMixin, SchakelForm):
    """The afschaal checklist. Every part may be empty for a concept; the service decides
    whether the checklist is complete enough to afschalen."""

    risks_checked = forms.BooleanField(
        label=label_of(DeEscalation, "risks_checked"), required=False
    )
    risks_note = _text(
        DeEscalation,
        "risks_note",
        help_text=_("Welke risico's zijn er nog, en welke maatregelen lopen door?"),
    )
    cooperation_checked = forms.BooleanField(
        label=label_of(DeEscalation, "cooperation_checked"), required=False
    )
    cooperation_note = _text(
        DeEscalation,
        "cooperation_note",
        help_text=_("Hoe verloopt de samenwerking tussen de partijen rond deze casus?"),
    )
    regie_organisation = SafeModelChoiceField(
        label=label_of(DeEscalation, "regie_organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— kies een partner —"),
        help_text=_("Alleen actieve convenantpartners van de regio."),
        error_messages={
            "invalid_choice": _("Kies een convenantpartner van deze regio uit de lijst."),
        },
    )
    regie_contact = _text(
        DeEscalation,
        "regie_contact",
        rows=None,
        help_text=_("De professional die de regie overneemt, met functie."),
    )
    consult_agreements = _text(
        DeEscalation,
        "consult_agreements",
        help_text=_("Bijvoorbeeld: bij een nieuwe melding of als een maatregel afloopt."),
    )
    reescalation_agreements = _text(
        DeEscalation,
        "reescalation_agreements",
        help_text=_("Bij welke signalen komt de casus terug aan tafel?"),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regie_organisation"].queryset = regie_organisations(case=case)

    def checklist(self) -> ChecklistInput:
        return ChecklistInput(**self.split_version()[1])

    def fieldsets(self):
        return [
            (_("Laatste check op risico's en maatregelen"), ["risks_checked", "risks_note"]),
            (
                _("Laatste check op de samenwerking tussen de partijen"),
                ["cooperation_checked", "cooperation_note"],
            ),
            (_("Regie teruggelegd bij"), ["regie_organisation", "regie_contact"]),
            (
                _("Afspraken over consultatie en opnieuw opschalen"),
                ["consult_agreements", "reescalation_agreements"],
            ),
        ]

    def bound_fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets()]


YES_NO = [("ja", _("Ja")), ("nee", _("Nee"))]


class EvaluationForm(SchakelForm):
    chain_worked_well = forms.TypedChoiceField(
        label=_("De keten werkte goed samen"),
        choices=YES_NO,
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Geef aan of de keten goed samenwerkte."),
            "invalid_choice": _("Kies ja of nee."),
        },
    )
    leerpunten = _text(
        CaseEvaluation,
        "leerpunten",
        rows=4,
        help_text=_(
            "Wat doen we een volgende keer anders? Verplicht (of een verbetervoorstel) als de "
            "keten niet goed samenwerkte. Zonder namen of andere persoonsgegevens."
        ),
    )
    verbetervoorstellen = _text(
        CaseEvaluation,
        "verbetervoorstellen",
        rows=4,
        help_text=_(
            "Wat moet er in de structuur van de keten veranderen (beleid, financiering, "
            "voorzieningen)? Gaat naar de stuurgroep: schrijf het zonder namen, BSN of andere "
            "persoonsgegevens."
        ),
    )

    def evaluation(self) -> EvaluationInput:
        return EvaluationInput(
            chain_worked_well=self.cleaned_data["chain_worked_well"],
            leerpunten=self.cleaned_data["leerpunten"],
            verbetervoorstellen=self.cleaned_data["verbetervoorstellen"],
        )


class CloseForm(EvaluationForm):
    outcome = choice_field(
        _("Resultaat ten opzichte van het hoofddoel"),
        Outcome.choices,
        message=_("Kies het resultaat ten opzichte van het hoofddoel."),
        widget=forms.RadioSelect,
    )
    reason = text_field(
        Closure,
        "reason",
        rows=4,
        error_messages={"required": _("Geef de reden van afsluiten.")},
    )

    field_order = ["outcome", "reason", "chain_worked_well", "leerpunten", "verbetervoorstellen"]

    def bound_fieldsets(self):
        return [
            (_("Afsluiting"), [self["outcome"], self["reason"]]),
            (
                _("Evaluatie van de samenwerking in de keten"),
                [self["chain_worked_well"], self["leerpunten"], self["verbetervoorstellen"]],
            ),
        ]


class ImprovementFilterForm(SchakelForm):
    """Filter of the verbetervoorstellen list; holds no personal data, so GET is fine."""

    tafel = SafeModelChoiceField(
        label=_("Regietafel"),
        queryset=None,
        required=False,
        empty_label=_("Alle regietafels"),
        error_messages={"invalid_choice": _("Kies een regietafel uit de lijst.")},
    )
    jaar = forms.TypedChoiceField(
        label=_("Jaar"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Kies een jaar uit de lijst.")},
    )

    def __init__(self, *args, tables, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tafel"].queryset = tables
        self.fields["jaar"].choices = [("", _("Alle jaren"))] + [(y, str(y)) for y in years]

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {"table": self.cleaned_data["tafel"], "year": self.cleaned_data["jaar"]}
