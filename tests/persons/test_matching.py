import datetime

import pytest

from schakel.persons.matching import find_duplicates, name_key
from tests.factories import RegionFactory
from tests.helpers import make_person

BIRTH = datetime.date(1987, 6, 14)

# (stored as first names, prefix, last name) -> (typed as first names, prefix, last name)
SPELLING_VARIANTS = [
    (("Jan", "", "Janssen"), ("Jan", "", "Jansen")),
    (("Jan", "", "Jansen"), ("jan", "", "JANSSEN")),
    (("Jan Willem", "", "Jansen"), ("Jan", "", "Jansen")),
    (("Piet", "van der", "Berg"), ("Piet", "", "Van der Berg")),
    (("Piet", "", "van den Berg"), ("Piet", "van den", "Berg")),
    (("Piet", "van den", "Berg"), ("Piet", "", "Vandenberg")),
    (("Kees", "de", "Bruijn"), ("Kees", "", "de Bruin")),
    (("Kees", "", "de Bruijn"), ("Kees", "", "Debruyn")),
    (("Anna", "", "Meijer"), ("Anna", "", "Meyer")),
    (("Anna", "", "Meier"), ("Anna", "", "Mijer")),
    (("Ayşe", "", "Yılmaz"), ("Ayse", "", "Yilmaz")),
    (("Ayse", "", "Yilmaz"), ("Ayse", "", "Ijlmaz")),
    (("Fatima", "", "Öztürk"), ("Fatima", "", "Ozturk")),
    (("José", "", "Müller"), ("Jose", "", "Muller")),
    (("Mohammed", "el", "Amrani"), ("Muhammad", "", "El Amrani")),
    (("Mohamed", "", "Benali"), ("Mohammed", "", "Ben Ali")),
    (("Mehmet", "", "Kaya"), ("Mohammed", "", "Kaya")),
    (("Youssef", "", "Bouzid"), ("Yusuf", "", "Buzid")),
    (("Joesoef", "", "Bouzid"), ("Youssef", "", "Bouzid")),
    (("Hans", "", "Brandt"), ("Hans", "", "Brant")),
    (("Hans", "", "Brand"), ("Hans", "", "Brandt")),
    (("Carel", "", "Hendrickx"), ("Karel", "", "Hendriks")),
    (("Philip", "", "Philips"), ("Filip", "", "Filips")),
    (("Sophie", "van den", "Bosch"), ("Sofie", "", "van den Bos")),
    (("Thomas", "", "Zwart"), ("Tomas", "", "Swart")),
    (("Daan", "", "Schmidt"), ("Daan", "", "Smit")),
    (("Christiaan", "", "Claes"), ("Kristiaan", "", "Klaas")),
    (("Lieke", "", "D'Souza"), ("Lieke", "", "Dsouza")),
    (("Ruud", "", "Huijsmans"), ("Ruud", "", "Huysmans")),
    (("Noor", "", "Jansen-de Vries"), ("Noor", "", "Jansen de Vries")),
    (("Emre", "", "Çelik"), ("Emre", "", "Celik")),
    (("Matthijs", "", "Mulder"), ("Mattijs", "", "Mulder")),
    (("Sanne", "", "Koster"), ("S.", "", "Kooster")),
]


@pytest.mark.parametrize(("stored", "typed"), SPELLING_VARIANTS)
def test_spelling_variants_with_same_birth_date_are_found(region, stored, typed):
    person = make_person(
        region, first_names=stored[0], name_prefix=stored[1], last_name=stored[2], birth_date=BIRTH
    )

    found = find_duplicates(
        region=region,
        first_names=typed[0],
        name_prefix=typed[1],
        last_name=typed[2],
        birth_date=BIRTH,
    )

    assert [c.person for c in found] == [person]
    assert "geboortedatum" in found[0].reason


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("Jan", "", "Janssen"), ("Jan", "", "Jansen")),
        (("Piet", "van der", "Berg"), ("Piet", "", "Van der Berg")),
        (("Anna", "", "Meijer"), ("Anna", "", "Meier")),
        (("Ayşe", "", "Yılmaz"), ("Ayse", "", "Ijlmaz")),
        (("Mohammed", "", "El Amrani"), ("Muhammad", "el", "Amrani")),
        (("Mehmet", "", "Kaya"), ("Mohamed", "", "Kaya")),
        (("Hans", "", "Brandt"), ("Hans", "", "Brand")),
        (("Jan-Willem", "", "Dijkstra"), ("Jan", "", "Dykstra")),
    ],
)
def test_name_key_folds_variants_onto_one_key(a, b):
    assert name_key(*a) == name_key(*b)


def test_name_key_has_no_accents_capitals_or_particles():
    key = name_key("Zoë Ålida", "Van 't", "Hooft-Çağlar")
    assert key.isascii()
    assert key == key.lower()
    assert "van" not in key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("Jan", "", "Jansen"), ("Jan", "", "Pietersen")),
        (("Jan", "", "Jansen"), ("Kees", "", "Jansen")),
        (("Anna", "", "Bakker"), ("Anna", "", "Visser")),
        (("Mohammed", "", "Amrani"), ("Mohammed", "", "Bouzid")),
    ],
)
def test_clearly_different_names_get_different_keys(a, b):
    assert name_key(*a) != name_key(*b)


@pytest.mark.parametrize(
    "typed",
    [
        ("Jan", "", "Pietersen"),
        ("Jan", "", "de Vries"),
        ("Kees", "", "Jansma"),  # similar last name, but another first initial
        ("Mohammed", "", "Bouzid"),
    ],
)
def test_clearly_different_name_with_same_birth_date_is_not_a_duplicate(region, typed):
    make_person(region, first_names="Jan", last_name="Jansen", birth_date=BIRTH)

    found = find_duplicates(
        region=region,
        first_names=typed[0],
        name_prefix=typed[1],
        last_name=typed[2],
        birth_date=BIRTH,
    )

    assert found == []


def test_same_name_with_other_birth_date_is_not_a_duplicate(region):
    make_person(region, first_names="Jan", last_name="Jansen", birth_date=BIRTH)

    found = find_duplicates(
        region=region, first_names="Jan", last_name="Janssen", birth_date=datetime.date(1987, 6, 15)
    )

    assert found == []


def test_same_name_when_a_birth_date_is_unknown_is_a_duplicate(region):
    no_birth = make_person(region, first_names="Jan", last_name="Jansen", birth_date=None)
    with_birth = make_person(region, first_names="Jan", last_name="Janssen", birth_date=BIRTH)

    typed_with_date = find_duplicates(
        region=region, first_names="Jan", last_name="Jansen", birth_date=BIRTH
    )
    typed_without_date = find_duplicates(region=region, first_names="Jan", last_name="Jansen")

    assert {c.person for c in typed_with_date} == {no_birth, with_birth}
    assert {c.person for c in typed_without_date} == {no_birth, with_birth}
    assert all("niet bekend" in c.reason for c in typed_without_date)


def test_bsn_is_matched_exactly_after_normalising(region):
    person = make_person(region, last_name="Totaal Anders", bsn="111222333")

    found = find_duplicates(
        region=region, bsn=" 111.222.333 ", last_name="Jansen", birth_date=BIRTH
    )

    assert [(c.person, c.reason) for c in found] == [(person, "zelfde BSN")]


def test_eight_digit_bsn_is_padded_with_its_leading_zero(region):
    person = make_person(region, bsn="012345672")

    found = find_duplicates(region=region, bsn="12345672")

    assert [c.person for c in found] == [person]


def test_two_different_bsns_are_two_persons_however_alike_the_names(region):
    make_person(region, first_names="Jan", last_name="Jansen", birth_date=BIRTH, bsn="111222333")

    found = find_duplicates(
        region=region, bsn="123456782", first_names="Jan", last_name="Jansen", birth_date=BIRTH
    )

    assert found == []


def test_other_region_merged_and_excluded_persons_are_never_candidates(region):
    elsewhere = RegionFactory(code="elders")
    make_person(elsewhere, first_names="Jan", last_name="Jansen", birth_date=BIRTH)
    kept = make_person(region, first_names="Jan", last_name="Jansen", birth_date=BIRTH)
    make_person(region, first_names="Jan", last_name="Jansen", birth_date=BIRTH, merged_into=kept)

    assert [
        c.person for c in find_duplicates(region=region, last_name="Jansen", birth_date=BIRTH)
    ] == [kept]
    assert (
        find_duplicates(region=region, last_name="Jansen", birth_date=BIRTH, exclude_pk=kept.pk)
        == []
    )


def test_nothing_to_match_on_gives_no_candidates_and_no_query(region, django_assert_num_queries):
    make_person(region)
    with django_assert_num_queries(0):
        assert find_duplicates(region=region, first_names="Fictief") == []


def test_find_duplicates_is_one_query_whatever_the_number_of_candidates(
    region, django_assert_num_queries
):
    for n in range(30):
        make_person(region, first_names="Jan", last_name=f"Anders{n}", birth_date=BIRTH)
    make_person(region, first_names="Jan", last_name="Jansen", birth_date=BIRTH)

    with django_assert_num_queries(1):
        found = find_duplicates(
            region=region, bsn="111222333", first_names="Jan", last_name="Janssen", birth_date=BIRTH
        )

    assert [c.person.last_name for c in found] == ["Jansen"]


def test_a_very_long_name_still_fits_the_key_column():
    assert len(name_key("Xaviera", "", "X" * 200)) == 200


def test_the_batch_finds_for_every_person_what_find_duplicates_finds_for_it(region):
    """duplicates_of_registered compares only the pairs that can be alike; the answers are
    those of find_duplicates, person by person, in the same order."""
    import random

    from schakel.persons.matching import duplicates_of_registered

    rng = random.Random(7)
    names = [stored for stored, _typed in SPELLING_VARIANTS[:12]] + [
        typed for _stored, typed in SPELLING_VARIANTS[:12]
    ]
    dates = [BIRTH, BIRTH + datetime.timedelta(days=1), None]
    bsns = ["", "", "123456782", "111222333"]
    people = []
    for number in range(60):
        first, prefix, last = rng.choice(names)
        people.append(
            make_person(
                region,
                first_names=first,
                name_prefix=prefix,
                last_name=last,
                birth_date=rng.choice(dates),
                bsn=rng.choice(bsns) if number % 3 == 0 else "",
            )
        )
    described = people[:20]
    exclude = {person.pk for person in described}

    found = duplicates_of_registered(region=region, persons=described, exclude_pks=exclude)

    for person in described:
        expected = [
            (candidate.person.pk, candidate.reason)
            for candidate in find_duplicates(
                region=region,
                bsn=person.bsn,
                first_names=person.first_names,
                name_prefix=person.name_prefix,
                last_name=person.last_name,
                birth_date=person.birth_date,
            )
            if candidate.person.pk not in exclude
        ]
        assert [(c.person.pk, c.reason) for c in found[person.pk]] == expected
    assert any(found.values())
