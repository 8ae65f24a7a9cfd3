from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.core.forms import (
    SafeModelChoiceField,
    SafeModelMultipleChoiceField,
    SchakelForm,
    choice_field,
    text_field,
)
from schakel.organisations.models import Organisation
from schakel.tables.models import Table
from schakel.triage.models import Rating, TriageDecision, TriageOutcome
from schakel.triage.selectors import invitable_partners, tables_for_case

# The selection criteria of the Landelijk Kader Veiligheidshuizen, in their own words.
CRITERIA_LABELS = {
    "meets_multiple_domains": _(
        "1. Er is sprake van meerdere problemen (multiproblem) die op meer dan één leefgebied "
        "spelen en die (naar verwachting) leiden tot crimineel en/of overlastgevend gedrag of "
        "verder afglijden; én"
    ),
    "needs_multiple_chains": _(
        "2. Samenwerking van meer dan één keten (straf, zorg, bestuur; drang en dwang) is nodig "
        "om tot een effectieve aanpak te komen. Het lukt binnen de reguliere samenwerking tussen "
        "partners niet om tot een oplossing te komen; én"
    ),
    "impacts_system": _(
        "3. De problematiek heeft impact op het systeem en/of de leefomgeving (of wordt verwacht "
        "dat te gaan hebben); óf"
    ),
    "impacts_local_safety": _(
        "4. Er is sprake van complexe problematiek die impact heeft op de lokale of "
        "gebiedsgebonden veiligheid."
    ),
}

O3MP_LABELS = {
    "o3mp_applied": _("De O3MP-toets is toegepast"),
    "o3mp_ondoorgrondelijk": _(
        "Ondoorgrondelijk: een zeer complexe zaak met veel factoren die op elkaar ingrijpen; "
        "eerst moet worden onderzocht wat er precies aan de hand is"
    ),
    "o3mp_ongrijpbaar": _(
        "Ongrijpbaar: de afzonderlijke ketens zijn er nog niet in geslaagd vat op de "
        "problematiek te krijgen"
    ),
    "o3mp_ontwrichtend": _(
        "Ontwrichtend: grote impact op de persoon zelf, op het gezin en op de omgeving"
    ),
}

CRITERIA_FIELDS = tuple(CRITERIA_LABELS)
O3MP_FIELDS = tuple(O3MP_LABELS)
RATING_FIELDS = ("complexity", "risk", "unrest")
AGENDA_FIELDS = ("table", "purpose", "questions", "required_partners")
OTHER_OUTCOME_FIELDS = ("referred_to",)


def _rating_field(label, message):
    return choice_field(label, Rating.choices, message=message, widget=forms.RadioSelect)


class TriageDecisionForm(SchakelForm):
    """Input for schakel.triage.services.decide_triage; the service holds the rules."""

    meets_multiple_domains = forms.BooleanField(
        label=CRITERIA_LABELS["meets_multiple_domains"], required=False
    )
    needs_multiple_chains = forms.BooleanField(
        label=CRITERIA_LABELS["needs_multiple_chains"], required=False
    )
    impacts_system = forms.BooleanField(label=CRITERIA_LABELS["impacts_system"], required=False)
    impacts_local_safety = forms.BooleanField(
        label=CRITERIA_LABELS["impacts_local_safety"], required=False
    )
    o3mp_applied = forms.BooleanField(label=O3MP_LABELS["o3mp_applied"], required=False)
    o3mp_ondoorgrondelijk = forms.BooleanField(
        label=O3MP_LABELS["o3mp_ondoorgrondelijk"], required=False
    )
    o3mp_ongrijpbaar = forms.BooleanField(label=O3MP_LABELS["o3mp_ongrijpbaar"], required=False)
    o3mp_ontwrichtend = forms.BooleanField(label=O3MP_LABELS["o3mp_ontwrichtend"], required=False)
    complexity = _rating_field(_("Complexiteit"), _("Geef aan hoe complex de casus is."))
    risk = _rating_field(_("Risico"), _("Geef aan hoe groot het risico is."))
    unrest = _rating_field(
        _("Maatschappelijke onrust"), _("Geef aan hoeveel maatschappelijke onrust er is.")
    )
    outcome = forms.ChoiceField(
        label=_("Besluit"),
        choices=TriageOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies een besluit."),
            "invalid_choice": _("Kies een besluit uit de lijst."),
        },
    )
    reason = text_field(
        TriageDecision,
        "reason",
        rows=4,
        help_text=_("Waarom dit besluit? Wordt ook aan de melder teruggekoppeld."),
        error_messages={"required": _("Motiveer het besluit.")},
    )
    table = SafeModelChoiceField(
        label=_("Regietafel"),
        queryset=Table.objects.all(),
        required=False,
        error_messages={"invalid_choice": _("Kies een regietafel uit de lijst.")},
    )
    purpose = text_field(
        TriageDecision,
        "purpose",
        required=False,
        rows=3,
        help_text=_(
            "Het doel legitimeert het delen van informatie aan tafel (doelbinding). "
            "Verplicht bij agenderen."
        ),
    )
    questions = text_field(
        TriageDecision,
        "questions",
        label=_("Vragen die beantwoord moeten worden"),
        required=False,
        rows=3,
        help_text=_("Verplicht bij agenderen."),
    )
    required_partners = SafeModelMultipleChoiceField(
        label=_("Partners die aanwezig moeten zijn"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Naast de vaste deelnemers van de tafel. Alleen convenantpartners van de regio."
        ),
        error_messages={
            "invalid_choice": _("Kies alleen partners uit de lijst."),
            "invalid_pk_value": _("Kies alleen partners uit de lijst."),
        },
    )
    referred_to = text_field(
        TriageDecision,
        "referred_to",
        required=False,
        help_text=_("Bijvoorbeeld het wijkteam of een partner. Verplicht bij doorverwijzen."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id validates here so that a tampered choice reaches the service and gets its
        # precise refusal; the inputs only offer what is allowed for this case.
        self.fields["table"].widget.choices = [
            ("", _("— kies een regietafel —")),
            *((t.pk, str(t)) for t in tables_for_case(case=case)),
        ]
        self.fields["required_partners"].widget.choices = [
            (o.pk, str(o)) for o in invitable_partners(case=case)
        ]

    def fieldsets(self):
        """The form in the order of the weegoverleg, for the template."""
        return [
            (_("Criteria van het Landelijk Kader"), [self[name] for name in CRITERIA_FIELDS]),
            (_("O3MP-toets (optioneel)"), [self[name] for name in O3MP_FIELDS]),
            (_("Weging"), [self[name] for name in RATING_FIELDS]),
            (_("Besluit en motivering"), [self["outcome"], self["reason"]]),
            (_("Bij agenderen op een regietafel"), [self[name] for name in AGENDA_FIELDS]),
            (
                _("Bij advies, doorverwijzen, ZSM-advies of niet in behandeling"),
                [self[name] for name in OTHER_OUTCOME_FIELDS],
            ),
        ]
