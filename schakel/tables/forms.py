from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.core.concurrency import VersionedFormMixin
from schakel.core.forms import (
    SafeModelMultipleChoiceField,
    SchakelForm,
    choice_field,
    date_field,
    text_field,
)
from schakel.organisations.models import Organisation
from schakel.tables.models import DayPart, Frequency, Table, Weekday
from schakel.tables.services import MAX_INFORMATION_WINDOW_HOURS


class TableForm(VersionedFormMixin, SchakelForm):
    """Input for schakel.tables.services.update_table; the service holds the rules."""

    frequency = choice_field(
        _("Frequentie"),
        Frequency.choices,
        message=_("Kies hoe vaak de tafel bijeenkomt."),
        widget=forms.RadioSelect,
    )
    weekday = choice_field(
        _("Dag"),
        Weekday.choices,
        message=_("Kies een werkdag."),
        field_class=forms.TypedChoiceField,
        coerce=int,
    )
    day_part = choice_field(
        _("Dagdeel"), DayPart.choices, message=_("Kies een dagdeel."), widget=forms.RadioSelect
    )
    schedule_anchor = date_field(
        _("Datum van één overleg"),
        required=False,
        help_text=_("Nodig bij ‘om de week’: legt vast in welke weken de tafel bijeenkomt."),
    )
    location = text_field(Table, "location", required=False)
    information_window_hours = forms.IntegerField(
        label=_("Informatie zichtbaar vanaf (uren voor het overleg)"),
        min_value=0,
        max_value=MAX_INFORMATION_WINDOW_HOURS,
        help_text=_(
            "Uitgenodigde partners zien de casusinformatie pas zo veel uren vóór het overleg."
        ),
        error_messages={
            "required": _("Geef het aantal uren."),
            "invalid": _("Geef een geheel aantal uren."),
            "min_value": _("Kies een aantal uren van 0 tot en met 336."),
            "max_value": _("Kies een aantal uren van 0 tot en met 336."),
        },
    )
    fixed_participants = SafeModelMultipleChoiceField(
        label=_("Vaste deelnemers"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Kies alleen organisaties van deze regio."),
            "invalid_pk_value": _("Kies alleen organisaties van deze regio."),
        },
    )

    def __init__(self, *args, region_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fixed_participants"].queryset = Organisation.objects.filter(
            region_id=region_id, is_active=True
        ).order_by("name")
