from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.access.models import AccessAction


def _check_date_range(form: forms.Form, cleaned: dict) -> dict:
    start, end = cleaned.get("date_from"), cleaned.get("date_to")
    if start and end and start > end:
        form.add_error("date_to", _("De einddatum ligt vóór de begindatum."))
    return cleaned


class AccessLogFilterForm(forms.Form):
    case_ref = forms.IntegerField(label=_("Casusnummer (intern)"), required=False, min_value=1)
    person_ref = forms.IntegerField(label=_("Persoonsnummer (intern)"), required=False, min_value=1)
    username = forms.CharField(label=_("Gebruikersnaam"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Handeling"),
        required=False,
        choices=[("", _("Alle handelingen")), *AccessAction.choices],
    )
    date_from = forms.DateField(
        label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        return _check_date_range(self, super().clean())


class RefusedAccessFilterForm(forms.Form):
    name = forms.CharField(
        label=_("Gebruiker (naam of gebruikersnaam)"), required=False, max_length=150
    )
    organisation = forms.CharField(label=_("Organisatie"), required=False, max_length=200)
    date_from = forms.DateField(
        label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        return _check_date_range(self, super().clean())
