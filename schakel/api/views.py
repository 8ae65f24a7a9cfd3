"""The partner API's endpoints: thin. Selectors decide what is seen (via the policy),
the services write (the same ones the pages call), the access log gets every read."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import get_visible_case, get_visible_person
from schakel.api import scopes
from schakel.api import selectors as api_selectors
from schakel.api import serializers as s
from schakel.api.permissions import HasScope
from schakel.api.versioning import API_VERSION, VERSION_HEADER
from schakel.cases.models import LifeDomain
from schakel.followup.services import complete_action
from schakel.inquiries.services import answer_request
from schakel.organisations.models import Municipality
from schakel.plans.services import report_progress
from schakel.referrals.services import PersonDetails, ReferredPerson, submit_referral


class VersionHeaderMixin:
    # The full version on every answer, errors included (NLGov API Design Rules).
    # (Comments, not docstrings: a docstring would become the operation's description.)

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any):
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        response[VERSION_HEADER] = API_VERSION
        return response


class ApiMixin(VersionHeaderMixin):
    # The scope check, and logging as the client.

    permission_classes = [HasScope]
    required_scopes: dict[str, str] = {}
    request: Request

    def log(self, **kwargs: Any) -> None:
        client = self.request.api_client  # type: ignore[attr-defined]
        record_access(actor=self.request.user, on_behalf_of=client.on_behalf_of, **kwargs)


class LoggedListView(ApiMixin, generics.ListAPIView):
    # A paginated list; the rows shown are written to the access log.

    what = ""

    def log_page(self, rows: list[Any]) -> None:
        self.log(
            action=AccessAction.READ,
            purpose=_("API"),
            detail=_("API-lijst %(what)s: %(ids)s")
            % {"what": self.what, "ids": ", ".join(str(row.pk) for row in rows) or "-"},
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = self.paginate_queryset(self.get_queryset())
        assert rows is not None  # every list is paginated
        self.log_page(rows)
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


# --- Meldingen ---------------------------------------------------------------------------


class ReferralListView(LoggedListView):
    required_scopes = {"GET": scopes.MELDINGEN_LEZEN, "POST": scopes.MELDINGEN_SCHRIJVEN}
    serializer_class = s.ReferralSerializer
    what = "meldingen"

    def get_queryset(self):
        return api_selectors.own_referrals(user=self.request.user)

    @extend_schema(
        operation_id="listMeldingen",
        summary="De meldingen van de eigen organisatie",
        tags=["meldingen"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)

    @extend_schema(
        operation_id="createMelding",
        summary="Een melding doen namens de eigen organisatie",
        description=(
            "Dezelfde registratie als een melding op het scherm: een nieuwe casus "
            "(aangemeld) met haar betrokkenen. Alles of niets."
        ),
        tags=["meldingen"],
        request=s.ReferralCreateSerializer,
        responses={201: s.ReferralSerializer},
    )
    def post(self, request: Request) -> Response:
        incoming = s.ReferralCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        municipality = Municipality.objects.filter(cbs_code=data["municipality"]).first()
        codes = data.get("life_domains", [])
        life_domains = list(LifeDomain.objects.filter(code__in=codes))
        errors: dict[str, list[str]] = {}
        if municipality is None:
            errors["municipality"] = [_("Deze gemeentecode is onbekend.")]
        if len(life_domains) != len(set(codes)):
            errors["lifeDomains"] = [_("Een of meer leefgebiedcodes zijn onbekend.")]
        if errors:
            raise exceptions.ValidationError(errors)
        assert municipality is not None
        referral = submit_referral(
            actor=request.user,
            source=data["source"],
            received_on=data["received_on"],
            municipality=municipality,
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            life_domains=life_domains,
            urgency=data.get("urgency", "normaal"),
            question=data["question"],
            reporter_contact=data.get("reporter_contact", ""),
            persons=[
                ReferredPerson(
                    role=person.pop("role"),
                    details=PersonDetails(**person),
                )
                for person in data["persons"]
            ],
        )
        body = s.ReferralSerializer(referral).data
        response = Response(body, status=status.HTTP_201_CREATED)
        response["Location"] = request.build_absolute_uri(
            reverse("api:referral", kwargs={"pk": referral.pk})
        )
        return response


class ReferralDetailView(ApiMixin, generics.RetrieveAPIView):
    required_scopes = {"GET": scopes.MELDINGEN_LEZEN}
    serializer_class = s.ReferralSerializer

    @extend_schema(operation_id="getMelding", summary="Eén eigen melding", tags=["meldingen"])
    def get(self, request: Request, pk: int) -> Response:
        referral = api_selectors.get_own_referral(user=request.user, pk=pk)
        self.log(action=AccessAction.READ, case=referral.case, obj=referral, purpose=_("Melding"))
        return Response(s.ReferralSerializer(referral).data)


# --- Casussen en betrokkenen ---------------------------------------------------------------


class CaseListView(LoggedListView):
    required_scopes = {"GET": scopes.CASUSSEN_LEZEN}
    serializer_class = s.CaseSerializer
    what = "casussen"

    def get_queryset(self):
        return api_selectors.cases(user=self.request.user)

    @extend_schema(
        operation_id="listCasussen",
        summary="De casussen waarin de eigen organisatie deelneemt",
        tags=["casussen"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)


class CaseDetailView(ApiMixin, generics.RetrieveAPIView):
    required_scopes = {"GET": scopes.CASUSSEN_LEZEN}
    serializer_class = s.CaseDetailSerializer

    @extend_schema(
        operation_id="getCasus", summary="Eén casus met haar betrokkenen", tags=["casussen"]
    )
    def get(self, request: Request, pk: int) -> Response:
        case = get_visible_case(request.user, pk)
        case = api_selectors.with_persons(api_selectors.cases(user=request.user)).get(pk=case.pk)
        self.log(
            action=AccessAction.READ,
            case=case,
            persons=[link.person for link in case.case_persons.all()],
            obj=case,
            purpose=_("Casus"),
        )
        return Response(s.CaseDetailSerializer(case).data)


class PersonListView(LoggedListView):
    required_scopes = {"GET": scopes.CASUSSEN_LEZEN}
    serializer_class = s.PersonSerializer
    what = "betrokkenen"

    def get_queryset(self):
        return api_selectors.persons(user=self.request.user)

    def log_page(self, rows: list[Any]) -> None:
        self.log(
            action=AccessAction.READ,
            persons=rows,
            purpose=_("API"),
            detail=_("API-lijst betrokkenen"),
        )

    @extend_schema(
        operation_id="listPersonen",
        summary="De betrokkenen van de casussen waarin de organisatie deelneemt",
        tags=["personen"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)


class PersonDetailView(ApiMixin, generics.RetrieveAPIView):
    required_scopes = {"GET": scopes.CASUSSEN_LEZEN}
    serializer_class = s.PersonSerializer

    @extend_schema(operation_id="getPersoon", summary="Eén betrokkene", tags=["personen"])
    def get(self, request: Request, pk: int) -> Response:
        person = get_visible_person(request.user, pk)
        self.log(action=AccessAction.READ, persons=[person], obj=person, purpose=_("Betrokkene"))
        return Response(s.PersonSerializer(person).data)


# --- Informatieverzoeken -----------------------------------------------------------------


class InformationRequestListView(LoggedListView):
    required_scopes = {"GET": scopes.INFORMATIEVERZOEKEN}
    serializer_class = s.InformationRequestSerializer
    what = "informatieverzoeken"

    def get_queryset(self):
        return api_selectors.addressed_requests(user=self.request.user)

    @extend_schema(
        operation_id="listInformatieverzoeken",
        summary="De informatieverzoeken aan de eigen organisatie",
        tags=["informatieverzoeken"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)


class InformationRequestDetailView(ApiMixin, generics.RetrieveAPIView):
    required_scopes = {"GET": scopes.INFORMATIEVERZOEKEN}
    serializer_class = s.InformationRequestSerializer

    @extend_schema(
        operation_id="getInformatieverzoek",
        summary="Eén informatieverzoek aan de eigen organisatie",
        tags=["informatieverzoeken"],
    )
    def get(self, request: Request, pk: int) -> Response:
        information_request = api_selectors.get_addressed_request(user=request.user, pk=pk)
        self.log(
            action=AccessAction.READ,
            case=information_request.case,
            persons=information_request.persons.all(),
            obj=information_request,
            purpose=information_request.purpose,
        )
        return Response(s.InformationRequestSerializer(information_request).data)


class InformationRequestAnswerView(ApiMixin, generics.GenericAPIView):
    required_scopes = {"POST": scopes.INFORMATIEVERZOEKEN}
    serializer_class = s.AnswerSerializer

    @extend_schema(
        operation_id="answerInformatieverzoek",
        summary="Een informatieverzoek beantwoorden",
        tags=["informatieverzoeken"],
        request=s.AnswerSerializer,
        responses={201: s.InformationRequestSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        information_request = api_selectors.get_addressed_request(user=request.user, pk=pk)
        incoming = s.AnswerSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        answered = answer_request(
            actor=request.user,
            information_request=information_request,
            answer=incoming.validated_data["answer"],
        )
        answered = api_selectors.get_addressed_request(user=request.user, pk=answered.pk)
        return Response(
            s.InformationRequestSerializer(answered).data, status=status.HTTP_201_CREATED
        )


# --- Acties en interventies --------------------------------------------------------------


class ActionListView(LoggedListView):
    required_scopes = {"GET": scopes.ACTIES}
    serializer_class = s.ActionSerializer
    what = "acties"

    def get_queryset(self):
        return api_selectors.own_actions(user=self.request.user)

    @extend_schema(
        operation_id="listActies", summary="De acties van de eigen organisatie", tags=["acties"]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)


class ActionCompletionView(ApiMixin, generics.GenericAPIView):
    required_scopes = {"POST": scopes.ACTIES}
    serializer_class = s.ActionCompletionSerializer

    @extend_schema(
        operation_id="completeActie",
        summary="Een actie gereed melden, met wat zij heeft opgeleverd",
        tags=["acties"],
        request=s.ActionCompletionSerializer,
        responses={201: s.ActionSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        action = api_selectors.get_own_action(user=request.user, pk=pk)
        incoming = s.ActionCompletionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        done = complete_action(
            actor=request.user,
            action=action,
            result=incoming.validated_data["result"],
        )
        return Response(s.ActionSerializer(done).data, status=status.HTTP_201_CREATED)


class InterventionListView(LoggedListView):
    required_scopes = {"GET": scopes.ACTIES}
    serializer_class = s.InterventionSerializer
    what = "interventies"

    def get_queryset(self):
        return api_selectors.own_interventions(user=self.request.user)

    @extend_schema(
        operation_id="listInterventies",
        summary="De interventies die de eigen organisatie uitvoert",
        tags=["interventies"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)


class InterventionProgressView(ApiMixin, generics.GenericAPIView):
    required_scopes = {"POST": scopes.ACTIES}
    serializer_class = s.ProgressSerializer

    @extend_schema(
        operation_id="createVoortgangsrapportage",
        summary="De voortgang van een eigen interventie melden",
        tags=["interventies"],
        request=s.ProgressSerializer,
        responses={201: s.ProgressReportSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        intervention = api_selectors.get_own_intervention(user=request.user, pk=pk)
        incoming = s.ProgressSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        update = report_progress(
            intervention=intervention,
            actor=request.user,
            status=incoming.validated_data["status"],
            text=incoming.validated_data["text"],
        )
        return Response(s.ProgressReportSerializer(update).data, status=status.HTTP_201_CREATED)


# --- Agenda ------------------------------------------------------------------------------


class MeetingListView(LoggedListView):
    required_scopes = {"GET": scopes.AGENDA}
    serializer_class = s.MeetingSerializer
    what = "overleggen"

    def get_queryset(self):
        return api_selectors.meetings(user=self.request.user)

    @extend_schema(
        operation_id="listOverleggen",
        summary="De overleggen waarvoor de eigen organisatie is uitgenodigd",
        description="Datum, tijd, plaats en status; de agenda zelf staat niet in de API.",
        tags=["agenda"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)


# --- The document and its page -------------------------------------------------------------


class OpenApiView(VersionHeaderMixin, SpectacularJSONAPIView):
    # The OpenAPI document: public, so a partner can read what it will connect to.

    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []


class DocumentationView(VersionHeaderMixin, SpectacularSwaggerSplitView):
    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []


class UnknownAddressView(VersionHeaderMixin, generics.GenericAPIView):
    # Any other address under /api/v1/: the same problem+json 404 as for an unknown id, so a
    # client learns nothing from the shape of the answer. Not part of the published document.

    authentication_classes: list = []
    permission_classes: list = []
    schema = None

    def _not_found(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise exceptions.NotFound(_("Dit adres bestaat niet in de API."))

    get = post = put = patch = delete = _not_found
