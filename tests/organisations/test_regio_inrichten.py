"""A new region is set up by one command; there is no Django admin as a back door."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from schakel.accounts.models import SecurityEvent, SecurityEventKind, User
from schakel.accounts.roles import Role
from schakel.organisations.models import Organisation, Region


def _run(**options):
    out = io.StringIO()
    arguments = {
        "regio": "Noord-Holland Noord",
        "code": "nhn",
        "organisatie": "Zorg- en Veiligheidshuis Noord-Holland Noord",
        "gebruiker": "beheer-nhn",
        "email": "beheer@zvh-nhn.example.nl",
        **options,
    }
    call_command("regio_inrichten", *(f"--{k}={v}" for k, v in arguments.items()), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_first_beheerder_of_a_new_region_reads_no_cases_and_can_sign_in():
    output = _run()
    region = Region.objects.get(code="nhn")
    user = User.objects.get(username="beheer-nhn")
    assert user.organisation == Organisation.objects.get(region=region)
    assert user.role_set == {Role.BEHEERDER}
    password = re.search(r"wachtwoord (\S+),", output)[1]
    assert user.check_password(password)
    assert SecurityEvent.objects.filter(user=user, kind=SecurityEventKind.ACCOUNT_CREATED).exists()


@pytest.mark.django_db
def test_an_existing_region_or_user_is_refused_and_nothing_is_half_made():
    _run()
    with pytest.raises(CommandError):
        _run(gebruiker="iemand-anders")
    with pytest.raises(CommandError):
        _run(code="ander", regio="Andere regio")
    assert Region.objects.count() == 1
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_there_is_no_django_admin():
    assert Client().get("/django-beheer/").status_code == 404
