from django.urls import include, path

from schakel.cases import person_urls as person_page_urls
from schakel.cases import urls as case_urls
from schakel.home import case_urls as case_page_urls
from schakel.persons import urls as person_urls

# Schakel's own Dutch pages for a bad request and for a server error; the latter shows the
# maintenance page when the database is unreachable or read-only (schakel.core.maintenance).
handler400 = "schakel.core.views.bad_request"
handler500 = "schakel.core.views.server_error"

urlpatterns = [
    # The load balancer's health check: no login, no personal data.
    path("", include("schakel.core.urls")),
    path("", include("schakel.home.urls")),
    path("", include("schakel.accounts.urls")),
    path("beheer/", include("schakel.organisations.urls")),
    path("beheer/bewaartermijnen/", include("schakel.retention.urls")),
    path("beheer/api-clients/", include("schakel.api.client_urls")),
    # The partner API: the major version in the path, no trailing slashes.
    path("api/v1/", include("schakel.api.urls")),
    # The person page and the registration into a case list and take cases, so they are
    # built in schakel.cases but keep the persons:detail and persons:create names.
    path(
        "personen/",
        include((person_urls.urlpatterns + person_page_urls.urlpatterns, person_urls.app_name)),
    ),
    # The case page is composed above the apps it shows (schakel.home) but keeps the
    # cases:detail and cases:section names.
    path(
        "casussen/",
        include((case_urls.urlpatterns + case_page_urls.urlpatterns, case_urls.app_name)),
    ),
    path("meldingen/", include("schakel.referrals.urls")),
    path("informatieverzoeken/", include("schakel.inquiries.urls")),
    path("triage/", include("schakel.triage.urls")),
    path("toegangslog/", include("schakel.access.urls")),
    path("noodtoegang/", include("schakel.access.break_glass_urls")),
    path("privacy/personen/", include("schakel.persons.privacy_urls")),
    path("privacy/", include("schakel.rights.urls")),
    path("importeren/", include("schakel.imports.urls")),
    # Each part below owns its own top-level paths (see its urls.py).
    path("", include("schakel.meetings.urls")),
    path("", include("schakel.plans.urls")),
    path("", include("schakel.followup.urls")),
    path("", include("schakel.closure.urls")),
    path("", include("schakel.transfers.urls")),
    path("nazorg/", include("schakel.nazorg.urls")),
    path("rapportages/", include("schakel.reports.urls")),
    path("", include("schakel.notifications.urls")),
]
