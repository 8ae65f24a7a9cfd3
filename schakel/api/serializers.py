"""What the API shows and accepts. Names are lower camelCase (NLGov API Design Rules);
each field names its model attribute with `source`. Serializers only shape data: the
services validate and write, the selectors decide what is seen."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from schakel.cases.models import Case, CaseKind, PersonRole
from schakel.core.fields import max_length
from schakel.followup.models import Action
from schakel.inquiries.models import InformationRequest
from schakel.meetings.models import Meeting
from schakel.persons.models import Gender, Person
from schakel.plans.models import InterventionStatus
from schakel.referrals.models import Referral, ReferralSource, Urgency
from schakel.referrals.services import NEW_REFERRAL_SOURCES


def _text(model: type, field: str, **kwargs: Any) -> serializers.CharField:
    """A text field with the column's length limit, so the database never refuses one."""
    return serializers.CharField(max_length=max_length(model, field), **kwargs)


# --- Meldingen -------------------------------------------------------------------------


class ReferredPersonSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=PersonRole.choices)
    firstNames = _text(Person, "first_names", source="first_names")
    namePrefix = _text(
        Person, "name_prefix", source="name_prefix", required=False, allow_blank=True
    )
    lastName = _text(Person, "last_name", source="last_name")
    bsn = serializers.CharField(max_length=9, required=False, allow_blank=True)
    birthDate = serializers.DateField(source="birth_date", required=False, allow_null=True)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False)
    streetAddress = _text(
        Person, "street_address", source="street_address", required=False, allow_blank=True
    )
    postalCode = _text(
        Person, "postal_code", source="postal_code", required=False, allow_blank=True
    )
    city = _text(Person, "city", required=False, allow_blank=True)


class ReferralCreateSerializer(serializers.Serializer):
    source = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in NEW_REFERRAL_SOURCES],
        help_text="Bron van de melding; een her-melding registreert het ZVH bij de casus zelf.",
    )
    receivedOn = serializers.DateField(source="received_on")
    municipality = serializers.CharField(
        max_length=6, help_text="CBS-gemeentecode van de woonplaats, bijvoorbeeld GM0505."
    )
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    title = _text(Case, "title", help_text="Korte omschrijving, zonder namen.")
    description = serializers.CharField(max_length=max_length(Referral, "description"))
    lifeDomains = serializers.ListField(
        source="life_domains",
        child=serializers.SlugField(max_length=40),
        required=False,
        max_length=20,
        help_text="Codes van de leefgebieden.",
    )
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
    question = serializers.CharField(max_length=max_length(Referral, "question"))
    reporterContact = _text(
        Referral, "reporter_contact", source="reporter_contact", required=False, allow_blank=True
    )
    persons = ReferredPersonSerializer(many=True, min_length=1, max_length=20)


class ReferralSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    caseId = serializers.IntegerField(source="case_id")
    caseReference = serializers.CharField(source="case.reference")
    source = serializers.ChoiceField(choices=ReferralSource.choices)
    receivedOn = serializers.DateField(source="received_on")
    description = serializers.CharField()
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    question = serializers.CharField()
    reporterContact = serializers.CharField(source="reporter_contact")
    createdAt = serializers.DateTimeField(source="created_at")


# --- Casussen en betrokkenen -------------------------------------------------------------


class CasePersonSerializer(serializers.Serializer):
    personId = serializers.IntegerField(source="person_id")
    role = serializers.ChoiceField(choices=PersonRole.choices)
    firstNames = serializers.CharField(source="person.first_names")
    namePrefix = serializers.CharField(source="person.name_prefix")
    lastName = serializers.CharField(source="person.last_name")
    birthDate = serializers.DateField(source="person.birth_date", allow_null=True)


class CaseSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    reference = serializers.CharField()
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    title = serializers.CharField()
    state = serializers.CharField()
    municipality = serializers.CharField(source="municipality.name")
    table = serializers.CharField(source="table.name", allow_null=True, default=None)
    createdAt = serializers.DateTimeField(source="created_at")
    stateChangedAt = serializers.DateTimeField(source="state_changed_at")


class CaseDetailSerializer(CaseSerializer):
    persons = CasePersonSerializer(source="case_persons", many=True)


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    firstNames = serializers.CharField(source="first_names")
    namePrefix = serializers.CharField(source="name_prefix")
    lastName = serializers.CharField(source="last_name")
    birthDate = serializers.DateField(source="birth_date", allow_null=True)
    gender = serializers.ChoiceField(choices=Gender.choices)
    city = serializers.CharField()
    municipality = serializers.CharField(source="municipality.name", allow_null=True, default=None)


# --- Informatieverzoeken ----------------------------------------------------------------


class RequestPersonSerializer(serializers.Serializer):
    personId = serializers.IntegerField(source="pk")
    firstNames = serializers.CharField(source="first_names")
    namePrefix = serializers.CharField(source="name_prefix")
    lastName = serializers.CharField(source="last_name")
    birthDate = serializers.DateField(source="birth_date", allow_null=True)


class InformationRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    caseReference = serializers.CharField(source="case.reference")
    question = serializers.CharField()
    purpose = serializers.CharField()
    legalGround = serializers.CharField(source="legal_ground")
    deadline = serializers.DateField()
    status = serializers.CharField()
    overdue = serializers.BooleanField(source="is_overdue")
    persons = RequestPersonSerializer(many=True)
    requestedAt = serializers.DateTimeField(source="requested_at")
    answer = serializers.CharField()
    answeredAt = serializers.DateTimeField(source="answered_at", allow_null=True)


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=max_length(InformationRequest, "answer"))


# --- Acties en interventies --------------------------------------------------------------


class ActionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    caseReference = serializers.CharField(source="case.reference")
    description = serializers.CharField()
    dueOn = serializers.DateField(source="due_on")
    status = serializers.CharField()
    overdue = serializers.BooleanField(source="is_overdue")
    result = serializers.CharField()
    completedAt = serializers.DateTimeField(source="completed_at", allow_null=True)


class ActionCompletionSerializer(serializers.Serializer):
    result = serializers.CharField(max_length=max_length(Action, "result"))


class InterventionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    caseReference = serializers.CharField(source="plan.case.reference")
    line = serializers.CharField()
    kader = serializers.CharField()
    description = serializers.CharField()
    responsibleName = serializers.CharField(source="responsible_name")
    startsOn = serializers.DateField(source="starts_on", allow_null=True)
    endsOn = serializers.DateField(source="ends_on", allow_null=True)
    status = serializers.ChoiceField(choices=InterventionStatus.choices)


class ProgressSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=InterventionStatus.choices)
    text = serializers.CharField(max_length=4000)


class ProgressReportSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    interventionId = serializers.IntegerField(source="intervention_id")
    status = serializers.ChoiceField(choices=InterventionStatus.choices)
    text = serializers.CharField()
    reportedAt = serializers.DateTimeField(source="at")


# --- Agenda -----------------------------------------------------------------------------


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    table = serializers.CharField(source="table.name")
    date = serializers.SerializerMethodField()
    startsAt = serializers.DateTimeField(source="starts_at")
    endsAt = serializers.DateTimeField(source="ends_at")
    location = serializers.CharField()
    status = serializers.CharField()

    @extend_schema_field(OpenApiTypes.DATE)
    def get_date(self, meeting: Meeting) -> str:
        """The day in Amsterdam, where the meeting is held."""
        return timezone.localtime(meeting.starts_at).date().isoformat()
