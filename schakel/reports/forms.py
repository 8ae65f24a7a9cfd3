from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.core.forms import SafeModelChoiceField, SchakelForm, choice_field
from schakel.organisations.models import Municipality
from schakel.reports.figures import years
from schakel.tables.models import Table


class ReportFilterForm(SchakelForm):
    """Year, regietafel and municipality of the reader's own region."""

    jaar = choice_field(_("Jaar"), [], message=_("Kies een jaar uit de lijst."))
    tafel = SafeModelChoiceField(
        label=_("Regietafel"),
        queryset=Table.objects.none(),
        required=False,
        empty_label=_("Alle regietafels"),
        error_messages={"invalid_choice": _("Kies een regietafel uit de lijst.")},
    )
    gemeente = SafeModelChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("Alle gemeenten"),
        error_messages={"invalid_choice": _("Kies een gemeente uit de lijst.")},
    )

    def __init__(self, *args, region_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = [(str(y), str(y)) for y in years(region_id)]  # type: ignore[attr-defined]
        self.fields["tafel"].queryset = Table.objects.filter(region_id=region_id).order_by("name")  # type: ignore[attr-defined]
        self.fields["gemeente"].queryset = Municipality.objects.filter(region_id=region_id)  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "utrecht-select")
        self.fields["jaar"].widget = forms.Select(
            choices=self.fields["jaar"].choices,
            attrs={"class": "utrecht-select"},  # type: ignore[attr-defined]
        )
