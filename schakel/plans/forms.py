"""Input forms of the plan van aanpak; the services hold the rules and do the writes.

Every editing form carries the plan's revision at the moment it was opened, so the
service can tell whether someone else saved in the meantime.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from schakel.access.policy import confidential_choices, convenant_partners
from schakel.cases.models import LifeDomain
from schakel.core.concurrency import VersionField
from schakel.core.confidentiality import Marking, confidentiality_fields, initial_marking
from schakel.core.forms import (
    SafeModelChoiceField,
    SafeModelMultipleChoiceField,
    SchakelForm,
    date_field,
    text_field,
)
from schakel.organisations.models import Organisation
from schakel.plans.models import (
    DomainAnalysis,
    DomainStatus,
    Goal,
    Intervention,
    InterventionStatus,
    InterventionUpdate,
    Plan,
)
from schakel.plans.selectors import holder_label, task_recipients
from schakel.plans.services import analysis_marking_prefix as marking_prefix

# The marking of an analysis: procesregie writes it, so there is no procesregie choice.
MARKING_FIELDS = ("is_confidential", "confidential_for")


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


class PlanGeneralForm(SchakelForm):
    revision = RevisionField()
    main_goal = text_field(
        Plan,
        "main_goal",
        required=False,
        rows=3,
        help_text=_(
            "Wat moet de gezamenlijke aanpak bereiken? Verplicht om het plan vast te stellen."
        ),
    )
    main_goal_domains = _domains_field(_("Leefgebieden van het hoofddoel"))
    casusregisseur_organisation = _organisation_field(
        _("Casusregisseur (organisatie)"),
        Organisation.objects.none(),
        help_text=_(
            "De partner die de regie op de casus zelf voert; procesregie blijft bij het ZVH."
        ),
    )
    casusregisseur_name = text_field(Plan, "casusregisseur_name", required=False)
    non_compliance = text_field(
        Plan,
        "non_compliance",
        required=False,
        rows=3,
        help_text=_("Wat gebeurt er als de betrokkene zich niet aan de afspraken houdt?"),
    )
    monitoring = text_field(Plan, "monitoring", required=False, rows=3)
    reporting_organisation = _organisation_field(
        _("Rapporteert over de voortgang"), Organisation.objects.none()
    )
    reporting_frequency = text_field(
        Plan, "reporting_frequency", required=False, help_text=_("Bijvoorbeeld: elke vier weken.")
    )
    next_evaluation_on = date_field(_("Volgende evaluatie"), required=False)
    escalation_agreements = text_field(Plan, "escalation_agreements", required=False, rows=3)

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


class AnalysesForm(SchakelForm):
    """One status and one analysis per leefgebied, all on one page."""

    revision = RevisionField()

    def __init__(self, *args, domains, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.domains = list(domains)
        # Read once for all leefgebieden; procesregie writes the analysis, so it always reads it.
        choices = confidential_choices(case)
        len(choices)  # evaluated here, so every leefgebied's field reuses the one result
        for domain in self.domains:
            self.fields[f"status_{domain.pk}"] = forms.ChoiceField(
                label=_("Status"),
                choices=DomainStatus.choices,
                initial=DomainStatus.ONBEKEND,
                error_messages={"required": _("Kies een status.")},
            )
            self.fields[f"analysis_{domain.pk}"] = text_field(
                DomainAnalysis, "analysis", required=False, rows=2
            )
            self.fields.update(
                confidentiality_fields(
                    organisations=choices,
                    writer_is_procesregie=True,
                    prefix=marking_prefix(domain),
                )
            )

    @property
    def groups(self):
        return [
            (
                domain,
                self[f"status_{domain.pk}"],
                self[f"analysis_{domain.pk}"],
                [self[f"{marking_prefix(domain)}{name}"] for name in MARKING_FIELDS],
            )
            for domain in self.domains
        ]

    @staticmethod
    def initial_for(plan: Plan, analyses) -> dict:
        initial = {"revision": plan.revision}
        for analysis in analyses:
            initial[f"status_{analysis.life_domain_id}"] = analysis.status
            initial[f"analysis_{analysis.life_domain_id}"] = analysis.analysis
            initial.update(
                initial_marking(analysis, prefix=marking_prefix(analysis.life_domain_id))
            )
        return initial

    def markings(self) -> dict:
        return {
            domain: Marking.from_cleaned(self.cleaned_data, prefix=marking_prefix(domain))
            for domain in self.domains
        }

    def analyses(self) -> dict:
        return {
            domain: (
                self.cleaned_data[f"status_{domain.pk}"],
                self.cleaned_data[f"analysis_{domain.pk}"],
            )
            for domain in self.domains
        }


class GoalForm(SchakelForm):
    revision = RevisionField()
    description = text_field(
        Goal,
        "description",
        rows=2,
        error_messages={"required": _("Beschrijf het subdoel.")},
    )
    measure = text_field(
        Goal,
        "measure",
        required=False,
        help_text=_("Waaraan ziet de tafel dat het subdoel is bereikt?"),
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


class InterventionForm(SchakelForm):
    revision = RevisionField()
    line = forms.ChoiceField(
        label=_("Lijn"),
        choices=Intervention._meta.get_field("line").choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een lijn.")},
    )
    kader = forms.ChoiceField(
        label=_("Kader"),
        choices=Intervention._meta.get_field("kader").choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een kader.")},
    )
    description = text_field(
        Intervention,
        "description",
        rows=2,
        error_messages={"required": _("Beschrijf de interventie.")},
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
    responsible_name = text_field(Intervention, "responsible_name", required=False)
    goal = SafeModelChoiceField(
        label=_("Draagt bij aan subdoel"),
        queryset=Goal.objects.none(),
        required=False,
        empty_label=_("Kies een subdoel (niet verplicht)"),
        error_messages={"invalid_choice": _("Kies een subdoel van dit plan.")},
    )
    starts_on = date_field(_("Startdatum"), required=False)
    ends_on = date_field(_("Einddatum"), required=False, help_text=_("Niet vóór de startdatum."))
    status = forms.ChoiceField(
        label=_("Status"),
        choices=InterventionStatus.choices,
        initial=InterventionStatus.GEPLAND,
        error_messages={"required": _("Kies een status.")},
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


class RemoveForm(SchakelForm):
    revision = RevisionField()


class ProgressForm(SchakelForm):
    status = forms.ChoiceField(
        label=_("Status van de interventie"),
        choices=InterventionStatus.choices,
        error_messages={"required": _("Kies een status.")},
    )
    text = text_field(
        InterventionUpdate,
        "text",
        rows=4,
        help_text=_("Wat is er sinds de vorige melding gebeurd? Alleen wat de tafel moet weten."),
        error_messages={"required": _("Beschrijf de voortgang.")},
    )

    def __init__(self, *args, case, writer_is_procesregie: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(
            confidentiality_fields(
                organisations=confidential_choices(case),
                writer_is_procesregie=writer_is_procesregie,
            )
        )

    def progress(self) -> dict:
        """The service's arguments: status, text and the marking."""
        data = self.cleaned_data
        return {
            "status": data["status"],
            "text": data["text"],
            "marking": Marking.from_cleaned(data),
        }


class AgreeForm(SchakelForm):
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


class CompareForm(SchakelForm):
    a = forms.IntegerField(label=_("Versie"), min_value=1)
    b = forms.IntegerField(label=_("Vergelijken met versie"), min_value=1)
