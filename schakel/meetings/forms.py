"""Input of the casusoverleg pages; the rules live in schakel.meetings.services."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.access.policy import confidential_choices
from schakel.accounts.models import User
from schakel.core.concurrency import VersionedFormMixin
from schakel.core.confidentiality import Marking, confidentiality_fields
from schakel.core.forms import (
    SafeModelChoiceField,
    SafeModelMultipleChoiceField,
    SchakelForm,
    TimeInput,
    choice_field,
    date_field,
    text_field,
)
from schakel.meetings.models import AgendaItem, Attendance, AttendanceMode, Meeting
from schakel.organisations.models import Organisation
from schakel.tables.models import Table


class MeetingTimeForm(SchakelForm):
    """Date, times and place of a sitting (adding one, or moving one)."""

    date = date_field(_("Datum"))
    start_time = forms.TimeField(label=_("Begintijd"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Eindtijd"), widget=TimeInput())
    location = text_field(Meeting, "location", required=False)

    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        zone = timezone.get_current_timezone()
        day = self.cleaned_data["date"]
        return (
            timezone.make_aware(
                datetime.datetime.combine(day, self.cleaned_data["start_time"]), zone
            ),
            timezone.make_aware(
                datetime.datetime.combine(day, self.cleaned_data["end_time"]), zone
            ),
        )

    @classmethod
    def initial_for(cls, *, starts_at, ends_at, location: str) -> dict:
        start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
        return {
            "date": start.date(),
            "start_time": start.time().replace(second=0, microsecond=0),
            "end_time": end.time().replace(second=0, microsecond=0),
            "location": location,
        }


class MeetingMoveForm(VersionedFormMixin, MeetingTimeForm):
    """Moving a sitting: its times and place, and the version they were read at."""


class MeetingCancelForm(VersionedFormMixin, SchakelForm):
    """The cancel button: only the version the meeting page was opened at."""


class NewMeetingForm(MeetingTimeForm):
    table = SafeModelChoiceField(
        label=_("Regietafel"),
        queryset=Table.objects.none(),
        empty_label=_("Kies een regietafel"),
        error_messages={
            "required": _("Kies de regietafel."),
            "invalid_choice": _("Kies een regietafel waarvan u procesregisseur bent."),
        },
    )
    field_order = ["table", "date", "start_time", "end_time", "location"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].queryset = user.directed_tables.filter(is_active=True).order_by("name")


class AddCaseForm(SchakelForm):
    reference = forms.CharField(
        label=_("Casuskenmerk"),
        max_length=30,
        help_text=_("Het hele kenmerk (C2025-000123) of een deel van het nummer (123)."),
        error_messages={
            "required": _("Geef het kenmerk van de casus."),
            "max_length": _("Een casuskenmerk is korter."),
        },
    )
    purpose = text_field(
        AgendaItem,
        "purpose",
        rows=3,
        help_text=_("Het doel bepaalt welke informatie aan tafel gedeeld mag worden."),
        error_messages={
            "required": _("Geef het doel van de bespreking: dat bepaalt wat gedeeld mag worden."),
        },
    )
    questions = text_field(AgendaItem, "questions", rows=3, required=False)
    # Shown only when what was typed fits several cases: the list to choose from.
    case = forms.IntegerField(
        label=_("Kies de casus"),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": _("Kies een casus uit de lijst.")},
    )
    field_order = ["reference", "case", "purpose", "questions"]

    def offer(self, candidates) -> None:
        """Show the matching cases as a choice (a case list the user may see anyway)."""
        self.fields["case"].widget = forms.RadioSelect(
            choices=[
                (
                    case.pk,
                    f"{case.reference} — {case.title} ({case.get_state_display()})",
                )
                for case in candidates
            ]
        )


class InviteForm(VersionedFormMixin, SchakelForm):
    organisations = SafeModelMultipleChoiceField(
        label=_("Uitgenodigde organisaties voor dit agendapunt"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Alleen convenantpartners van de regio. Zij zien de casus vanaf het "
            "informatiemoment vóór het overleg."
        ),
        error_messages={
            "invalid_choice": _("Deze organisatie kan niet worden uitgenodigd."),
            "invalid_pk_value": _("Deze organisatie kan niet worden uitgenodigd."),
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations


def _minutes(name, help_text):
    return text_field(AgendaItem, name, rows=5, required=False, help_text=help_text)


class MinutesForm(VersionedFormMixin, SchakelForm):
    beeldvorming = _minutes("beeldvorming", _("Het gezamenlijke beeld: wat weten de partners?"))
    oordeelvorming = _minutes(
        "oordeelvorming", _("Wat vinden de partners ervan: risico's, kansen, wat is nodig?")
    )
    besluitvorming = _minutes("besluitvorming", _("Wat is besloten, door wie en wanneer?"))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        # Procesregie minutes, so procesregie always reads them.
        self.fields.update(
            confidentiality_fields(
                organisations=confidential_choices(case), writer_is_procesregie=True
            )
        )

    def minutes(self) -> tuple[int | None, dict[str, str], Marking]:
        """The expected version, the three texts and the marking, for record_minutes."""
        version, data = self.split_version()
        texts = {name: data[name] for name in ("beeldvorming", "oordeelvorming", "besluitvorming")}
        return version, texts, Marking.from_cleaned(data)


class AttendanceForm(SchakelForm):
    organisation = SafeModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.none(),
        empty_label=_("— kies een organisatie —"),
        error_messages={
            "required": _("Kies de organisatie."),
            "invalid_choice": _("Kies een organisatie uit de lijst."),
        },
    )
    user = SafeModelChoiceField(
        label=_("Gebruiker"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— geen account —"),
        help_text=_("Of vul hieronder een naam in voor iemand zonder account."),
        error_messages={"invalid_choice": _("Kies een gebruiker uit de lijst.")},
    )
    name = text_field(Attendance, "name", required=False)
    mode = choice_field(
        _("Deelname"),
        AttendanceMode.choices,
        message=_("Kies hoe is deelgenomen."),
        widget=forms.RadioSelect,
    )
    item = SafeModelChoiceField(
        label=_("Alleen voor agendapunt"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("het hele overleg"),
        error_messages={"invalid_choice": _("Kies een agendapunt van dit overleg.")},
    )

    def __init__(self, *args, organisations, users, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["user"].queryset = users
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda item: (
            f"{item.position}. {item.case.reference}"
        )
        self.fields["user"].label_from_instance = lambda user: (
            f"{user.get_full_name() or user.username} ({user.organisation})"
        )


# The service speaks of moments; the form asks for a date and two times.
SERVICE_FIELD_NAMES = {"starts_at": "start_time", "ends_at": "end_time"}
