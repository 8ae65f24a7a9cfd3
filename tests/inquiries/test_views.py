"""Who may use the uitvraag pages, what they see, and what the access log holds afterwards."""

import datetime
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.cases.lifecycle import CaseState
from schakel.inquiries.models import InformationRequest, RequestStatus
from schakel.inquiries.selectors import requests_for_case
from tests.factories import CaseFactory, OrganisationFactory, add_participant, add_person
from tests.inquiries.helpers import read_rows

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def make_overdue(information_request):
    InformationRequest.objects.filter(pk=information_request.pk).update(deadline=YESTERDAY)
    information_request.refresh_from_db()
    return information_request


# --- list ------------------------------------------------------------------------------


def test_partner_list_shows_requests_to_their_organisation_open_first_with_overdue_badge(
    case, ask, ggz, politie, ggz_user, signed_in, procesregisseur
):
    answered = ask(case, ggz, question="Eerste vraag, al beantwoord")
    answered.status = RequestStatus.BEANTWOORD
    answered.save()
    late = make_overdue(ask(case, ggz, question="Vraag die te laat is"))
    ask(case, politie, question="Vraag aan de politie")

    response = signed_in(ggz_user).get(reverse("inquiries:list"))

    assert response.status_code == 200
    page = list(response.context["page"].object_list)
    assert page == [late, answered]  # open first; not the police's request
    html = response.content.decode()
    assert "Te laat" in html
    assert "Vraag aan de politie" not in html
    assert read_rows(ggz_user).exists()


def test_procesregisseur_filters_on_overdue(case, ask, ggz, politie, procesregisseur, signed_in):
    late = make_overdue(ask(case, ggz))
    ask(case, politie)
    client = signed_in(procesregisseur)

    everything = client.get(reverse("inquiries:list"))
    overdue = client.get(reverse("inquiries:list"), {"overdue": "on"})

    assert len(everything.context["page"].object_list) == 2
    assert list(overdue.context["page"].object_list) == [late]
    assert "Alleen verlopen verzoeken" in overdue.content.decode()


def test_list_query_count_is_bounded(
    region, municipality, ask, ggz, procesregisseur, signed_in, django_assert_max_num_queries
):
    for number in range(12):
        extra = CaseFactory(region=region, municipality=municipality, title=f"Casus {number}")
        add_person(extra)
        ask(extra, ggz)
    client = signed_in(procesregisseur)
    client.get(reverse("inquiries:list"))  # warm the session and role caches
    with django_assert_max_num_queries(14):
        response = client.get(reverse("inquiries:list"))
    assert len(response.context["page"].object_list) == 12


# --- detail and answer -----------------------------------------------------------------


def test_addressed_partner_sees_request_and_answer_form(case, ask, ggz, ggz_user, signed_in):
    request = ask(case, ggz, question="Is er een behandelaar?")
    response = signed_in(ggz_user).get(reverse("inquiries:detail", args=[request.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Is er een behandelaar?" in html
    assert "Beeldvorming voor de triage" in html
    assert case.case_persons.get().person.last_name in html
    assert response.context["form"] is not None
    entry = read_rows(ggz_user).get(object_ref=str(request.pk))
    assert entry.case == case
    assert entry.person == case.case_persons.get().person


def test_partner_answers_and_answer_is_shown_with_its_source(
    case, ask, ggz, ggz_user, procesregisseur, signed_in
):
    request = ask(case, ggz)
    url = reverse("inquiries:detail", args=[request.pk])
    response = signed_in(ggz_user).post(url, {"answer": "Bekend bij de FACT-behandeling."})

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.BEANTWOORD
    assert AccessLogEntry.objects.filter(
        user=ggz_user, action=AccessAction.CHANGE, object_ref=str(request.pk)
    ).exists()

    page = signed_in(procesregisseur).get(url).content.decode()
    assert "Bekend bij de FACT-behandeling." in page
    assert "Bron" in page and "GGZ Drechtsteden" in page


def test_empty_answer_keeps_the_form_with_a_dutch_message(case, ask, ggz, ggz_user, signed_in):
    request = ask(case, ggz)
    response = signed_in(ggz_user).post(
        reverse("inquiries:detail", args=[request.pk]), {"answer": ""}
    )
    assert response.status_code == 200
    assert "Vul het antwoord in." in response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN


def test_other_participant_neither_reads_nor_answers(case, ask, ggz, partner_user, signed_in):
    """Proportionality: the police as melder does not read the question put to the GGZ."""
    request = ask(case, ggz)
    client = signed_in(partner_user)
    url = reverse("inquiries:detail", args=[request.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"answer": "Ik antwoord namens een ander"}).status_code == 404
    request.refresh_from_db()
    assert request.answer == ""


# --- create ----------------------------------------------------------------------------


def create_data(case, organisation, **overrides):
    data = {
        "organisation": organisation.pk,
        "persons": [link.person_id for link in case.case_persons.all()],
        "question": "Welke hulpverlening is er geweest?",
        "purpose": "Beeldvorming voor de triage",
        "legal_ground": "wgs",
        "deadline": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
    }
    data.update(overrides)
    return data


def test_create_form_offers_only_active_convenant_partners_of_the_region(
    case, procesregisseur, signed_in, ggz, region, other_region
):
    OrganisationFactory(region=region, name="Zonder Convenant BV", convenant_signed_on=None)
    OrganisationFactory(region=region, name="Opgeheven Stichting", is_active=False)
    OrganisationFactory(region=other_region, name="Politie Den Haag")

    response = signed_in(procesregisseur).get(reverse("inquiries:create", args=[case.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "GGZ Drechtsteden" in html
    assert "Zonder Convenant BV" not in html
    assert "Opgeheven Stichting" not in html
    assert "Politie Den Haag" not in html
    assert read_rows(procesregisseur).filter(case=case).exists()


def test_create_sends_request_and_moves_case(case, procesregisseur, signed_in, ggz):
    response = signed_in(procesregisseur).post(
        reverse("inquiries:create", args=[case.pk]), create_data(case, ggz)
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:section", args=[case.pk, "melding"])
    request = InformationRequest.objects.get(case=case)
    assert request.organisation == ggz
    case.refresh_from_db()
    assert case.state == CaseState.IN_UITVRAAG
    assert AccessLogEntry.objects.filter(
        user=procesregisseur, action=AccessAction.CREATE, object_ref=str(request.pk)
    ).exists()


def test_tampered_organisation_is_refused_by_the_service(case, procesregisseur, signed_in, region):
    unsigned = OrganisationFactory(region=region, name="Buurthuis", convenant_signed_on=None)
    response = signed_in(procesregisseur).post(
        reverse("inquiries:create", args=[case.pk]), create_data(case, unsigned)
    )
    assert response.status_code == 200
    assert "heeft het convenant informatiedeling niet ondertekend" in response.content.decode()
    assert not InformationRequest.objects.exists()


def test_past_deadline_rerenders_with_what_was_typed(case, procesregisseur, signed_in, ggz):
    data = create_data(case, ggz, deadline=YESTERDAY.isoformat(), question="Mijn eigen vraag")
    response = signed_in(procesregisseur).post(reverse("inquiries:create", args=[case.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "De uiterste datum ligt in het verleden" in html
    assert "Mijn eigen vraag" in html
    assert not InformationRequest.objects.exists()


def test_person_of_another_case_is_refused(
    case, procesregisseur, signed_in, ggz, region, municipality
):
    stranger = add_person(CaseFactory(region=region, municipality=municipality))
    response = signed_in(procesregisseur).post(
        reverse("inquiries:create", args=[case.pk]), create_data(case, ggz, persons=[stranger.pk])
    )
    assert response.status_code == 200
    assert "Kies alleen betrokkenen van deze casus." in response.content.decode()
    assert not InformationRequest.objects.exists()


def test_informatiemakelaar_may_create(case, informatiemakelaar, signed_in, ggz):
    response = signed_in(informatiemakelaar).post(
        reverse("inquiries:create", args=[case.pk]), create_data(case, ggz)
    )
    assert response.status_code == 302
    assert InformationRequest.objects.get().requested_by == informatiemakelaar


def test_partner_gets_403_on_create(case, partner_user, signed_in, ggz):
    client = signed_in(partner_user)
    url = reverse("inquiries:create", args=[case.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, create_data(case, ggz)).status_code == 403
    assert not InformationRequest.objects.exists()


def test_other_region_gets_404_on_create(case, other_region_procesregisseur, signed_in, ggz):
    client = signed_in(other_region_procesregisseur)
    url = reverse("inquiries:create", args=[case.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, create_data(case, ggz)).status_code == 404
    assert not InformationRequest.objects.exists()


# --- withdraw --------------------------------------------------------------------------


def test_procesregisseur_withdraws(case, ask, ggz, procesregisseur, signed_in):
    request = ask(case, ggz)
    response = signed_in(procesregisseur).post(reverse("inquiries:withdraw", args=[request.pk]))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.INGETROKKEN
    assert AccessLogEntry.objects.filter(
        user=procesregisseur, action=AccessAction.CHANGE, object_ref=str(request.pk)
    ).exists()


def test_partner_gets_403_on_withdraw(case, ask, ggz, ggz_user, signed_in):
    request = ask(case, ggz)
    response = signed_in(ggz_user).post(reverse("inquiries:withdraw", args=[request.pk]))
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN


def test_other_region_gets_404_on_withdraw(case, ask, ggz, other_region_procesregisseur, signed_in):
    request = ask(case, ggz)
    response = signed_in(other_region_procesregisseur).post(
        reverse("inquiries:withdraw", args=[request.pk])
    )
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN


# --- the section on the case page ------------------------------------------------------


@pytest.mark.parametrize("may_request", [True, False])
def test_case_section_lists_requests_with_overdue_and_answer(
    case, ask, ggz, politie, procesregisseur, may_request
):
    make_overdue(ask(case, ggz, question="Vraag die te laat is"))
    answered = ask(case, politie)
    answered.status, answered.answer = RequestStatus.BEANTWOORD, "Twee meldingen in 2024."
    answered.answered_at = timezone.now()
    answered.save()

    html = render_to_string(
        "inquiries/_case_section.html",
        {
            "case": case,
            "information_requests": list(requests_for_case(user=procesregisseur, case=case)),
            "may_request_information": may_request,
            # The section asks the policy whether its reader may read each answer.
            "request": SimpleNamespace(user=procesregisseur),
        },
    )

    assert "Vraag die te laat is" in html
    assert "Te laat" in html
    assert "Twee meldingen in 2024." in html
    assert (reverse("inquiries:create", args=[case.pk]) in html) is may_request


def test_outsider_organisation_neither_asked_nor_participant_sees_no_request(
    case, ask, ggz, region, signed_in
):
    from schakel.accounts.roles import Role
    from tests.factories import UserFactory

    request = ask(case, ggz)
    stranger_org = OrganisationFactory(region=region, name="Leerplicht Elders")
    stranger = UserFactory(organisation=stranger_org, roles=[Role.KETENPARTNER])
    assert requests_for_case(user=stranger, case=case).count() == 0
    response = signed_in(stranger).get(reverse("inquiries:detail", args=[request.pk]))
    assert response.status_code == 404
    # Even once invited to the case, another partner's request stays out of sight.
    add_participant(case, stranger_org)
    assert (
        signed_in(stranger).get(reverse("inquiries:detail", args=[request.pk])).status_code == 404
    )


def test_empty_create_post_gives_a_dutch_message_per_field(case, procesregisseur, signed_in):
    response = signed_in(procesregisseur).post(reverse("inquiries:create", args=[case.pk]), {})
    assert response.status_code == 200
    html = response.content.decode()
    for message in (
        "Kies de organisatie die u om informatie vraagt.",
        "Kies ten minste één betrokkene over wie u informatie vraagt.",
        "Stel de vraag aan de partner.",
        "Geef het doel van het verzoek",
        "Kies de grondslag voor het verzoek.",
        "Geef de uiterste datum voor het antwoord.",
    ):
        assert message in html
    assert not InformationRequest.objects.exists()


def test_case_page_shows_the_requests_section(case, ask, ggz, procesregisseur, signed_in):
    make_overdue(ask(case, ggz, question="Vraag op de casuspagina"))
    page = reverse("cases:section", args=[case.pk, "melding"])
    html = signed_in(procesregisseur).get(page).content.decode()
    assert "Vraag op de casuspagina" in html
    assert "Te laat" in html
    assert reverse("inquiries:create", args=[case.pk]) in html


def test_answering_a_withdrawn_request_gets_a_message_not_an_error(
    case, ask, ggz, ggz_user, procesregisseur, signed_in
):
    from schakel.inquiries.services import withdraw_request

    request = ask(case, ggz)
    withdraw_request(actor=procesregisseur, information_request=request)
    client = signed_in(ggz_user)
    url = reverse("inquiries:detail", args=[request.pk])
    response = client.post(url, {"answer": "Toch nog een antwoord"}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "niet meer open" in html
    assert "Dit verzoek is ingetrokken" in html
    request.refresh_from_db()
    assert request.answer == ""
