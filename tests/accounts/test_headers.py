"""Every HTML answer carries the security headers (ASVS V14.4)."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.accounts.helpers import submit_password
from tests.factories import verified_device

pytestmark = pytest.mark.django_db


def assert_security_headers(response):
    assert response["Content-Type"].startswith("text/html")
    assert "no-store" in response["Cache-Control"]
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == settings.SECURE_REFERRER_POLICY


@pytest.mark.parametrize(
    "url_name", ["accounts:login", "home:accessibility", "home:privacy", "home:worklist"]
)
def test_anonymous_pages(client, url_name):
    response = client.get(reverse(url_name), follow=True)

    assert response.status_code == 200
    assert_security_headers(response)


def test_second_step_page(client, member):
    verified_device(member)
    submit_password(client, member)

    response = client.get(reverse("accounts:two_factor"))

    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.parametrize(
    "url_name", ["home:worklist", "accounts:sessions", "accounts:password_change"]
)
def test_signed_in_pages(signed_in, member, url_name):
    response = signed_in(member).get(reverse(url_name))

    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.parametrize(
    "url_name",
    [
        "organisations:index",
        "organisations:organisation_list",
        "organisations:user_list",
        "organisations:user_create",
        "organisations:municipality_list",
    ],
)
def test_beheer_pages(signed_in, beheerder, url_name):
    response = signed_in(beheerder).get(reverse(url_name))

    assert response.status_code == 200
    assert_security_headers(response)


def test_lockout_and_refusal_pages(client, signed_in, member, partner_user):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = submit_password(client, member, password="fout-wachtwoord-123")
    assert response.status_code == 429
    assert_security_headers(response)

    forbidden = signed_in(partner_user).get(reverse("organisations:user_list"))
    assert forbidden.status_code == 403
    assert_security_headers(forbidden)


def test_pages_do_not_carry_inline_scripts_or_styles(signed_in, beheerder):
    client = signed_in(beheerder)
    for url_name in ("organisations:index", "organisations:user_create", "accounts:sessions"):
        html = client.get(reverse(url_name)).text
        assert "<script>" not in html
        assert " style=" not in html
        assert " onclick=" not in html
