from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.cases.models import Case, CaseKind, LifeDomain, PersonRole
from schakel.core.forms import (
    RobustFormSetMixin,
    SafeModelChoiceField,
    SafeModelMultipleChoiceField,
    SchakelForm,
    date_field,
    text_field,
)
from schakel.organisations.models import Municipality
from schakel.persons.bsn import normalise_bsn, validate_bsn
from schakel.persons.models import Gender, Person
from schakel.referrals.models import Referral, Urgency
from schakel.referrals.services import (
    NEW_REFERRAL_SOURCES,
    PersonDetails,
    ReferredPerson,
    main_person_error,
)

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.persons.matching import DuplicateCandidate

PERSON_FORMSET_PREFIX = "betrokkene"
NEW_PERSON = "nieuw"


def _not_in_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("Deze datum kan niet in de toekomst liggen."), code="future")


class RereportForm(SchakelForm):
    """What a melding says: also all a her-melding on a known case needs."""

    description = text_field(
        Referral,
        "description",
        rows=8,
        help_text=_("Wat is er aan de hand, sinds wanneer, en wat is al geprobeerd?"),
        error_messages={
            "required": _("Beschrijf waarover de melding gaat."),
            "max_length": _(
                "De omschrijving mag ten hoogste %(limit_value)d tekens lang zijn (nu %(show_value)d)."
            ),
        },
    )
    life_domains = SafeModelMultipleChoiceField(
        label=_("Leefgebieden"),
        queryset=LifeDomain.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Op welke leefgebieden spelen de problemen?"),
        error_messages={"invalid_choice": _("Kies leefgebieden uit de lijst.")},
    )
    urgency = forms.ChoiceField(
        label=_("Urgentie"),
        choices=Urgency.choices,
        initial=Urgency.NORMAAL,
        error_messages={
            "required": _("Kies de urgentie."),
            "invalid_choice": _("Kies een urgentie uit de lijst."),
        },
    )
    question = text_field(
        Referral,
        "question",
        rows=4,
        help_text=_("Wat vraagt de melder van het Zorg- en Veiligheidshuis?"),
        error_messages={
            "required": _("Geef aan wat de melder van het Zorg- en Veiligheidshuis vraagt."),
            "max_length": _(
                "De vraag mag ten hoogste %(limit_value)d tekens lang zijn (nu %(show_value)d)."
            ),
        },
    )


class ReferralForm(RereportForm):
    """The melding itself; the persons are a formset beside it."""

    field_order = [
        "source",
        "received_on",
        "municipality",
        "kind",
        "title",
        "description",
        "life_domains",
        "urgency",
        "question",
        "reporter_contact",
    ]

    source = forms.ChoiceField(
        label=_("Bron"),
        choices=[("", _("— kies de bron —")), *((s.value, s.label) for s in NEW_REFERRAL_SOURCES)],
        error_messages={
            "required": _("Kies de bron van de melding."),
            "invalid_choice": _("Kies een bron uit de lijst."),
        },
    )
    received_on = date_field(
        _("Datum melding"),
        validators=[_not_in_future],
        error_messages={"required": _("Vul de datum van de melding in.")},
    )
    municipality = SafeModelChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.none(),
        empty_label=_("— kies de gemeente —"),
        help_text=_("De woongemeente van de (hoofd)persoon; de casus blijft lokaal."),
        error_messages={
            "required": _("Kies de gemeente waar de casus speelt."),
            "invalid_choice": _("Kies een gemeente van uw eigen regio."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Soort casus"),
        choices=CaseKind.choices,
        initial=CaseKind.PERSOON,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies de soort casus."),
            "invalid_choice": _("Kies een soort casus uit de lijst."),
        },
    )
    title = text_field(
        Case,
        "title",
        label=_("Korte omschrijving"),
        help_text=_(
            "Kort en zonder namen, BSN of andere persoonsgegevens: deze tekst verschijnt in "
            "lijsten en op de agenda. Bijvoorbeeld: ‘Overlast en verwaarlozing in portiekflat’."
        ),
        error_messages={
            "required": _("Geef een korte omschrijving, zonder namen."),
            "max_length": _(
                "De korte omschrijving mag ten hoogste %(limit_value)d tekens lang zijn."
            ),
        },
    )
    reporter_contact = text_field(
        Referral,
        "reporter_contact",
        required=False,
        help_text=_("Naam, telefoonnummer en e-mailadres waarop de melder bereikbaar is."),
        error_messages={
            "max_length": _(
                "De contactgegevens mogen ten hoogste %(limit_value)d tekens lang zijn."
            ),
        },
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(region_id=user.region_id)
        if not self.is_bound and "received_on" not in self.initial:
            self.initial["received_on"] = timezone.localdate()
        if not self.is_bound and "reporter_contact" not in self.initial:
            self.initial["reporter_contact"] = ", ".join(
                value for value in (str(user), user.email, user.phone) if value
            )


class ReferralPersonForm(SchakelForm):
    """One person of a melding. `candidates`: known persons this person may be."""

    role = forms.ChoiceField(
        label=_("Rol in de casus"),
        choices=[("", _("— kies de rol —")), *PersonRole.choices],
        error_messages={
            "required": _("Kies de rol van deze betrokkene."),
            "invalid_choice": _("Kies een rol uit de lijst."),
        },
    )
    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=11,
        help_text=_("Negen cijfers; laat leeg als het BSN niet bekend is."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "max_length": _(
                "Dit is geen geldig BSN: een BSN heeft 9 cijfers en voldoet aan de 11-proef."
            )
        },
    )
    first_names = text_field(
        Person,
        "first_names",
        error_messages={"required": _("Vul de voornaam of voornamen in.")},
    )
    name_prefix = text_field(Person, "name_prefix", required=False)
    last_name = text_field(
        Person, "last_name", error_messages={"required": _("Vul de achternaam in.")}
    )
    birth_date = date_field(_("Geboortedatum"), required=False, validators=[_not_in_future])
    gender = forms.ChoiceField(
        label=_("Geslacht"),
        choices=Gender.choices,
        initial=Gender.ONBEKEND,
        error_messages={"invalid_choice": _("Kies een geslacht uit de lijst.")},
    )
    street_address = text_field(Person, "street_address", required=False)
    postal_code = text_field(
        Person,
        "postal_code",
        required=False,
        error_messages={"max_length": _("Een postcode is vier cijfers en twee letters.")},
    )
    city = text_field(Person, "city", required=False)
    match = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, candidates: list[DuplicateCandidate] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        if self.candidates:
            self.fields["match"] = forms.ChoiceField(
                label=_("Is dit een van deze bekende personen?"),
                help_text=_(
                    "Er zijn personen gevonden die dezelfde kunnen zijn. Koppel aan de juiste "
                    "persoon, of maak een nieuwe persoon aan als het niemand van hen is."
                ),
                choices=[
                    *((str(c.person.pk), _candidate_label(c)) for c in self.candidates),
                    (NEW_PERSON, _("Geen van deze: maak een nieuwe persoon aan")),
                ],
                widget=forms.RadioSelect,
                required=False,
                error_messages={
                    "invalid_choice": _("Kies een van de getoonde personen, of een nieuwe persoon.")
                },
            )

    def clean_bsn(self):
        bsn = normalise_bsn(self.cleaned_data["bsn"])
        validate_bsn(bsn)
        return bsn

    def chosen_person(self):
        """The candidate chosen to link to, or None for a new person."""
        value = self.cleaned_data.get("match")
        return next((c.person for c in self.candidates if str(c.person.pk) == value), None)

    def match_is_chosen(self) -> bool:
        return not self.candidates or bool(self.cleaned_data.get("match"))

    def referred_person(self) -> ReferredPerson:
        data = self.cleaned_data
        return ReferredPerson(
            role=data["role"],
            details=PersonDetails(
                bsn=data["bsn"],
                first_names=data["first_names"],
                name_prefix=data["name_prefix"],
                last_name=data["last_name"],
                birth_date=data["birth_date"],
                gender=data["gender"],
                street_address=data["street_address"],
                postal_code=data["postal_code"],
                city=data["city"],
            ),
            existing=self.chosen_person(),
        )


def _candidate_label(candidate: DuplicateCandidate) -> str:
    person = candidate.person
    parts = [person.full_name]
    if person.birth_date:
        parts.append(_("geboren %(date)s") % {"date": person.birth_date.strftime("%d-%m-%Y")})
    if person.city:
        parts.append(person.city)
    return f"{', '.join(parts)} ({candidate.reason})"


class BaseReferralPersonFormSet(RobustFormSetMixin, forms.BaseFormSet):
    """The persons of a melding. Empty rows are ignored; at least one row must be filled.

    `candidates` maps a row index to its duplicate candidates. `rows` starts an unbound
    formset from what was typed before (the "add a person" button), plus one empty row.
    """

    def __init__(self, *args, candidates=None, rows=None, **kwargs):
        self.candidates = candidates or {}
        if rows is not None:
            kwargs["initial"] = rows
            self.extra = len(rows)
        kwargs.setdefault("prefix", PERSON_FORMSET_PREFIX)
        super().__init__(*args, **kwargs)

    def initial_form_count(self):
        # Rows carried over from an earlier post are not "initial forms": each may be left empty.
        return 0 if not self.is_bound else super().initial_form_count()

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["candidates"] = self.candidates.get(index, [])
        kwargs["empty_permitted"] = True
        return kwargs

    def filled_forms(self) -> list[ReferralPersonForm]:
        return [form for form in self.forms if form.has_changed()]

    def clean(self):
        if any(self.errors) or not self.forms:
            return
        if not self.filled_forms():
            first = self.forms[0]
            first.add_error("role", first.fields["role"].error_messages["required"])
            first.add_error("first_names", first.fields["first_names"].error_messages["required"])
            first.add_error("last_name", first.fields["last_name"].error_messages["required"])
            raise ValidationError(
                _(
                    "Een melding heeft ten minste één betrokkene: vul de gegevens van een persoon in."
                ),
                code="no_person",
            )

    def check_main_person(self, kind: str) -> bool:
        """Add the hoofdpersoon rule to the role field of the rows concerned."""
        filled = self.filled_forms()
        message = main_person_error(kind=kind, roles=[f.cleaned_data["role"] for f in filled])
        if message is None:
            return True
        main_rows = [f for f in filled if f.cleaned_data["role"] == PersonRole.HOOFDPERSOON]
        for form in main_rows or filled[:1]:
            form.add_error("role", message)
        return False

    def referred_persons(self) -> list[ReferredPerson]:
        return [form.referred_person() for form in self.filled_forms()]

    def rows(self) -> list[dict]:
        """What was typed in each row, to start an unbound formset from (duplicate choice left out)."""
        return [
            {name: form[name].value() for name in form.fields if name != "match"}
            for form in self.forms
        ]


ReferralPersonFormSet = forms.formset_factory(
    ReferralPersonForm,
    formset=BaseReferralPersonFormSet,
    extra=0,
    min_num=1,
    max_num=20,
    validate_max=True,
    absolute_max=20,
)


def carried_over(form: forms.Form) -> dict:
    """What was typed in a bound form, as initial data for an unbound copy."""
    return {name: form[name].value() for name in form.fields}


class RereportAttachForm(SchakelForm):
    confirm = forms.BooleanField(
        label=_("Ik heb gecontroleerd dat deze melding over dezelfde persoon gaat"),
        error_messages={"required": _("Bevestig dat u de melding als her-melding koppelt.")},
    )
