"""The officer's flow through the pages, and the partner's answer, with real requests."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.rights.models import RightsRequest, RightsTask, TaskStatus

pytestmark = pytest.mark.django_db


def test_officer_registers_links_asks_and_closes(
    fenna_world, privacy_officer, partner_user, politie, signed_in
):
    client = signed_in(privacy_officer)
    response = client.post(
        reverse("rights:create"),
        {
            "kind": "inzage",
            "first_names": "Fenna",
            "last_name": "Fictief-Inzage",
            "birth_date": "1988-05-17",
            "identity_check": "balie",
            "received_on": timezone.localdate().isoformat(),
            "request_text": "Ik wil mijn gegevens inzien.",
        },
    )
    rights_request = RightsRequest.objects.get()
    assert response.url == reverse("rights:link", args=[rights_request.pk])

    # The record given by name and date of birth is offered, spelling-tolerant.
    page = client.get(response.url).content.decode()
    assert "Fenna Fictief-Inzage" in page
    assert "Derk" not in page

    response = client.post(response.url, {"person": fenna_world.fenna.pk})
    assert response.url == reverse("rights:tasks", args=[rights_request.pk])
    survey = client.get(response.url).content.decode()
    assert fenna_world.case.reference in survey and fenna_world.second_case.reference in survey
    assert politie.name in survey

    client.post(response.url)
    assert RightsTask.objects.filter(request=rights_request).count() == 3
    detail = client.get(reverse("rights:detail", args=[rights_request.pk])).content.decode()
    assert "Verzoek geregistreerd" in detail and "Persoon gekoppeld" in detail
    assert "Taak voor partner" in detail

    # Closing while partners have not answered is refused, with the reason on the page.
    page = client.post(
        reverse("rights:close", args=[rights_request.pk]),
        {"decision": "inzage_verstrekt", "reason": "", "version": rights_request.version + 1},
    ).content.decode()
    assert "Nog niet alle partners hebben geantwoord" in page
    rights_request.refresh_from_db()
    assert rights_request.is_open


def test_search_by_bsn_or_name_and_birth_date(
    rights_request, fenna_world, privacy_officer, signed_in
):
    client = signed_in(privacy_officer)
    url = reverse("rights:link", args=[rights_request.pk])
    page = client.get(url, {"zoeken": "1", "last_name": "Anders-Derde", "birth_date": "1985-02-03"})
    assert "Derk Anders-Derde" in page.content.decode()
    refused = client.get(url, {"zoeken": "1", "last_name": "Anders-Derde"}).content.decode()
    assert "Zoek op BSN, of op achternaam en geboortedatum samen." in refused


def test_registration_with_bad_input_keeps_what_was_typed(privacy_officer, signed_in):
    response = signed_in(privacy_officer).post(
        reverse("rights:create"),
        {"kind": "inzage", "first_names": "Fenna", "last_name": "", "bsn": "123456789"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dit is geen geldig BSN" in page
    assert 'value="Fenna"' in page
    assert not RightsRequest.objects.exists()


def test_extension_page_extends_once(rights_request, privacy_officer, signed_in):
    client = signed_in(privacy_officer)
    url = reverse("rights:extend", args=[rights_request.pk])
    empty = client.post(url, {"reason": "", "version": rights_request.version})
    assert "Geef de reden van de verlenging" in empty.content.decode()
    client.post(url, {"reason": "Veel partners betrokken.", "version": rights_request.version})
    rights_request.refresh_from_db()
    assert rights_request.is_extended
    deadline = rights_request.deadline
    again = client.post(url, {"reason": "Nog eens.", "version": rights_request.version})
    assert "De termijn is al verlengd." in again.content.decode()
    rights_request.refresh_from_db()
    assert rights_request.deadline == deadline


def test_partner_answers_its_task_on_its_page(tasks, politie, partner_user, signed_in):
    task = tasks[politie.name]
    client = signed_in(partner_user)
    url = reverse("rights:task_detail", args=[task.pk])
    page = client.get(url).content.decode()
    assert "Fenna Fictief-Inzage" in page
    assert task.request.reference in page
    response = client.post(url, {"answer": "Wij hebben één melding.", "version": task.version})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.BEANTWOORD
    assert "Wij hebben één melding." in client.get(url).content.decode()


def test_overdue_requests_on_the_officers_worklist_and_list_by_deadline(privacy_officer, signed_in):
    from schakel.rights import services

    def register(days_ago):
        return services.register_request(
            actor=privacy_officer,
            kind="verwijdering",
            first_names="Fictief",
            last_name=f"Persoon{days_ago}",
            birth_date=datetime.date(1970, 1, 1),
            identity_check="digid",
            received_on=timezone.localdate() - datetime.timedelta(days=days_ago),
            request_text="Verwijder mijn gegevens.",
        )

    recent, overdue = register(2), register(45)
    client = signed_in(privacy_officer)
    worklist = client.get(reverse("home:worklist")).content.decode()
    assert "Open rechtenverzoeken" in worklist
    assert "1 over de termijn" in worklist
    assert worklist.index(overdue.reference) < worklist.index(recent.reference)
    listing = client.get(reverse("rights:list")).content.decode()
    assert listing.index(overdue.reference) < listing.index(recent.reference)
    only_overdue = client.get(reverse("rights:list"), {"overdue": "on"}).content.decode()
    assert overdue.reference in only_overdue and recent.reference not in only_overdue


def test_partner_worklist_shows_its_open_tasks_only(
    tasks, politie, housing, partner_user, signed_in
):
    worklist = signed_in(partner_user).get(reverse("home:worklist")).content.decode()
    assert "Privacyverzoeken aan uw organisatie" in worklist
    assert reverse("rights:task_detail", args=[tasks[politie.name].pk]) in worklist
    assert reverse("rights:task_detail", args=[tasks[housing.name].pk]) not in worklist


def test_officer_navigation_has_the_entry(privacy_officer, procesregisseur, signed_in, client):
    page = signed_in(privacy_officer).get(reverse("home:worklist")).content.decode()
    assert reverse("rights:list") in page
    client.logout()
    page = signed_in(procesregisseur).get(reverse("home:worklist")).content.decode()
    assert reverse("rights:list") not in page


def test_list_query_count_does_not_grow_with_requests(
    privacy_officer, signed_in, django_assert_max_num_queries
):
    from schakel.rights import services

    client = signed_in(privacy_officer)
    for number in range(12):
        services.register_request(
            actor=privacy_officer,
            kind="inzage",
            first_names="Fictief",
            last_name=f"Lijst{number}",
            birth_date=datetime.date(1970, 1, 1),
            identity_check="balie",
            received_on=timezone.localdate(),
            request_text="Inzage graag.",
        )
    with django_assert_max_num_queries(25):
        assert client.get(reverse("rights:list")).status_code == 200
