"""Input of nazorg; the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.core.concurrency import VersionedFormMixin
from schakel.core.forms import (
    SafeModelChoiceField,
    SchakelForm,
    choice_field,
    date_field,
    text_field,
)
from schakel.nazorg.models import (
    Condition,
    ConditionStatus,
    DetentionNotice,
    NoticeEvent,
    Quickscan,
    QuickscanCondition,
    YesNoUnknown,
)
from schakel.nazorg.services import ConditionAnswer
from schakel.organisations.models import Domain, Municipality, Organisation
from schakel.persons.models import Gender, Person
from schakel.referrals.services import PersonDetails
from schakel.triage.models import Rating


class PersonChoiceField(SafeModelChoiceField):
    def label_from_instance(self, obj):
        born = obj.birth_date.strftime("%d-%m-%Y") if obj.birth_date else _("onbekend")
        return _("Koppelen aan %(name)s (geboren %(born)s)") % {"name": obj, "born": born}


class DetentionNoticeForm(SchakelForm):
    """A detentiemelding typed by the ZVH; an import calls the same service per row."""

    source_reference = text_field(
        DetentionNotice,
        "source_reference",
        required=False,
        help_text=_("Het kenmerk van de inrichting; voorkomt dubbele registratie."),
    )
    first_names = forms.CharField(label=_("Voornamen"), max_length=200, required=False)
    name_prefix = forms.CharField(label=_("Tussenvoegsel"), max_length=30, required=False)
    last_name = forms.CharField(
        label=_("Achternaam"),
        max_length=200,
        error_messages={"required": _("Geef de achternaam van de gedetineerde.")},
    )
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=20,
        required=False,
        help_text=_("Negen cijfers; wordt gecontroleerd met de 11-proef."),
    )
    birth_date = date_field(_("Geboortedatum"), required=False)
    gender = choice_field(_("Geslacht"), Gender.choices, initial=Gender.ONBEKEND)
    institution = SafeModelChoiceField(
        label=_("Penitentiaire inrichting"),
        queryset=Organisation.objects.none(),
        empty_label=_("Kies de inrichting"),
        error_messages={
            "required": _("Kies de penitentiaire inrichting."),
            "invalid_choice": _("Kies een inrichting uit de lijst."),
        },
    )
    detention_started_on = date_field(
        _("Begin detentie"), error_messages={"required": _("Vul het begin van de detentie in.")}
    )
    expected_release_on = date_field(
        _("Verwachte datum invrijheidstelling"),
        error_messages={"required": _("Vul de verwachte datum van invrijheidstelling in.")},
    )
    return_municipality = SafeModelChoiceField(
        label=_("Gemeente van terugkeer"),
        queryset=Municipality.objects.none(),
        empty_label=_("Kies een gemeente"),
        error_messages={
            "required": _("Kies de gemeente waar de gedetineerde terugkeert."),
            "invalid_choice": _("Onbekende gemeente; kies een gemeente van deze regio."),
        },
    )
    existing_person = PersonChoiceField(
        label=_("Bekende persoon"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Geen van deze: een nieuwe persoon registreren"),
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, region_id: int, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Organisation.objects.filter(
            region_id=region_id, is_active=True, domain=Domain.STRAF
        ).order_by("name")
        self.fields["return_municipality"].queryset = Municipality.objects.filter(
            region_id=region_id
        ).order_by("name")
        if candidates:
            self.fields["existing_person"].queryset = Person.objects.filter(
                pk__in=[candidate.person.pk for candidate in candidates]
            )
        else:
            del self.fields["existing_person"]

    def person_details(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(
            first_names=data["first_names"],
            name_prefix=data["name_prefix"],
            last_name=data["last_name"],
            bsn=data["bsn"],
            birth_date=data["birth_date"],
            gender=data["gender"],
        )


class OfficerChoiceField(SafeModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name() or obj.username} ({obj.organisation})"


class OfficerForm(VersionedFormMixin, SchakelForm):
    reintegration_officer = OfficerChoiceField(
        label=_("Re-integratieofficier"),
        queryset=None,
        required=False,
        empty_label=_("Geen (nog niet toegewezen)"),
        error_messages={"invalid_choice": _("Kies een re-integratieofficier uit de lijst.")},
    )

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reintegration_officer"].queryset = officers


class ReleaseDateForm(VersionedFormMixin, SchakelForm):
    expected_release_on = date_field(
        _("Nieuwe verwachte datum invrijheidstelling"),
        error_messages={"required": _("Vul de nieuwe datum in.")},
    )
    reason = text_field(
        NoticeEvent,
        "reason",
        label=_("Reden van de wijziging"),
        rows=3,
        error_messages={"required": _("Geef aan waarom de datum verandert.")},
    )


def status_name(code: str) -> str:
    return f"{code}_status"


def note_name(code: str) -> str:
    return f"{code}_note"


class QuickscanForm(VersionedFormMixin, SchakelForm):
    """One status and a short note per basic condition, then the three closing questions."""

    already_known = choice_field(
        _("Is de gedetineerde al bekend?"),
        YesNoUnknown.choices,
        message=_("Kies ja, nee of onbekend."),
        widget=forms.RadioSelect,
    )
    concerns = text_field(
        Quickscan,
        "concerns",
        label=_("Zijn er zorgen?"),
        rows=3,
        required=False,
        help_text=_("Laat leeg als er geen zorgen zijn."),
    )
    to_be_discussed = forms.BooleanField(label=_("Bespreken aan de nazorgtafel"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        conditions = {}
        for code, label in Condition.choices:
            conditions[status_name(code)] = choice_field(
                label,
                ConditionStatus.choices,
                message=_("Kies op orde, niet op orde of onbekend."),
                widget=forms.RadioSelect,
            )
            conditions[note_name(code)] = text_field(
                QuickscanCondition,
                "note",
                label=_("Toelichting bij %(condition)s") % {"condition": str(label).lower()},
                required=False,
            )
        # The conditions come first, in the order of the seed's quickscan.
        others = dict(self.fields)
        self.fields = {**conditions, **others}
        self._apply_default_messages()

    def condition_rows(self):
        return [(self[status_name(code)], self[note_name(code)]) for code in Condition.values]

    def answers(self) -> dict[str, ConditionAnswer]:
        data = self.cleaned_data
        return {
            code: ConditionAnswer(status=data[status_name(code)], note=data[note_name(code)])
            for code in Condition.values
        }

    @staticmethod
    def initial_for(quickscan: Quickscan) -> dict:
        initial = {
            "already_known": quickscan.already_known,
            "concerns": quickscan.concerns,
            "to_be_discussed": quickscan.to_be_discussed,
            "version": quickscan.version,
        }
        for row in quickscan.conditions.all():
            initial[status_name(row.condition)] = row.status
            initial[note_name(row.condition)] = row.note
        return initial


class TableDecisionForm(SchakelForm):
    """The one step onto a table: the table (the Nazorg table unless chosen otherwise) and
    the criteria of the Landelijk Kader, filled in from the quickscan to be confirmed."""

    quickscan_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31)
    table = SafeModelChoiceField(
        label=_("Regietafel"),
        queryset=None,
        empty_label=_("Kies een regietafel"),
        error_messages={
            "required": _("Kies de regietafel."),
            "invalid_choice": _("Kies een regietafel uit de lijst."),
        },
    )
    meets_multiple_domains = forms.BooleanField(
        label=_("1. Problemen op meer dan één leefgebied"), required=False
    )
    needs_multiple_chains = forms.BooleanField(
        label=_("2. Samenwerking over meer dan één keten nodig"), required=False
    )
    impacts_system = forms.BooleanField(
        label=_("3. Impact op systeem of leefomgeving"), required=False
    )
    impacts_local_safety = forms.BooleanField(
        label=_("4. Impact op lokale of gebiedsveiligheid"), required=False
    )
    risk = choice_field(_("Risico"), Rating.choices, initial=Rating.MIDDEN)

    def __init__(self, *args, tables, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].queryset = tables


class CloseForm(SchakelForm):
    quickscan_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31)


class WorklistFilterForm(SchakelForm):
    gemeente = SafeModelChoiceField(
        label=_("Gemeente van terugkeer"),
        queryset=None,
        required=False,
        empty_label=_("Alle gemeenten"),
    )
    rio = OfficerChoiceField(
        label=_("Re-integratieofficier"),
        queryset=None,
        required=False,
        empty_label=_("Alle re-integratieofficieren"),
    )
    open = forms.BooleanField(
        label=_("Alleen met basisvoorwaarden die nog niet op orde zijn"), required=False
    )

    def __init__(self, *args, region_id: int, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = Municipality.objects.filter(
            region_id=region_id
        ).order_by("name")
        self.fields["rio"].queryset = officers

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "municipality_id": data["gemeente"].pk if data["gemeente"] else None,
            "officer_id": data["rio"].pk if data["rio"] else None,
            "only_open": data["open"],
        }
