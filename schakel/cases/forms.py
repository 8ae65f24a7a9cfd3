from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.cases.lifecycle import CaseState
from schakel.core.forms import SafeModelChoiceField
from schakel.organisations.models import Municipality
from schakel.tables.models import Table

if TYPE_CHECKING:
    from schakel.accounts.models import User


class CaseFilterForm(forms.Form):
    """Filters of the case list. Sent by GET: none of them is personal data."""

    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle statussen")), *CaseState.choices],
        error_messages={"invalid_choice": _("Kies een status uit de lijst.")},
    )
    municipality = SafeModelChoiceField(
        label=_("Gemeente"),
        required=False,
        queryset=Municipality.objects.none(),
        empty_label=_("Alle gemeenten"),
        error_messages={"invalid_choice": _("Kies een gemeente van uw regio.")},
    )
    table = SafeModelChoiceField(
        label=_("Regietafel"),
        required=False,
        queryset=Table.objects.none(),
        empty_label=_("Alle regietafels"),
        error_messages={"invalid_choice": _("Kies een regietafel van uw regio.")},
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        region_id = user.region_id
        self.fields["municipality"].queryset = Municipality.objects.filter(region_id=region_id)
        self.fields["table"].queryset = Table.objects.filter(region_id=region_id)

    def filters(self) -> dict:
        """The valid filters; an invalid one is ignored (and shown as an error)."""
        self.is_valid()  # a field with an error is left out of cleaned_data
        return {name: value for name, value in self.cleaned_data.items() if value}
