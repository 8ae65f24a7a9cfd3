"""Input forms of the plan van aanpak; the services hold the rules and do the writes.

Every editing form carries the plan's revision at the moment it was opened, so the
service can tell whether someone else saved in the meantime.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from schakel.access.policy import convenant_partners
from schakel.cases.models import LifeDomain
from schakel.core.concurrency import VersionField
from schakel.core.forms import SafeModelChoiceField, SafeModelMultipleChoiceField
from schakel.organisations.models import Organisation
from schakel.plans.models import (
    DomainStatus,
    Goal,
    Intervention,
    InterventionStatus,
    InterventionUpdate,
    Plan,
)
from schakel.plans.selectors import holder_label, task_recipients

CHOOSE_FROM_LIST = _("Kies een waarde uit de lijst.")


class RevisionField(VersionField):
    """The plan's revision the form was opened with (schakel.core.concurrency)."""

    def __init__(self, **kwargs):
        incomplete = _("Het formulier is onvolledig; open het plan opnieuw.")
        super().__init__(
            error_messages={
                "required": incomplete,
                "invalid": incomplete,
                "min_value": incomplete,
                "max_value": incomplete,
            },
            **kwargs,
        )


def _domains_field(label, required=False):
    return SafeModelMultipleChoiceField(
        label=label,
        queryset=LifeDomain.objects.order_by("position", "name"),
        widget=forms.CheckboxSelectMultiple,
        required=required,
        error_messages={"invalid_choice": CHOOSE_FROM_LIST, "invalid_pk_value": CHOOSE_FROM_LIST},
    )


def _organisation_field(label, queryset, required=False, help_text=""):
    return SafeModelChoiceField(
        label=label,
        queryset=queryset,
        required=required,
        help_text=help_text,
        empty_label=_("Kies een organisatie"),
        error_messages={
            "required": _("Kies een organisatie."),
            "invalid_choice": _("Kies een organisatie uit de lijst."),
        },
    )


def region_organisations(case) -> forms.models.QuerySet:
    """Organisations of the case's region that may receive case information."""
    return convenant_partners(region_id=case.region_id)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


def _date_field(label, help_text=""):
    return forms.DateField(
        label=label,
        required=False,
        widget=DateInput(),
        help_text=help_text,
        error_messages={"invalid": _("Vul een geldige datum in, bijvoorbeeld 2025-06-30.")},
    )


class PlanGeneralForm(forms.Form):
    revision = RevisionField()
    main_goal = forms.CharField(
        label=_("Hoofddoel"),
        max_length=Plan._meta.get_field("main_goal").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Wat moet de gezamenlijke aanpak bereiken? Verplicht om het plan vast te stellen."
        ),
        error_messages={"max_length": _("Gebruik hooguit %(limit_value)d tekens.")},
    )
    main_goal_domains = _domains_field(_("Leefgebieden van het hoofddoel"))
    casusregisseur_organisation = _organisation_field(
        _("Casusregisseur (organisatie)"),
        Organisation.objects.none(),
        help_text=_(
            "De partner die de regie op de casus zelf voert; procesregie blijft bij het ZVH."
        ),
    )
    casusregisseur_name = forms.CharField(
        label=_("Casusregisseur (persoon)"), max_length=200, required=False
    )
    non_compliance = forms.CharField(
        label=_("Handelingsperspectief bij niet-naleving"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat gebeurt er als de betrokkene zich niet aan de afspraken houdt?"),
    )
    monitoring = forms.CharField(
        label=_("Monitoringsafspraken"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reporting_organisation = _organisation_field(
        _("Rapporteert over de voortgang"), Organisation.objects.none()
    )
    reporting_frequency = forms.CharField(
        label=_("Rapportagefrequentie"),
        max_length=100,
        required=False,
        help_text=_("Bijvoorbeeld: elke vier weken."),
    )
    next_evaluation_on = _date_field(_("Volgende evaluatie"))
    escalation_agreements = forms.CharField(
        label=_("Afspraken over op- en afschalen"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = region_organisations(case)
        self.fields["casusregisseur_organisation"].queryset = organisations
        self.fields["reporting_organisation"].queryset = organisations

    @staticmethod
    def initial_for(plan: Plan) -> dict:
        return {
            "revision": plan.revision,
            "main_goal": plan.main_goal,
            "main_goal_domains": list(plan.main_goal_domains.all()),
            "casusregisseur_organisation": plan.casusregisseur_organisation_id,
            "casusregisseur_name": plan.casusregisseur_name,
            "non_compliance": plan.non_compliance,
            "monitoring": plan.monitoring,
            "reporting_organisation": plan.reporting_organisation_id,
            "reporting_frequency": plan.reporting_frequency,
            "next_evaluation_on": plan.next_evaluation_on,
            "escalation_agreements": plan.escalation_agreements,
        }


class AnalysesForm(forms.Form):
    """One status and one analysis per leefgebied, all on one page."""

    revision = RevisionField()

    def __init__(self, *args, domains, **kwargs):
        super().__init__(*args, **kwargs)
        self.domains = list(domains)
        for domain in self.domains:
            self.fields[f"status_{domain.pk}"] = forms.ChoiceField(
                label=_("Status"),
                choices=DomainStatus.choices,
                initial=DomainStatus.ONBEKEND,
                error_messages={
                    "required": _("Kies een status."),
                    "invalid_choice": CHOOSE_FROM_LIST,
                },
            )
            self.fields[f"analysis_{domain.pk}"] = forms.CharField(
                label=_("Analyse"),
                max_length=4000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"max_length": _("Gebruik hooguit %(limit_value)d tekens.")},
            )

    @property
    def groups(self):
        return [
            (domain, self[f"status_{domain.pk}"], self[f"analysis_{domain.pk}"])
            for domain in self.domains
        ]

    @staticmethod
    def initial_for(plan: Plan, analyses) -> dict:
        initial = {"revision": plan.revision}
        for analysis in analyses:
            initial[f"status_{analysis.life_domain_id}"] = analysis.status
            initial[f"analysis_{analysis.life_domain_id}"] = analysis.analysis
        return initial

    def analyses(self) -> dict:
        return {
            domain: (
                self.cleaned_data[f"status_{domain.pk}"],
                self.cleaned_data[f"analysis_{domain.pk}"],
            )
            for domain in self.domains
        }


class GoalForm(forms.Form):
    revision = RevisionField()
    description = forms.CharField(
        label=_("Subdoel"),
        max_length=Goal._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Beschrijf het subdoel."),
            "max_length": _("Gebruik hooguit %(limit_value)d tekens."),
        },
    )
    measure = forms.CharField(
        label=_("Meetbaar als"),
        max_length=500,
        required=False,
        help_text=_("Waaraan ziet de tafel dat het subdoel is bereikt?"),
        error_messages={"max_length": _("Gebruik hooguit %(limit_value)d tekens.")},
    )
    life_domains = _domains_field(_("Leefgebieden"))

    @staticmethod
    def initial_for(plan: Plan, goal: Goal | None) -> dict:
        if goal is None:
            return {"revision": plan.revision}
        return {
            "revision": plan.revision,
            "description": goal.description,
            "measure": goal.measure,
            "life_domains": list(goal.life_domains.all()),
        }


class InterventionForm(forms.Form):
    revision = RevisionField()
    line = forms.ChoiceField(
        label=_("Lijn"),
        choices=Intervention._meta.get_field("line").choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een lijn."), "invalid_choice": CHOOSE_FROM_LIST},
    )
    kader = forms.ChoiceField(
        label=_("Kader"),
        choices=Intervention._meta.get_field("kader").choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een kader."), "invalid_choice": CHOOSE_FROM_LIST},
    )
    description = forms.CharField(
        label=_("Interventie"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Beschrijf de interventie."),
            "max_length": _("Gebruik hooguit %(limit_value)d tekens."),
        },
    )
    organisation = _organisation_field(
        _("Verantwoordelijke organisatie"),
        Organisation.objects.none(),
        required=True,
        help_text=_(
            "Alleen organisaties uit de regio die het convenant informatiedeling hebben getekend. "
            "De organisatie gaat deelnemen aan de casus."
        ),
    )
    responsible_name = forms.CharField(
        label=_("Verantwoordelijke persoon"), max_length=200, required=False
    )
    goal = SafeModelChoiceField(
        label=_("Draagt bij aan subdoel"),
        queryset=Goal.objects.none(),
        required=False,
        empty_label=_("Kies een subdoel (niet verplicht)"),
        error_messages={"invalid_choice": _("Kies een subdoel van dit plan.")},
    )
    starts_on = _date_field(_("Startdatum"))
    ends_on = _date_field(_("Einddatum"), help_text=_("Niet vóór de startdatum."))
    status = forms.ChoiceField(
        label=_("Status"),
        choices=InterventionStatus.choices,
        initial=InterventionStatus.GEPLAND,
        error_messages={"required": _("Kies een status."), "invalid_choice": CHOOSE_FROM_LIST},
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = region_organisations(plan.case)
        self.fields["organisation"].queryset = organisations
        # Marked in the list itself, so the warning is there while choosing (no script).
        recipients = task_recipients(organisations.values("pk"))
        self.fields["organisation"].label_from_instance = lambda organisation: holder_label(
            organisation, recipients
        )
        self.fields["goal"].queryset = plan.goals.all()

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("De einddatum ligt vóór de startdatum."))
        return cleaned

    @staticmethod
    def initial_for(plan: Plan, intervention: Intervention | None) -> dict:
        if intervention is None:
            return {"revision": plan.revision}
        return {
            "revision": plan.revision,
            "line": intervention.line,
            "kader": intervention.kader,
            "description": intervention.description,
            "organisation": intervention.organisation_id,
            "responsible_name": intervention.responsible_name,
            "goal": intervention.goal_id,
            "starts_on": intervention.starts_on,
            "ends_on": intervention.ends_on,
            "status": intervention.status,
        }


class RemoveForm(forms.Form):
    revision = RevisionField()


class ProgressForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status van de interventie"),
        choices=InterventionStatus.choices,
        error_messages={"required": _("Kies een status."), "invalid_choice": CHOOSE_FROM_LIST},
    )
    text = forms.CharField(
        label=_("Voortgang"),
        max_length=InterventionUpdate._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat is er sinds de vorige melding gebeurd? Alleen wat de tafel moet weten."),
        error_messages={
            "required": _("Beschrijf de voortgang."),
            "max_length": _("Gebruik hooguit %(limit_value)d tekens."),
        },
    )


class AgreeForm(forms.Form):
    revision = RevisionField()
    meeting = SafeModelChoiceField(
        label=_("Vastgesteld in overleg"),
        queryset=None,
        empty_label=_("Kies een overleg"),
        error_messages={
            "required": _("Kies het overleg waarin het plan is vastgesteld."),
            "invalid_choice": _("Kies een overleg uit de lijst."),
        },
    )
    confirm = forms.BooleanField(
        label=_("De tafel heeft dit plan in dit overleg vastgesteld"),
        error_messages={"required": _("Bevestig dat de tafel het plan heeft vastgesteld.")},
    )

    def __init__(self, *args, meetings, offered=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        field.queryset = meetings
        field.label_from_instance = meeting_label
        if offered is not None:
            # Every meeting with the case validates here, so choosing one that has not
            # begun reaches the service and gets its precise refusal; the list offers only
            # the meetings a plan can be agreed in.
            field.widget.choices = [
                ("", field.empty_label),
                *((meeting.pk, meeting_label(meeting)) for meeting in offered),
            ]


def meeting_label(meeting) -> str:
    return _("%(table)s, %(when)s") % {
        "table": meeting.table.name,
        "when": date_format(timezone.localtime(meeting.starts_at), "l j F Y H:i"),
    }


class CompareForm(forms.Form):
    a = forms.IntegerField(label=_("Versie"), min_value=1)
    b = forms.IntegerField(label=_("Vergelijken met versie"), min_value=1)
