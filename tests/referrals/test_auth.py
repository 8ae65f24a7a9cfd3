"""Who may report a melding and decide on her-meldingen."""

import pytest
from django.utils import timezone

from schakel.accounts.roles import Role
from schakel.referrals.models import Referral
from tests.factories import TableFactory, UserFactory
from tests.helpers import (
    close_case,
    referral_post,
)
from tests.referrals.helpers import CREATE_URL, counts, rereport_post, rereport_url


@pytest.mark.parametrize("fixture", ["partner_user", "procesregisseur", "informatiemakelaar"])
def test_form_is_shown_to_reporting_roles(signed_in, request, fixture, municipality):
    response = signed_in(request.getfixturevalue(fixture)).get(CREATE_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nieuwe melding" in body
    assert "Nog een betrokkene toevoegen" in body
    assert "zonder namen" in body  # the title's help text
    assert timezone.localdate().isoformat() in body  # received_on defaults to today
    assert "Her-melding" not in body  # not a source for a new melding
    assert "Dordrecht" in body


@pytest.mark.parametrize("fixture", ["manager", "beheerder"])
def test_other_roles_get_403(signed_in, request, fixture, municipality):
    client = signed_in(request.getfixturevalue(fixture))
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, referral_post(municipality)).status_code == 403
    assert counts() == (0, 0, 0)


def test_other_region_gets_404(signed_in, procesregisseur, other_region_procesregisseur, case):
    close_case(case, procesregisseur)
    client = signed_in(other_region_procesregisseur)
    assert client.get(rereport_url(case)).status_code == 404
    assert client.post(rereport_url(case), rereport_post()).status_code == 404
    assert not Referral.objects.exists()


def test_procesregisseur_of_another_table_gets_404(signed_in, procesregisseur, case, table, zvh):
    close_case(case, procesregisseur)
    case.table = table
    case.save()
    other = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR])
    TableFactory(region=case.region, name="Jeugd").procesregisseurs.add(other)
    assert signed_in(other).post(rereport_url(case), rereport_post()).status_code == 404
    assert not Referral.objects.exists()


@pytest.mark.parametrize("fixture", ["manager", "beheerder", "partner_user", "informatiemakelaar"])
def test_other_roles_get_403_on_the_rereport_page(
    signed_in, request, fixture, procesregisseur, case
):
    close_case(case, procesregisseur)
    client = signed_in(request.getfixturevalue(fixture))
    assert client.get(rereport_url(case)).status_code == 403
    assert client.post(rereport_url(case), rereport_post()).status_code == 403
    assert not Referral.objects.exists()
