"""The partner API under /api/v1/: no trailing slashes, kebab-case (NLGov API Design Rules)."""

from django.urls import path, re_path, register_converter
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.views import TokenView

from schakel.api import views
from schakel.api.versioning import with_version_header

app_name = "api"


class AnyIntegerConverter:
    """Also a negative number reaches the view, which answers with a problem+json 404:
    Django's own 404 page is HTML, which an API client cannot read."""

    regex = "-?[0-9]+"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(AnyIntegerConverter, "id")

urlpatterns = [
    path("token", csrf_exempt(with_version_header(TokenView.as_view())), name="token"),
    path("openapi.json", views.OpenApiView.as_view(), name="schema"),
    path("documentatie", views.DocumentationView.as_view(url_name="api:schema"), name="docs"),
    path("meldingen", views.ReferralListView.as_view(), name="referrals"),
    path("meldingen/<id:pk>", views.ReferralDetailView.as_view(), name="referral"),
    path("casussen", views.CaseListView.as_view(), name="cases"),
    path("casussen/<id:pk>", views.CaseDetailView.as_view(), name="case"),
    path("personen", views.PersonListView.as_view(), name="persons"),
    path("personen/<id:pk>", views.PersonDetailView.as_view(), name="person"),
    path(
        "informatieverzoeken",
        views.InformationRequestListView.as_view(),
        name="information_requests",
    ),
    path(
        "informatieverzoeken/<id:pk>",
        views.InformationRequestDetailView.as_view(),
        name="information_request",
    ),
    path(
        "informatieverzoeken/<id:pk>/antwoord",
        views.InformationRequestAnswerView.as_view(),
        name="information_request_answer",
    ),
    path("acties", views.ActionListView.as_view(), name="actions"),
    path(
        "acties/<id:pk>/gereedmelding",
        views.ActionCompletionView.as_view(),
        name="action_completion",
    ),
    path("interventies", views.InterventionListView.as_view(), name="interventions"),
    path(
        "interventies/<id:pk>/voortgangsrapportages",
        views.InterventionProgressView.as_view(),
        name="intervention_progress",
    ),
    path("overleggen", views.MeetingListView.as_view(), name="meetings"),
    # Last: every other address gets the API's own 404.
    re_path(r"^.*$", views.UnknownAddressView.as_view(), name="unknown"),
]
