import pytest
from django.urls import reverse

from schakel.access.log import record_access
from schakel.cases.models import CasePerson
from tests.access.helpers import refusals


@pytest.fixture
def logged_read(case, procesregisseur):
    person = CasePerson.objects.get(case=case).person
    record_access(
        actor=procesregisseur, action="read", case=case, persons=[person], purpose="triage"
    )
    return person


@pytest.fixture
def refused(signed_in, outsider, case, client):
    signed_in(outsider).get(reverse("cases:detail", args=[case.pk]), REMOTE_ADDR="192.0.2.7")
    client.logout()
    return refusals().get()
