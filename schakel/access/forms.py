from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.access.models import AccessAction
from schakel.accounts.models import User
from schakel.core.forms import SchakelForm, date_field, max_length_of
from schakel.organisations.models import Organisation


def _check_date_range(form: forms.Form, cleaned: dict) -> dict:
    start, end = cleaned.get("date_from"), cleaned.get("date_to")
    if start and end and start > end:
        form.add_error("date_to", _("De einddatum ligt vóór de begindatum."))
    return cleaned


class DateRangeForm(SchakelForm):
    """The period both access log filters share."""

    date_from = date_field(_("Vanaf"), required=False)
    date_to = date_field(_("Tot en met"), required=False)

    def clean(self):
        return _check_date_range(self, super().clean())


class AccessLogFilterForm(DateRangeForm):
    case_ref = forms.IntegerField(label=_("Casusnummer (intern)"), required=False, min_value=1)
    person_ref = forms.IntegerField(label=_("Persoonsnummer (intern)"), required=False, min_value=1)
    username = forms.CharField(
        label=_("Gebruikersnaam"), required=False, max_length=max_length_of(User, "username")
    )
    action = forms.ChoiceField(
        label=_("Handeling"),
        required=False,
        choices=[("", _("Alle handelingen")), *AccessAction.choices],
    )
    field_order = ["case_ref", "person_ref", "username", "action", "date_from", "date_to"]


class RefusedAccessFilterForm(DateRangeForm):
    name = forms.CharField(
        label=_("Gebruiker (naam of gebruikersnaam)"),
        required=False,
        max_length=max_length_of(User, "username"),
    )
    organisation = forms.CharField(
        label=_("Organisatie"), required=False, max_length=max_length_of(Organisation, "name")
    )
    field_order = ["name", "organisation", "date_from", "date_to"]
