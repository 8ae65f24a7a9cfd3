"""Who may search, read, register and merge persons."""

import pytest

from schakel.access.models import AccessLogEntry
from schakel.cases.lifecycle import CaseState
from schakel.persons.models import Person
from tests.factories import CaseFactory
from tests.persons.helpers import CREATE, SEARCH, create_data, detail_url


def test_search_is_refused_to_a_manager(signed_in, manager, case_person):
    assert signed_in(manager).post(SEARCH, {"last_name": case_person.last_name}).status_code == 403
    assert not AccessLogEntry.objects.exists()


def test_detail_is_404_for_an_outsider(signed_in, outsider, case_person):
    assert signed_in(outsider).get(detail_url(case_person)).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_detail_is_403_for_a_manager(signed_in, manager, case_person):
    assert signed_in(manager).get(detail_url(case_person)).status_code == 403


@pytest.mark.parametrize("user_fixture", ["partner_user", "manager", "outsider"])
def test_create_is_403_without_the_role(request, signed_in, user_fixture, case):
    client = signed_in(request.getfixturevalue(user_fixture))
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, create_data(case)).status_code == 403
    assert not Person.objects.filter(last_name="Berg").exists()


def test_create_is_404_for_a_case_outside_need_to_know(signed_in, procesregisseur, other_region):
    foreign = CaseFactory(region=other_region, title="Elders")
    client = signed_in(procesregisseur)

    assert client.get(CREATE, {"casus": foreign.pk}).status_code == 404
    response = client.post(CREATE, create_data(foreign))
    assert response.status_code == 200
    assert "Kies een waarde uit de lijst." in response.content.decode()
    assert not Person.objects.filter(last_name="Berg").exists()


def test_informatiemakelaar_cannot_add_to_a_case_past_intake(signed_in, informatiemakelaar, case):
    case.state = CaseState.IN_UITVOERING
    case.save()
    response = signed_in(informatiemakelaar).post(CREATE, create_data(case))
    assert response.status_code == 200
    assert not Person.objects.filter(last_name="Berg").exists()
