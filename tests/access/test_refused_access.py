"""Refused object access leaves a security event, without changing what the user sees."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from schakel.accounts.models import SecurityEventKind
from schakel.accounts.roles import Role
from schakel.accounts.services import record_security_event
from tests.access.helpers import refusals
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import sign_in

# The CSRF token and the form's one-time submission token differ on every page.
CSRF_VALUE = re.compile(rb'(name="(?:csrfmiddlewaretoken|verzendsleutel)") value="[^"]+"')


def same_page(body: bytes) -> bytes:
    # The CSRF token is masked anew on every page; everything else must be the same.
    return CSRF_VALUE.sub(rb'\1 value=""', body)


@pytest.fixture
def privacy_officer(zvh):
    return UserFactory(organisation=zvh, roles=[Role.PRIVACY_OFFICER])


def test_outsider_reading_a_case_is_refused_and_recorded(signed_in, outsider, case):
    response = signed_in(outsider).get(
        reverse("cases:detail", args=[case.pk]), REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 404
    event = refusals().get()
    assert event.user == outsider
    assert event.username == outsider.username
    assert event.ip_address == "192.0.2.7"
    assert event.detail == (
        f"GET cases:detail pk={case.pk} → 404; organisatie: Woningcorporatie Elders"
    )


def test_outsider_posting_to_a_case_url_is_refused_and_recorded(signed_in, outsider, case):
    url = reverse("followup:action_create", args=[case.pk])
    response = signed_in(outsider).post(url, {"description": "Huisbezoek"})
    assert response.status_code == 404
    event = refusals().get()
    assert event.user == outsider
    assert event.detail.startswith(f"POST followup:action_create case_pk={case.pk} → 404;")


def test_wrong_role_gets_403_and_it_is_recorded(signed_in, manager, case):
    response = signed_in(manager).get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 403
    event = refusals().get()
    assert event.user == manager
    assert event.detail == (
        f"GET cases:detail pk={case.pk} → 403; organisatie: {manager.organisation.name}"
    )


def test_existing_and_non_existing_case_give_the_same_404_and_both_are_recorded(
    signed_in, outsider, case
):
    client = signed_in(outsider)
    hidden = client.get(reverse("cases:detail", args=[case.pk]))
    missing = client.get(reverse("cases:detail", args=[case.pk + 1000]))
    assert hidden.status_code == missing.status_code == 404
    assert same_page(hidden.content) == same_page(missing.content)
    assert sorted(hidden.headers.items()) == sorted(missing.headers.items())
    assert refusals().count() == 2
    assert refusals().filter(detail__contains=f"pk={case.pk + 1000} → 404").exists()


def test_the_page_is_unchanged_by_the_recording(signed_in, outsider, case, settings):
    """The same refusal with and without the middleware gives the very same response."""
    url = reverse("cases:detail", args=[case.pk])
    recorded = signed_in(outsider).get(url)
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "RefusedAccessMiddleware" not in m]
    # A fresh client builds its middleware chain from the changed setting.
    plain = sign_in(Client(), outsider).get(url)
    assert refusals().count() == 1
    assert (recorded.status_code, same_page(recorded.content)) == (
        plain.status_code,
        same_page(plain.content),
    )
    assert sorted(recorded.headers.items()) == sorted(plain.headers.items())


def test_anonymous_requests_are_not_recorded(client, case):
    response = client.get(reverse("cases:detail", args=[case.pk + 1000]))
    assert response.status_code == 302
    client.post(reverse("followup:action_create", args=[case.pk]))
    assert not refusals().exists()


def test_unknown_addresses_and_pages_without_object_are_not_recorded(signed_in, outsider):
    client = signed_in(outsider)
    assert client.get("/bestaat-niet/12/").status_code == 404
    assert client.get(reverse("access:log")).status_code == 403
    assert not refusals().exists()


def test_allowed_access_is_not_recorded(signed_in, partner_user, case):
    assert signed_in(partner_user).get(reverse("cases:detail", args=[case.pk])).status_code == 200
    assert not refusals().exists()


def test_a_secret_token_in_the_address_is_not_written_out(signed_in, outsider):
    token = "geheim-en-lang-genoeg-om-te-raden"
    response = signed_in(outsider).get(reverse("meetings:table_calendar", args=[token]))
    assert response.status_code == 404
    event = refusals().get()
    assert token not in event.detail and "token=gehe…" in event.detail


# --- the privacy officer's page --------------------------------------------------------


def test_privacy_officer_sees_the_refusal(signed_in, privacy_officer, refused, outsider, case):
    response = signed_in(privacy_officer).get(reverse("access:refused"))
    assert response.status_code == 200
    body = response.content.decode()
    assert outsider.username in body
    assert "Woningcorporatie Elders" in body
    assert f"GET cases:detail pk={case.pk} → 404" in body
    assert "192.0.2.7" in body


def test_privacy_officer_filters_by_user_organisation_and_date(
    signed_in, privacy_officer, refused, outsider
):
    client = signed_in(privacy_officer)
    url = reverse("access:refused")
    found = "1 geweigerde poging"
    assert found in client.post(url, {"name": outsider.last_name[:4]}).content.decode()
    assert found in client.post(url, {"organisation": "elders"}).content.decode()
    assert "Geen geweigerde pogingen" in client.post(url, {"name": "niemand"}).content.decode()
    assert (
        "Geen geweigerde pogingen" in client.post(url, {"organisation": "Politie"}).content.decode()
    )
    # The day as the privacy officer knows it: the filter is on the Dutch calendar day.
    today = timezone.localdate(refused.occurred_at).isoformat()
    assert found in client.post(url, {"date_from": today, "date_to": today}).content.decode()
    assert (
        "Geen geweigerde pogingen"
        in client.post(url, {"date_from": "2000-01-01", "date_to": "2000-01-31"}).content.decode()
    )
    wrong = client.post(url, {"date_from": "2026-12-01", "date_to": "2026-01-01"})
    assert "De einddatum ligt vóór de begindatum." in wrong.content.decode()


def test_navigation_links_the_page_for_the_privacy_officer_only(
    signed_in, privacy_officer, client, procesregisseur
):
    body = signed_in(privacy_officer).get(reverse("access:refused")).content.decode()
    assert f'href="{reverse("access:refused")}" aria-current="page"' in body
    assert f'href="{reverse("access:log")}" aria-current' not in body
    client.logout()
    body = signed_in(procesregisseur).get(reverse("home:worklist")).content.decode()
    assert reverse("access:refused") not in body


def test_query_count_does_not_grow_with_the_number_of_rows(
    signed_in, privacy_officer, outsider, case, region
):
    client = signed_in(privacy_officer)
    url = reverse("access:refused")

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def refuse(n: int) -> None:
        for _ in range(n):
            user = UserFactory(organisation=OrganisationFactory(region=region))
            record_security_event(
                kind=SecurityEventKind.ACCESS_REFUSED, user=user, detail="GET x pk=1 → 404"
            )

    refuse(2)
    queries_for_page()  # the first page of a session also notes the session as seen
    few = queries_for_page()
    refuse(20)
    assert queries_for_page() == few
    assert few <= 12
