from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from schakel.closure.models import Afschaling, Outcome
from schakel.closure.selectors import regie_organisations
from schakel.closure.services import (
    CONTACT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    ChecklistInput,
    EvaluationInput,
)
from schakel.core.concurrency import VersionedFormMixin
from schakel.core.forms import SafeModelChoiceField
from schakel.organisations.models import Organisation

ACTION_CONCEPT = "concept"
ACTION_AFSCHALEN = "afschalen"


def _text(label, *, max_length=TEXT_MAX_LENGTH, rows=3, help_text="", **kwargs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput(),
        error_messages={
            "max_length": _("Gebruik ten hoogste %(limit_value)d tekens."),
        },
        **kwargs,
    )


def _label(field_name: str):
    return capfirst(Afschaling._meta.get_field(field_name).verbose_name)


class AfschalingForm(VersionedFormMixin, forms.Form):
    """The afschaal checklist. Every part may be empty for a concept; the service decides
    whether the checklist is complete enough to afschalen."""

    risks_checked = forms.BooleanField(label=_label("risks_checked"), required=False)
    risks_note = _text(
        _label("risks_note"),
        help_text=_("Welke risico's zijn er nog, en welke maatregelen lopen door?"),
    )
    cooperation_checked = forms.BooleanField(label=_label("cooperation_checked"), required=False)
    cooperation_note = _text(
        _label("cooperation_note"),
        help_text=_("Hoe verloopt de samenwerking tussen de partijen rond deze casus?"),
    )
    regie_organisation = SafeModelChoiceField(
        label=_label("regie_organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— kies een partner —"),
        help_text=_("Alleen actieve convenantpartners van de regio."),
        error_messages={
            "invalid_choice": _("Kies een convenantpartner van deze regio uit de lijst."),
        },
    )
    regie_contact = _text(
        _label("regie_contact"),
        max_length=CONTACT_MAX_LENGTH,
        rows=0,
        help_text=_("De professional die de regie overneemt, met functie."),
    )
    consult_agreements = _text(
        _label("consult_agreements"),
        help_text=_("Bijvoorbeeld: bij een nieuwe melding of als een maatregel afloopt."),
    )
    reescalation_agreements = _text(
        _label("reescalation_agreements"),
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


class EvaluationForm(forms.Form):
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
        _("Leerpunten"),
        rows=4,
        help_text=_(
            "Wat doen we een volgende keer anders? Verplicht (of een verbetervoorstel) als de "
            "keten niet goed samenwerkte. Zonder namen of andere persoonsgegevens."
        ),
    )
    verbetervoorstellen = _text(
        _("Verbetervoorstellen"),
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
    outcome = forms.ChoiceField(
        label=_("Resultaat ten opzichte van het hoofddoel"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies het resultaat ten opzichte van het hoofddoel."),
            "invalid_choice": _("Kies het resultaat ten opzichte van het hoofddoel."),
        },
    )
    reason = forms.CharField(
        label=_("Reden van afsluiten"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Geef de reden van afsluiten."),
            "max_length": _("Gebruik ten hoogste %(limit_value)d tekens."),
        },
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


class ImprovementFilterForm(forms.Form):
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
