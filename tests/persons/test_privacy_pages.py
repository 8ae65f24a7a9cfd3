"""The privacy officer's pages for correction and restriction: who may, what the log holds."""

import pytest
from django.urls import reverse

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.persons.models import Person, PersonCorrection, ProcessingRestriction
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

PAGES = ("detail", "correct", "restrict", "lift")


def _url(name, person=None):
    args = [person.pk] if person is not None else []
    return reverse(f"privacy_persons:{name}", args=args)


def _correction_post(person, **overrides):
    data = {
        "version": person.version,
        "bsn": person.bsn,
        "first_names": person.first_names,
        "name_prefix": person.name_prefix,
        "last_name": person.last_name,
        "birth_date": person.birth_date.isoformat() if person.birth_date else "",
        "gender": person.gender,
        "street_address": person.street_address,
        "postal_code": person.postal_code,
        "city": person.city,
        "municipality": person.municipality_id or "",
        "phone": person.phone,
        "email": person.email,
        "reason": "Verzoek van de betrokkene",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("page", PAGES)
def test_the_privacy_officer_of_the_region_opens_each_page_and_it_is_logged(
    client, case_person, privacy_officer, page
):
    sign_in(client, privacy_officer)
    assert client.get(_url(page, case_person)).status_code == 200
    assert AccessLogEntry.objects.filter(
        user=privacy_officer, action=AccessAction.READ, person=case_person
    ).exists()


@pytest.mark.parametrize("page", PAGES)
def test_the_officer_of_another_region_gets_the_same_404_as_for_no_person(
    client, case_person, far_privacy_officer, page
):
    sign_in(client, far_privacy_officer)
    assert client.get(_url(page, case_person)).status_code == 404
    missing = Person.objects.order_by("-pk").first().pk + 1000
    assert client.get(reverse(f"privacy_persons:{page}", args=[missing])).status_code == 404
    assert not AccessLogEntry.objects.filter(user=far_privacy_officer).exists()


@pytest.mark.parametrize("who", ["procesregisseur", "partner_user", "manager", "beheerder"])
def test_other_roles_get_403_on_every_page(request, client, case_person, who):
    user = request.getfixturevalue(who)
    sign_in(client, user)
    assert client.get(_url("search")).status_code == 403
    for page in PAGES:
        assert client.get(_url(page, case_person)).status_code == 403
        assert client.post(_url(page, case_person), {"reason": "x"}).status_code == 403
    assert not PersonCorrection.objects.exists()
    assert not ProcessingRestriction.objects.exists()


def test_a_correction_through_the_form_keeps_the_old_value(client, case_person, privacy_officer):
    old_city = case_person.city
    sign_in(client, privacy_officer)
    response = client.post(
        _url("correct", case_person), _correction_post(case_person, city="Hendrik-Ido-Ambacht")
    )
    assert response.status_code == 302
    correction = PersonCorrection.objects.get()
    assert (correction.field, correction.old_value, correction.new_value) == (
        "city",
        old_city,
        "Hendrik-Ido-Ambacht",
    )
    html = client.get(_url("detail", case_person)).content.decode()
    assert "Hendrik-Ido-Ambacht" in html and "Verzoek van de betrokkene" in html


def test_the_person_page_shows_the_correction_history_to_who_may_see_the_person(
    client, case_person, privacy_officer, procesregisseur
):
    sign_in(client, privacy_officer)
    client.post(_url("correct", case_person), _correction_post(case_person, city="Sliedrecht"))
    sign_in(client, procesregisseur)
    html = client.get(reverse("persons:detail", args=[case_person.pk])).content.decode()
    assert "Gecorrigeerde gegevens" in html
    assert "Sliedrecht" in html and "Verzoek van de betrokkene" in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"bsn": "123456789"}, "11-proef"),
        ({"reason": ""}, "Reden van de correctie"),
        ({"postal_code": "33"}, "vier cijfers en twee letters"),
    ],
)
def test_bad_input_on_the_correction_form_keeps_what_was_typed_and_saves_nothing(
    client, case_person, privacy_officer, overrides, message
):
    sign_in(client, privacy_officer)
    response = client.post(
        _url("correct", case_person), _correction_post(case_person, city="Typte Ik", **overrides)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="Typte Ik"' in html
    assert not PersonCorrection.objects.exists()
    assert Person.objects.get(pk=case_person.pk).city == case_person.city


def test_a_stale_correction_form_shows_both_versions(client, case_person, privacy_officer):
    sign_in(client, privacy_officer)
    stale = _correction_post(case_person, city="Eerste")
    client.post(_url("correct", case_person), stale)
    response = client.post(_url("correct", case_person), {**stale, "city": "Tweede"})
    html = response.content.decode()
    assert "Vergelijk de twee versies" in html
    assert Person.objects.get(pk=case_person.pk).city == "Eerste"


def test_restrict_and_lift_through_the_pages(client, case_person, privacy_officer):
    sign_in(client, privacy_officer)
    response = client.post(_url("restrict", case_person), {"reason": ""})
    assert response.status_code == 200 and not Person.objects.get(pk=case_person.pk).is_restricted

    response = client.post(_url("restrict", case_person), {"reason": "Juistheid betwist"})
    assert response.status_code == 302
    assert Person.objects.get(pk=case_person.pk).is_restricted
    html = client.get(_url("detail", case_person)).content.decode()
    assert "Juistheid betwist" in html and _url("lift", case_person) in html

    again = client.post(_url("restrict", case_person), {"reason": "Nog eens"}).content.decode()
    assert "al beperkt" in again

    response = client.post(_url("lift", case_person), {"reason": "Gecorrigeerd"})
    assert response.status_code == 302
    assert not Person.objects.get(pk=case_person.pk).is_restricted
    changes = AccessLogEntry.objects.filter(
        user=privacy_officer, action=AccessAction.CHANGE, person=case_person
    )
    assert changes.count() == 2


def test_the_officer_has_a_menu_entry_and_others_do_not(client, privacy_officer, procesregisseur):
    sign_in(client, privacy_officer)
    assert _url("search") in client.get(reverse("home:worklist")).content.decode()
    sign_in(client, procesregisseur)
    assert _url("search") not in client.get(reverse("home:worklist")).content.decode()
