import datetime

from django.urls import reverse
from django.utils import timezone

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case
from schakel.persons.models import Person
from tests.factories import MunicipalityFactory, PersonFactory
from tests.helpers import (
    VALID_BSN,
    empty_row,
    known_person,
    person_row,
    referral_post,
)
from tests.referrals.helpers import CREATE_URL, counts


def test_form_offers_only_municipalities_of_the_own_region(
    signed_in, partner_user, municipality, other_region
):
    MunicipalityFactory(region=other_region, name="Den Haag")
    body = signed_in(partner_user).get(CREATE_URL).content.decode()
    assert "Dordrecht" in body
    assert "Den Haag" not in body


def test_partner_submits_and_lands_on_the_case(signed_in, partner_user, municipality, politie):
    response = signed_in(partner_user).post(CREATE_URL, referral_post(municipality), follow=True)

    case = Case.objects.get()
    assert response.redirect_chain[-1][0] == reverse("cases:detail", args=[case.pk])
    body = response.content.decode()
    assert case.reference in body
    assert "Fenna van Oosterhout" in body
    assert case.state == CaseState.AANGEMELD
    referral = case.referrals.get()
    assert referral.urgency == "hoog"
    assert referral.reporter_contact == "K. de Vries, 078-1234567"
    person = Person.objects.get()
    assert (person.bsn, person.birth_date, person.city) == (
        "",
        datetime.date(1988, 5, 17),
        "Dordrecht",
    )
    assert AccessLogEntry.objects.filter(
        user=partner_user, action=AccessAction.CREATE, case_ref=case.pk, person_ref=person.pk
    ).exists()


def test_partner_without_convenant_goes_to_the_worklist(signed_in, unsigned_partner, municipality):
    response = signed_in(unsigned_partner).post(
        CREATE_URL, referral_post(municipality), follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("home:worklist")
    body = response.content.decode()
    assert "Uw melding is ontvangen door het Zorg- en Veiligheidshuis." in body
    assert Case.objects.count() == 1
    assert Case.objects.get().title not in body


def test_several_persons_and_life_domains(signed_in, partner_user, municipality):
    from schakel.cases.models import LifeDomain

    domains = list(LifeDomain.objects.filter(code__in=["wonen", "financien"]))
    data = referral_post(
        municipality,
        kind="systeem",
        persons=[
            person_row(role="ouder"),
            person_row(role="kind", first_names="Sem", birth_date="2015-02-01", bsn=VALID_BSN),
            empty_row(),  # an untouched row is skipped
        ],
        life_domains=[str(d.pk) for d in domains],
    )
    response = signed_in(partner_user).post(CREATE_URL, data)

    assert response.status_code == 302
    case = Case.objects.get()
    assert case.kind == "systeem"
    assert set(case.case_persons.values_list("role", flat=True)) == {"ouder", "kind"}
    assert set(case.referrals.get().life_domains.all()) == set(domains)


def _assert_refused(response, *messages, kept=()):
    assert response.status_code == 200
    body = response.content.decode()
    assert "De melding is nog niet verstuurd" in body
    for message in messages:
        assert message in body, message
    for value in kept:
        assert value in body, value
    assert counts() == (0, 0, 0)


def test_no_person(signed_in, partner_user, municipality):
    response = signed_in(partner_user).post(
        CREATE_URL, referral_post(municipality, persons=[empty_row(), empty_row()])
    )
    _assert_refused(
        response,
        "Een melding heeft ten minste één betrokkene",
        "Vul de achternaam in.",
        "Kies de rol van deze betrokkene.",
        kept=["Buren melden aanhoudende overlast", "Kan het ZVH de partners bij elkaar brengen?"],
    )


def test_no_description(signed_in, partner_user, municipality):
    response = signed_in(partner_user).post(
        CREATE_URL, referral_post(municipality, description="   ")
    )
    _assert_refused(
        response,
        "Beschrijf waarover de melding gaat.",
        kept=["Oosterhout", "Voorstraat 1", "Kan het ZVH de partners bij elkaar brengen?"],
    )


def test_description_too_long(signed_in, partner_user, municipality):
    response = signed_in(partner_user).post(
        CREATE_URL, referral_post(municipality, description="x" * 5001)
    )
    _assert_refused(response, "ten hoogste 5000 tekens", kept=["Oosterhout"])


def test_invalid_bsn(signed_in, partner_user, municipality):
    response = signed_in(partner_user).post(
        CREATE_URL, referral_post(municipality, persons=[person_row(bsn="123456789")])
    )
    _assert_refused(
        response,
        "Dit is geen geldig BSN",
        kept=["123456789", "Oosterhout", "Buren melden aanhoudende overlast"],
    )


def test_two_main_persons(signed_in, partner_user, municipality):
    response = signed_in(partner_user).post(
        CREATE_URL,
        referral_post(
            municipality, persons=[person_row(), person_row(first_names="Sem", bsn=VALID_BSN)]
        ),
    )
    _assert_refused(
        response,
        "precies één hoofdpersoon; nu zijn het er 2",
        kept=["Sem", "Fenna", VALID_BSN],
    )


def test_future_date(signed_in, partner_user, municipality):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = signed_in(partner_user).post(
        CREATE_URL, referral_post(municipality, received_on=tomorrow)
    )
    _assert_refused(response, "Deze datum kan niet in de toekomst liggen.", kept=[tomorrow])


def test_municipality_of_another_region(signed_in, partner_user, municipality, other_region):
    foreign = MunicipalityFactory(region=other_region, name="Den Haag")
    response = signed_in(partner_user).post(CREATE_URL, referral_post(foreign))
    _assert_refused(response, "Kies een gemeente van uw eigen regio.", kept=["Oosterhout"])


def test_hermelding_is_not_a_source_here(signed_in, partner_user, municipality):
    response = signed_in(partner_user).post(
        CREATE_URL, referral_post(municipality, source="hermelding")
    )
    _assert_refused(response, "Kies een bron uit de lijst.")


def test_add_person_button_keeps_everything_and_saves_nothing(
    signed_in, partner_user, municipality
):
    data = referral_post(municipality, description="", betrokkene_toevoegen="1")

    response = signed_in(partner_user).post(CREATE_URL, data)

    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="betrokkene-TOTAL_FORMS" value="2"' in body
    assert 'name="betrokkene-1-last_name"' in body
    assert 'value="Oosterhout"' in body
    assert 'value="1988-05-17"' in body
    assert "Kan het ZVH de partners bij elkaar brengen?" in body
    assert "Betrokkene 2" in body
    # Not a submission: no error messages yet, nothing stored.
    assert "De melding is nog niet verstuurd" not in body
    assert "Beschrijf waarover de melding gaat." not in body
    assert counts() == (0, 0, 0)


def test_added_row_can_be_filled_and_submitted(signed_in, partner_user, municipality):
    client = signed_in(partner_user)
    client.post(CREATE_URL, referral_post(municipality, betrokkene_toevoegen="1"))
    data = referral_post(
        municipality,
        persons=[person_row(), person_row(role="partner", first_names="Bram", last_name="Kok")],
    )
    assert client.post(CREATE_URL, data).status_code == 302
    assert Case.objects.get().case_persons.count() == 2


# Duplicates --------------------------------------------------------------------------


def test_procesregisseur_sees_known_person_and_chooses_to_link(
    signed_in, procesregisseur, municipality, region
):
    known = PersonFactory(
        region=region,
        bsn=VALID_BSN,
        first_names="Fenna",
        name_prefix="van",
        last_name="Oosterhout",
        city="Zwijndrecht",
    )
    client = signed_in(procesregisseur)
    data = referral_post(municipality, persons=[person_row(bsn=VALID_BSN)])

    first = client.post(CREATE_URL, data)

    assert first.status_code == 200
    body = first.content.decode()
    assert "mogelijk al bekend" in body
    assert "Zwijndrecht" in body
    assert f'value="{known.pk}"' in body
    assert "maak een nieuwe persoon aan" in body
    assert counts() == (0, 1, 0)
    assert AccessLogEntry.objects.filter(
        user=procesregisseur, action=AccessAction.SEARCH, person_ref=known.pk
    ).exists()

    data["betrokkene-0-match"] = str(known.pk)
    second = client.post(CREATE_URL, data)

    assert second.status_code == 302
    case = Case.objects.get()
    assert case.case_persons.get().person == known
    assert Person.objects.count() == 1


def test_procesregisseur_chooses_a_new_person(signed_in, procesregisseur, municipality, region):
    known_person(
        region,
        first_names="Fenna",
        name_prefix="van",
        last_name="Oosterhout",
        birth_date=datetime.date(1988, 5, 17),
    )
    data = referral_post(municipality, **{"betrokkene-0-match": "nieuw"})
    client = signed_in(procesregisseur)
    shown = client.post(CREATE_URL, referral_post(municipality))
    assert "mogelijk al bekend" in shown.content.decode()
    assert Case.objects.count() == 0

    response = client.post(CREATE_URL, data)

    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_choice_must_be_made(signed_in, informatiemakelaar, municipality, region):
    PersonFactory(region=region, bsn=VALID_BSN)
    data = referral_post(municipality, persons=[person_row(bsn=VALID_BSN)])
    del data["betrokkene-0-match"]  # the radio group sent nothing

    response = signed_in(informatiemakelaar).post(CREATE_URL, data)

    assert response.status_code == 200
    assert "Kies of u deze betrokkene koppelt" in response.content.decode()
    assert Case.objects.count() == 0


def test_a_made_up_candidate_is_refused(signed_in, procesregisseur, municipality, region):
    PersonFactory(region=region, bsn=VALID_BSN)
    elsewhere = PersonFactory(region=region)
    data = referral_post(municipality, persons=[person_row(bsn=VALID_BSN, match=str(elsewhere.pk))])

    response = signed_in(procesregisseur).post(CREATE_URL, data)

    assert response.status_code == 200
    assert "Kies een van de getoonde personen" in response.content.decode()
    assert Case.objects.count() == 0


def test_partner_never_sees_candidates_and_is_never_linked_on_bsn(
    signed_in, partner_user, municipality, region
):
    known = PersonFactory(region=region, bsn=VALID_BSN, first_names="Anders", last_name="Genoemd")
    data = referral_post(municipality, persons=[person_row(bsn=VALID_BSN)])

    response = signed_in(partner_user).post(CREATE_URL, data)

    assert response.status_code == 302
    assert Case.objects.get().case_persons.get().person != known
    assert Person.objects.count() == 2
    assert not AccessLogEntry.objects.filter(user=partner_user, action=AccessAction.SEARCH).exists()


def test_partner_with_a_lookalike_gets_a_new_person(signed_in, partner_user, municipality, region):
    known_person(
        region,
        first_names="Fenna",
        name_prefix="van",
        last_name="Oosterhout",
        birth_date=datetime.date(1988, 5, 17),
    )
    response = signed_in(partner_user).post(CREATE_URL, referral_post(municipality))
    assert response.status_code == 302
    assert Person.objects.count() == 2
    assert "Genoemd" not in response.content.decode()


def test_form_page_query_count_is_small(
    signed_in, partner_user, municipality, django_assert_max_num_queries
):
    client = signed_in(partner_user)
    client.get(CREATE_URL)
    with django_assert_max_num_queries(14):
        client.get(CREATE_URL)
