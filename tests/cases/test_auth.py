"""Who may open the case list, a case and its sections."""

import pytest
from django.urls import reverse

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.accounts.roles import Role
from tests.cases.helpers import LIST_URL, SLUGS, detail_url, url
from tests.factories import (
    TableFactory,
    UserFactory,
)


def test_outsider_gets_404_and_no_log(signed_in, outsider, full_case):
    response = signed_in(outsider).get(detail_url(full_case))
    assert response.status_code == 404
    assert full_case.title.encode() not in response.content
    assert not AccessLogEntry.objects.filter(user=outsider).exists()


def test_other_region_gets_404(signed_in, other_region_procesregisseur, full_case):
    assert signed_in(other_region_procesregisseur).get(detail_url(full_case)).status_code == 404


def test_unknown_case_is_404(signed_in, procesregisseur):
    assert signed_in(procesregisseur).get(reverse("cases:detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("fixture", ["manager", "beheerder"])
def test_roles_without_case_access_get_403(signed_in, request, fixture, full_case):
    response = signed_in(request.getfixturevalue(fixture)).get(detail_url(full_case))
    assert response.status_code == 403
    assert full_case.title.encode() not in response.content


def test_procesregisseur_of_another_table_gets_404(signed_in, case, table, zvh):
    case.table = table
    case.save()
    other = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR])
    TableFactory(region=case.region, name="Jeugd").procesregisseurs.add(other)
    assert signed_in(other).get(detail_url(case)).status_code == 404


def test_outsider_sees_no_case_and_no_log_of_persons(signed_in, outsider, case):
    response = signed_in(outsider).get(LIST_URL)

    assert response.status_code == 200
    body = response.content.decode()
    assert case.reference not in body
    assert case.case_persons.get().person.full_name not in body
    assert not AccessLogEntry.objects.filter(user=outsider).exists()


def test_other_region_sees_nothing(signed_in, other_region_procesregisseur, case):
    body = signed_in(other_region_procesregisseur).get(LIST_URL).content.decode()
    assert case.reference not in body


@pytest.mark.parametrize("fixture", ["manager", "beheerder"])
def test_roles_without_case_access_get_403_on_the_list(signed_in, request, fixture, case):
    response = signed_in(request.getfixturevalue(fixture)).get(LIST_URL)
    assert response.status_code == 403
    assert case.reference.encode() not in response.content


def test_anonymous_is_sent_to_login(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302


@pytest.mark.parametrize("section", SLUGS)
def test_outsider_gets_404_on_every_section_and_nothing_is_logged(
    signed_in, outsider, table_case, section
):
    response = signed_in(outsider).get(url(table_case, section))
    assert response.status_code == 404
    assert table_case.title not in response.content.decode()
    assert not AccessLogEntry.objects.filter(user=outsider, action=AccessAction.READ).exists()


@pytest.mark.parametrize("section", SLUGS)
@pytest.mark.parametrize("fixture", ["manager", "beheerder"])
def test_roles_without_case_access_get_403_on_every_section(
    signed_in, request, fixture, table_case, section
):
    response = signed_in(request.getfixturevalue(fixture)).get(url(table_case, section))
    assert response.status_code == 403


@pytest.mark.parametrize("section", SLUGS)
def test_other_region_gets_404_on_every_section(
    signed_in, other_region_procesregisseur, table_case, section
):
    client = signed_in(other_region_procesregisseur)
    assert client.get(url(table_case, section)).status_code == 404
