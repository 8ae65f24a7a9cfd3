"""Log rows carry the client address of the request being handled, and only of that one.

Services take the actor, not the request; the address reaches the access log and the
security events through ClientAddressMiddleware.
"""

import io

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from schakel.access.client import ClientAddressMiddleware, current_client_address
from schakel.access.log import record_access
from schakel.access.models import AccessAction, AccessLogEntry
from schakel.accounts.models import SecurityEvent, SecurityEventKind
from schakel.accounts.roles import Role
from schakel.accounts.services import deactivate_account, record_security_event
from tests.factories import UserFactory

ADDRESS = "192.0.2.44"


def test_a_write_through_a_request_logs_the_client_address(signed_in, beheerder, zvh):
    account = UserFactory(organisation=zvh, roles=[Role.BESTUURDER])

    signed_in(beheerder).post(
        reverse("organisations:user_deactivate", args=[account.pk]), REMOTE_ADDR=ADDRESS
    )

    event = SecurityEvent.objects.get(kind=SecurityEventKind.ACCOUNT_DEACTIVATED, user=account)
    assert event.ip_address == ADDRESS
    entry = AccessLogEntry.objects.get(user=beheerder, detail="gedeactiveerd")
    assert entry.client_address == ADDRESS


def test_a_read_through_a_request_logs_the_client_address(signed_in, procesregisseur, case):
    response = signed_in(procesregisseur).get(
        reverse("cases:detail", args=[case.pk]), REMOTE_ADDR=ADDRESS
    )

    assert response.status_code == 200
    entries = AccessLogEntry.objects.filter(user=procesregisseur, action=AccessAction.READ)
    assert entries.exists()
    assert set(entries.values_list("client_address", flat=True)) == {ADDRESS}


def test_a_service_outside_a_request_logs_no_address(beheerder, zvh):
    account = UserFactory(organisation=zvh, roles=[Role.BESTUURDER])

    deactivate_account(actor=beheerder, user=account)

    event = SecurityEvent.objects.get(kind=SecurityEventKind.ACCOUNT_DEACTIVATED, user=account)
    assert event.ip_address is None
    assert AccessLogEntry.objects.get(detail="gedeactiveerd").client_address is None


@pytest.mark.django_db
def test_a_command_logs_no_address():
    call_command(
        "regio_inrichten",
        "--regio=Noord-Holland Noord",
        "--code=nhn",
        "--organisatie=Zorg- en Veiligheidshuis Noord-Holland Noord",
        "--gebruiker=beheer-nhn",
        "--email=beheer@zvh-nhn.example.nl",
        stdout=io.StringIO(),
    )

    event = SecurityEvent.objects.get(kind=SecurityEventKind.ACCOUNT_CREATED)
    assert event.ip_address is None


def test_an_address_given_explicitly_wins(procesregisseur):
    record_access(actor=procesregisseur, action=AccessAction.READ, client_address="198.51.100.3")
    record_security_event(
        kind=SecurityEventKind.LOGIN, user=procesregisseur, ip_address="198.51.100.3"
    )

    assert AccessLogEntry.objects.get().client_address == "198.51.100.3"
    assert SecurityEvent.objects.get().ip_address == "198.51.100.3"


def _seen_by_view(request, *, raises=False):
    """Runs the middleware around a view that notes the address it sees."""
    seen = []

    def view(_request):
        seen.append(current_client_address())
        if raises:
            raise RuntimeError("view faalt")
        return HttpResponse()

    middleware = ClientAddressMiddleware(view)
    if raises:
        with pytest.raises(RuntimeError):
            middleware(request)
    else:
        middleware(request)
    return seen[0]


def test_the_address_does_not_leak_into_the_next_request_in_the_same_thread():
    first = RequestFactory().get("/", REMOTE_ADDR=ADDRESS)
    second = RequestFactory().get("/")
    del second.META["REMOTE_ADDR"]

    assert _seen_by_view(first) == ADDRESS
    assert current_client_address() is None
    assert _seen_by_view(second) is None


def test_the_address_is_reset_when_the_view_fails():
    assert _seen_by_view(RequestFactory().get("/", REMOTE_ADDR=ADDRESS), raises=True) == ADDRESS
    assert current_client_address() is None
