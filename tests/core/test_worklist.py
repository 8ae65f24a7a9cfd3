import datetime

import pytest
from django.urls import reverse

from schakel.cases.lifecycle import CaseState
from schakel.inquiries.models import InformationRequest
from tests.factories import CaseFactory, add_participant, add_person


def make_request(case, organisation, by, deadline):
    return InformationRequest.objects.create(
        case=case,
        organisation=organisation,
        question="Wat is bij u bekend over betrokkene?",
        purpose="Voorbereiding triage",
        legal_ground="wgs",
        deadline=deadline,
        requested_by=by,
    )


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("core:worklist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_procesregisseur_sees_meldingen_awaiting_triage(signed_in, procesregisseur, case):
    response = signed_in(procesregisseur).get(reverse("core:worklist"))
    assert response.status_code == 200
    assert case.title in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_partner_sees_requests_to_answer_and_overdue_flag(
    signed_in, procesregisseur, ggz_user, case
):
    make_request(case, ggz_user.organisation, procesregisseur, datetime.date(2020, 1, 1))
    body = signed_in(ggz_user).get(reverse("core:worklist")).content.decode()
    assert "Informatieverzoeken aan uw organisatie" in body
    assert "Te laat" in body


def test_procesregisseur_sees_overdue_requests(signed_in, procesregisseur, ggz_user, case):
    make_request(case, ggz_user.organisation, procesregisseur, datetime.date(2020, 1, 1))
    body = signed_in(procesregisseur).get(reverse("core:worklist")).content.decode()
    assert "Verlopen informatieverzoeken" in body


def test_outsider_worklist_shows_nothing_of_the_case(signed_in, outsider, case):
    body = signed_in(outsider).get(reverse("core:worklist")).content.decode()
    assert case.title not in body
    assert case.reference not in body


@pytest.mark.parametrize("fixture", ["manager", "beheerder"])
def test_roles_without_case_content_get_no_cases(signed_in, request, fixture, case):
    user = request.getfixturevalue(fixture)
    body = signed_in(user).get(reverse("core:worklist")).content.decode()
    assert case.title not in body
    assert "geen toegang tot casussen" in body


def test_worklist_query_count_is_bounded(
    signed_in, django_assert_max_num_queries, procesregisseur, ggz_user, region, municipality
):
    client = signed_in(procesregisseur)

    def fill(n):
        for _ in range(n):
            case = CaseFactory(region=region, municipality=municipality)
            add_person(case)
            add_participant(case, ggz_user.organisation, "uitvraag")
            make_request(case, ggz_user.organisation, procesregisseur, datetime.date(2020, 1, 1))

    fill(3)
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("core:worklist"))
    fill(40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("core:worklist"))


def test_closed_case_is_not_awaiting_triage(procesregisseur, case, region, municipality):
    from schakel.core.selectors import worklist_for

    closed = CaseFactory(region=region, municipality=municipality, state=CaseState.AFGESLOTEN)
    worklist = worklist_for(user=procesregisseur)
    assert worklist.awaiting_triage == [case]
    assert closed in worklist.recent_cases


def test_accessibility_statement_is_public(client):
    response = client.get("/toegankelijkheid")
    assert response.status_code == 200
    assert "2.1 op niveau AA" in response.content.decode()
