"""Forms for persons. Validation of writes lives in services.create_person."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.core.concurrency import VersionedFormMixin
from schakel.core.forms import SafeModelChoiceField, SchakelForm, date_field, text_field
from schakel.organisations.models import Municipality
from schakel.persons.bsn import normalise_bsn, validate_bsn
from schakel.persons.models import Gender, Person
from schakel.persons.services import CORRECTABLE_FIELDS, REASON_MAX_LENGTH

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.persons.matching import DuplicateCandidate

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
POSTAL_CODE = re.compile(r"^(\d{4}) ?([A-Z]{2})$")


def _date_field(label: str, required: bool = False) -> forms.DateField:
    return date_field(
        label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        help_text=_("Bijvoorbeeld 31-12-1990."),
    )


def _clean_bsn(value: str) -> str:
    bsn = normalise_bsn(value or "")
    if bsn:
        validate_bsn(bsn)
    return bsn


def _clean_past_date(value):
    if value is not None and value > timezone.localdate():
        raise ValidationError(_("De geboortedatum kan niet in de toekomst liggen."))
    return value


class PersonSearchForm(SchakelForm):
    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=11,
        help_text=_("Negen cijfers; spaties en punten mogen."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    last_name = text_field(
        Person,
        "last_name",
        required=False,
        help_text=_("Met of zonder tussenvoegsel; ook varianten in spelling worden gevonden."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    birth_date = _date_field(_("Geboortedatum"))

    def clean_bsn(self) -> str:
        return _clean_bsn(self.cleaned_data["bsn"])

    def clean_birth_date(self):
        return _clean_past_date(self.cleaned_data["birth_date"])

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (
            cleaned.get("bsn")
            or (cleaned.get("last_name") or "").strip()
            or cleaned.get("birth_date")
        ):
            raise ValidationError(
                _("Vul minstens één zoekveld in: BSN, achternaam of geboortedatum."),
                code="empty_search",
            )
        return cleaned

    def used_fields(self) -> list[str]:
        """The labels of the criteria used, for the access log (never the values)."""
        return [
            str(self.fields[name].label)
            for name in ("bsn", "last_name", "birth_date")
            if self.cleaned_data.get(name)
        ]


class PersonCreateForm(SchakelForm):
    """The fields of a new betrokkene; the form that links it into a case (with its case
    and role) extends it in cases.forms."""

    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=11,
        help_text=_("Als het bekend is: negen cijfers."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    first_names = text_field(Person, "first_names")
    name_prefix = text_field(
        Person, "name_prefix", required=False, help_text=_("Bijvoorbeeld ‘van der’.")
    )
    last_name = text_field(Person, "last_name")
    birth_date = _date_field(_("Geboortedatum"))
    gender = forms.ChoiceField(label=_("Geslacht"), choices=Gender.choices, initial=Gender.ONBEKEND)
    street_address = text_field(Person, "street_address", required=False)
    postal_code = text_field(
        Person, "postal_code", required=False, help_text=_("Bijvoorbeeld 3311 AB.")
    )
    city = text_field(Person, "city", required=False)
    municipality = SafeModelChoiceField(
        label=_("Gemeente"),
        required=False,
        queryset=Municipality.objects.none(),
        empty_label=_("Kies een gemeente"),
    )
    phone = text_field(Person, "phone", required=False)
    email = forms.EmailField(label=_("E-mailadres"), required=False)
    confirm_new = forms.BooleanField(
        label=_("Dit is een andere persoon, toch aanmaken"), required=False
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["municipality"].queryset = Municipality.objects.filter(region_id=user.region_id)

    def clean_bsn(self) -> str:
        return _clean_bsn(self.cleaned_data["bsn"])

    def clean_birth_date(self):
        return _clean_past_date(self.cleaned_data["birth_date"])

    def clean_postal_code(self) -> str:
        value = "".join(self.cleaned_data["postal_code"].split()).upper()
        if not value:
            return ""
        match = POSTAL_CODE.match(value)
        if match is None:
            raise ValidationError(_("Een postcode bestaat uit vier cijfers en twee letters."))
        return f"{match.group(1)} {match.group(2)}"

    def person_fields(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "bsn",
                "first_names",
                "name_prefix",
                "last_name",
                "birth_date",
                "gender",
                "street_address",
                "postal_code",
                "city",
                "municipality",
                "phone",
                "email",
            )
        }


class PersonMergeForm(SchakelForm):
    remove = forms.TypedChoiceField(
        label=_("Welke registratie is dezelfde persoon?"),
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("Deze registratie gaat op in de persoon hierboven."),
    )
    confirm = forms.BooleanField(
        label=_("Ik heb gecontroleerd dat dit dezelfde persoon is"),
        error_messages={"required": _("Bevestig dat het om dezelfde persoon gaat.")},
    )

    def __init__(self, *args, candidates: list[DuplicateCandidate], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove"].choices = [
            (
                c.person.pk,
                " — ".join(
                    part
                    for part in (
                        c.person.full_name,
                        c.person.birth_date.strftime("%d-%m-%Y") if c.person.birth_date else "",
                        c.reason,
                    )
                    if part
                ),
            )
            for c in candidates
        ]


# --- The privacy officer: correction and restriction (AVG articles 16 and 18) -----------


def _reason_field(label, help_text) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
    )


class PersonCorrectionForm(VersionedFormMixin, PersonCreateForm):
    """The person's data as stored, to correct; the same fields and checks as a new person."""

    reason = _reason_field(
        _("Reden van de correctie"),
        _("Bijvoorbeeld: verzoek van de betrokkene van 3 maart, met kopie van het paspoort."),
    )

    def __init__(self, *args, person: Person, user: User, **kwargs):
        kwargs.setdefault("initial", person_values(person))
        super().__init__(*args, user=user, **kwargs)
        del self.fields["confirm_new"]

    def changes(self) -> dict:
        return self.person_fields()


def person_values(person: Person) -> dict:
    """What the correction form opens with: the stored values and the version."""
    return {
        **{name: getattr(person, name) for name in CORRECTABLE_FIELDS},
        "version": person.version,
    }


class RestrictionForm(SchakelForm):
    reason = _reason_field(
        _("Reden"),
        _(
            "Bijvoorbeeld: de betrokkene betwist de juistheid van de gegevens (verzoek van 3 maart)."
        ),
    )
