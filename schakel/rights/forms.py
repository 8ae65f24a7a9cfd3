"""Input for the rights services; the services decide, these only shape what was typed."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.core.concurrency import VersionedFormMixin
from schakel.core.forms import (
    SafeModelChoiceField,
    SchakelForm,
    choice_field,
    date_field,
    text_field,
)
from schakel.persons.bsn import normalise_bsn, validate_bsn
from schakel.persons.models import Person
from schakel.rights.models import (
    Decision,
    IdentityCheck,
    RequestKind,
    RightsRequest,
    RightsTask,
)
from schakel.rights.services import decisions_for


def _clean_bsn(value: str) -> str:
    bsn = normalise_bsn(value or "")
    if bsn:
        validate_bsn(bsn)
    return bsn


class RightsRequestForm(SchakelForm):
    """The request as the person made it: schakel.rights.services.register_request."""

    kind = choice_field(
        _("Soort verzoek"),
        RequestKind.choices,
        message=_("Kies de soort verzoek."),
        widget=forms.RadioSelect,
    )
    first_names = text_field(RightsRequest, "first_names", label=_("Voornamen"))
    name_prefix = text_field(RightsRequest, "name_prefix", label=_("Tussenvoegsel"), required=False)
    last_name = text_field(RightsRequest, "last_name", label=_("Achternaam"))
    birth_date = date_field(_("Geboortedatum"))
    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=11,
        help_text=_("Niet verplicht. Met een BSN vindt Schakel de persoon zeker terug."),
    )
    address = text_field(RightsRequest, "address", label=_("Adres"), required=False)
    identity_check = choice_field(
        _("Identiteit vastgesteld"),
        IdentityCheck.choices,
        message=_("Kies hoe de identiteit van de verzoeker is vastgesteld."),
        widget=forms.RadioSelect,
    )
    identity_note = text_field(
        RightsRequest,
        "identity_note",
        label=_("Toelichting identiteit"),
        required=False,
        help_text=_("Bijvoorbeeld het soort document, of wie de gemachtigde is."),
    )
    received_on = date_field(_("Datum ontvangst"))
    request_text = text_field(
        RightsRequest,
        "request_text",
        label=_("Het verzoek"),
        rows=6,
        help_text=_("Wat de verzoeker vraagt, in zijn of haar eigen woorden."),
        error_messages={"required": _("Beschrijf wat de verzoeker vraagt.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())

    def clean_bsn(self) -> str:
        return _clean_bsn(self.cleaned_data["bsn"])


class PersonSearchForm(SchakelForm):
    """Search the region's person records: by BSN, or by name and date of birth."""

    bsn = forms.CharField(label=_("BSN"), required=False, max_length=11)
    first_names = forms.CharField(label=_("Voornamen"), required=False, max_length=200)
    last_name = forms.CharField(label=_("Achternaam"), required=False, max_length=200)
    birth_date = date_field(_("Geboortedatum"), required=False)

    def clean_bsn(self) -> str:
        return _clean_bsn(self.cleaned_data["bsn"])

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if not cleaned.get("bsn") and not (cleaned.get("last_name") and cleaned.get("birth_date")):
            raise forms.ValidationError(_("Zoek op BSN, of op achternaam en geboortedatum samen."))
        return cleaned


class LinkForm(SchakelForm):
    person = SafeModelChoiceField(
        label=_("Persoon"),
        queryset=Person.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Kies de persoon die u wilt koppelen."),
            "invalid_choice": _("Kies een persoon uit de lijst van deze regio."),
        },
    )

    def __init__(self, *args, region_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, SafeModelChoiceField)
        field.queryset = Person.objects.filter(region_id=region_id, merged_into__isnull=True)


class ExtendForm(VersionedFormMixin, SchakelForm):
    reason = text_field(
        RightsRequest,
        "extension_reason",
        label=_("Reden van verlenging"),
        rows=4,
        help_text=_(
            "Bijvoorbeeld de omvang of de ingewikkeldheid van het verzoek. "
            "De verzoeker krijgt deze reden binnen de eerste maand te horen."
        ),
        error_messages={
            "required": _(
                "Geef de reden van de verlenging; die wordt ook aan de verzoeker meegedeeld."
            )
        },
    )


class CloseForm(VersionedFormMixin, SchakelForm):
    decision = choice_field(
        _("Besluit"),
        [],
        message=_("Kies een besluit dat bij deze soort verzoek past."),
        widget=forms.RadioSelect,
    )
    reason = text_field(
        RightsRequest,
        "decision_reason",
        label=_("Motivering"),
        rows=5,
        required=False,
        help_text=_("Verplicht bij een (gedeeltelijke) afwijzing."),
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Decision.choices)
        field = self.fields["decision"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(value, labels[value]) for value in decisions_for(kind)]


class TaskAnswerForm(VersionedFormMixin, SchakelForm):
    answer = text_field(
        RightsTask,
        "answer",
        label=_("Antwoord of besluit van uw organisatie"),
        rows=8,
        help_text=_(
            "Welke gegevens uw organisatie over deze persoon heeft (ook buiten Schakel, "
            "voor zover uit deze casussen), en wat u besluit op het verzoek."
        ),
        error_messages={"required": _("Schrijf wat uw organisatie heeft en besluit.")},
    )


class OverdueFilterForm(SchakelForm):
    overdue = forms.BooleanField(label=_("Alleen verzoeken over de termijn"), required=False)
