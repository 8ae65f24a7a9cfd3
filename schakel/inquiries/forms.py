import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.access.policy import confidential_choices
from schakel.cases.selectors import persons_in_case
from schakel.core.confidentiality import Marking, confidentiality_fields
from schakel.core.forms import (
    SafeModelChoiceField,
    SafeModelMultipleChoiceField,
    SchakelForm,
    date_field,
    text_field,
)
from schakel.inquiries.models import InformationRequest, LegalGround
from schakel.inquiries.selectors import askable_organisations
from schakel.organisations.models import Organisation
from schakel.persons.restriction import shown

DEFAULT_ANSWER_DAYS = 10


class PersonChoiceField(SafeModelMultipleChoiceField):
    def label_from_instance(self, obj):
        obj = shown(obj)
        if obj.birth_date:
            return f"{obj.full_name} ({obj.birth_date:%d-%m-%Y})"
        return obj.full_name


class InformationRequestForm(SchakelForm):
    """Input for schakel.inquiries.services.request_information; the service decides."""

    organisation = SafeModelChoiceField(
        label=_("Partnerorganisatie"),
        queryset=None,
        help_text=_("Alleen actieve partners die het convenant informatiedeling ondertekenden."),
        error_messages={
            "required": _("Kies de organisatie die u om informatie vraagt."),
            "invalid_choice": _(
                "Deze organisatie kan niet worden bevraagd: kies een partner uit de lijst."
            ),
        },
    )
    persons = PersonChoiceField(
        label=_("Betrokkenen"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vraag alleen naar de betrokkenen voor wie de informatie nodig is."),
        error_messages={
            "required": _("Kies ten minste één betrokkene over wie u informatie vraagt."),
            "invalid_choice": _("Kies alleen betrokkenen van deze casus."),
            "invalid_pk_value": _("Kies alleen betrokkenen van deze casus."),
        },
    )
    question = text_field(
        InformationRequest,
        "question",
        label=_("Vraag"),
        rows=5,
        error_messages={"required": _("Stel de vraag aan de partner.")},
    )
    purpose = text_field(
        InformationRequest,
        "purpose",
        label=_("Doel"),
        rows=3,
        help_text=_("Waarvoor is de informatie nodig? Het doel bepaalt wat mag worden gedeeld."),
        error_messages={
            "required": _(
                "Geef het doel van het verzoek: zonder doel mag geen informatie worden gedeeld."
            )
        },
    )
    legal_ground = forms.ChoiceField(
        label=_("Grondslag"),
        choices=[("", _("— kies een grondslag —")), *LegalGround.choices],
        error_messages={
            "required": _("Kies de grondslag voor het verzoek."),
            "invalid_choice": _("Kies een grondslag uit de lijst."),
        },
    )
    deadline = date_field(
        _("Uiterste datum"),
        help_text=_("Tot wanneer de partner heeft om te antwoorden."),
        error_messages={"required": _("Geef de uiterste datum voor het antwoord.")},
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        # Any organisation id validates here, so that a tampered choice reaches the service
        # and gets its precise refusal; the select only offers the askable partners.
        organisation = self.fields["organisation"]
        organisation.queryset = Organisation.objects.all()
        organisation.widget.choices = [
            ("", _("— kies een organisatie —")),
            *((o.pk, str(o)) for o in askable_organisations(case=case)),
        ]
        self.fields["persons"].queryset = persons_in_case(case)
        if not self.is_bound:
            self.initial.setdefault(
                "deadline", timezone.localdate() + datetime.timedelta(days=DEFAULT_ANSWER_DAYS)
            )
            self.initial.setdefault("legal_ground", LegalGround.WGS)


class AnswerForm(SchakelForm):
    answer = text_field(
        InformationRequest,
        "answer",
        label=_("Antwoord"),
        rows=8,
        help_text=_(
            "Deel alleen wat nodig is voor het doel van het verzoek. "
            "Het antwoord wordt met uw organisatie als bron aan de casus gekoppeld."
        ),
        error_messages={"required": _("Vul het antwoord in.")},
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the addressed partner answers, so the writer is never procesregie here.
        self.fields.update(
            confidentiality_fields(
                organisations=confidential_choices(case), writer_is_procesregie=False
            )
        )

    def marking(self) -> Marking:
        return Marking.from_cleaned(self.cleaned_data)


class OverdueFilterForm(SchakelForm):
    overdue = forms.BooleanField(label=_("Alleen verlopen verzoeken"), required=False)
