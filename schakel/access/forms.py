from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.access.models import AccessAction, EmergencyAccess, ReviewOutcome
from schakel.accounts.models import User
from schakel.core.forms import SchakelForm, choice_field, date_field, max_length_of, text_field
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

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date_from"].help_text = _(
            "Bij openen het afgelopen jaar. Kies een eerdere datum, of maak het veld leeg om "
            "het hele log te doorzoeken."
        )


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


class EmergencyAccessRequestForm(SchakelForm):
    case_number = forms.CharField(
        label=_("Casusnummer"),
        max_length=20,
        help_text=_("Zoals op de casus staat, bijvoorbeeld C2025-000123."),
    )
    reason = text_field(
        EmergencyAccess,
        "reason",
        label=_("Reden"),
        rows=4,
        help_text=_(
            "Waarom moet u deze casus nu inzien, terwijl u er geen betrokkenheid bij heeft? "
            "De privacy officer beoordeelt deze reden."
        ),
    )


class EmergencyAccessReviewForm(SchakelForm):
    outcome = choice_field(
        _("Beoordeling"),
        ReviewOutcome.choices,
        message=_("Kies of de noodtoegang terecht of onterecht was."),
        widget=forms.RadioSelect,
    )
    note = text_field(EmergencyAccess, "review_note", label=_("Toelichting"), rows=4)


class ReportPeriodForm(DateRangeForm):
    """The period of the unusual-access report; both ends are needed."""

    date_from = date_field(_("Vanaf"))
    date_to = date_field(_("Tot en met"))
