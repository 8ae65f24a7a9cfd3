import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.cases.models import CasePerson, PersonRole
from schakel.inquiries.models import InformationRequest, LegalGround
from schakel.persons.matching import name_key
from schakel.persons.models import Person
from schakel.persons.services import create_person, merge_persons, person_merged
from tests.factories import CaseFactory, MunicipalityFactory, add_person
from tests.helpers import make_person


def information_request(case, organisation, requested_by, persons):
    request = InformationRequest.objects.create(
        case=case,
        organisation=organisation,
        question="Is betrokkene bij u bekend?",
        purpose="Beeldvorming voor de triage",
        legal_ground=LegalGround.WGS,
        deadline=datetime.date(2030, 1, 1),
        requested_by=requested_by,
    )
    request.persons.set(persons)
    return request


# --- create_person --------------------------------------------------------------------


def test_create_person_sets_key_and_logs(procesregisseur, region, municipality):
    person = create_person(
        actor=procesregisseur,
        region=region,
        bsn="1234.56.782",
        first_names="  Sanne  Maria ",
        name_prefix="van der",
        last_name="Berg",
        birth_date=datetime.date(1994, 3, 2),
        municipality=municipality,
        postal_code="3311ab",
    )

    person.refresh_from_db()
    assert person.bsn == "123456782"
    assert person.first_names == "Sanne Maria"
    assert person.name_key == name_key("Sanne", "", "Van der Berg")
    assert not CasePerson.objects.filter(person=person).exists()
    entry = AccessLogEntry.objects.get(action=AccessAction.CREATE)
    assert (entry.user, entry.person, entry.case) == (procesregisseur, person, None)


@pytest.mark.parametrize(
    ("fields", "error_field", "message"),
    [
        ({"bsn": "123456789"}, "bsn", "11-proef"),
        ({"birth_date": "tomorrow"}, "birth_date", "toekomst"),
        ({"first_names": "   "}, "first_names", ""),
        ({"email": "geen-adres"}, "email", ""),
        ({"last_name": "x" * 201}, "last_name", ""),
    ],
)
def test_create_person_refuses_bad_input_with_a_message_per_field(
    procesregisseur, region, fields, error_field, message
):
    if fields.get("birth_date") == "tomorrow":
        fields["birth_date"] = timezone.localdate() + datetime.timedelta(days=1)
    values = {"first_names": "Sanne", "last_name": "Berg", **fields}

    with pytest.raises(ValidationError) as error:
        create_person(actor=procesregisseur, region=region, **values)

    assert message in " ".join(error.value.message_dict[error_field])
    assert not Person.objects.exists()
    assert not AccessLogEntry.objects.exists()


def test_create_person_refuses_a_municipality_of_another_region(
    procesregisseur, region, other_region
):
    elsewhere = MunicipalityFactory(region=other_region, name="Den Haag", cbs_code="GM0518")

    with pytest.raises(ValidationError) as error:
        create_person(
            actor=procesregisseur,
            region=region,
            first_names="Sanne",
            last_name="Berg",
            municipality=elsewhere,
        )

    assert "regio" in error.value.message_dict["municipality"][0]
    assert not Person.objects.exists()


def test_create_person_refuses_another_region_than_the_users(procesregisseur, other_region):
    with pytest.raises(ValidationError):
        create_person(actor=procesregisseur, region=other_region, first_names="A", last_name="B")
    assert not Person.objects.exists()


# --- merge_persons ----------------------------------------------------------------------


@pytest.fixture
def duplicate_pair(case, region, municipality, politie, procesregisseur):
    """Two records of one person, each in its own case, both visible to the procesregisseur."""
    keep = make_person(region, first_names="Jan", last_name="Jansen", phone="")
    remove = make_person(
        region,
        first_names="Jan",
        last_name="Janssen",
        bsn="111222333",
        phone="06-12345678",
        municipality=municipality,
        gender="man",
    )
    add_person(case, keep, role=PersonRole.HOOFDPERSOON)
    add_person(case, remove, role=PersonRole.HOOFDPERSOON)  # same case and role: redundant
    add_person(case, remove, role=PersonRole.PLEGER)  # moves
    second = CaseFactory(region=region, municipality=municipality, title="Tweede melding")
    add_person(second, remove, role=PersonRole.GETUIGE)
    both = information_request(case, politie, procesregisseur, [keep, remove])
    only_remove = information_request(second, politie, procesregisseur, [remove])
    return keep, remove, second, both, only_remove


def test_merge_moves_links_fills_fields_and_logs(procesregisseur, case, duplicate_pair):
    keep, remove, second, both, only_remove = duplicate_pair

    merge_persons(actor=procesregisseur, keep=keep, remove=remove)

    keep.refresh_from_db()
    remove.refresh_from_db()
    assert remove.merged_into == keep
    assert set(CasePerson.objects.filter(person=keep).values_list("case_id", "role")) == {
        (case.pk, "hoofdpersoon"),
        (case.pk, "pleger"),
        (second.pk, "getuige"),
    }
    assert not CasePerson.objects.filter(person=remove).exists()
    assert list(both.persons.all()) == [keep]
    assert list(only_remove.persons.all()) == [keep]
    assert (keep.bsn, keep.phone, keep.gender) == ("111222333", "06-12345678", "man")
    assert keep.municipality_id == remove.municipality_id
    assert keep.last_name == "Jansen"  # the kept record's own data is never overwritten
    rows = AccessLogEntry.objects.filter(action=AccessAction.MERGE)
    assert {row.person_id for row in rows} == {keep.pk, remove.pk}
    assert all(row.user == procesregisseur for row in rows)


def test_merge_is_atomic(procesregisseur, duplicate_pair):
    keep, remove, *_rest = duplicate_pair
    links_before = set(CasePerson.objects.values_list("pk", "person_id"))

    def fail(**kwargs):
        raise RuntimeError("een andere app kon haar koppelingen niet verplaatsen")

    person_merged.connect(fail)
    try:
        with pytest.raises(RuntimeError):
            merge_persons(actor=procesregisseur, keep=keep, remove=remove)
    finally:
        person_merged.disconnect(fail)

    remove.refresh_from_db()
    keep.refresh_from_db()
    assert remove.merged_into is None
    assert keep.bsn == ""
    assert set(CasePerson.objects.values_list("pk", "person_id")) == links_before
    assert not AccessLogEntry.objects.filter(action=AccessAction.MERGE).exists()


@pytest.mark.parametrize("user_fixture", ["partner_user", "informatiemakelaar", "manager"])
def test_merge_needs_a_procesregisseur(request, user_fixture, duplicate_pair):
    keep, remove, *_rest = duplicate_pair
    with pytest.raises(PermissionDenied):
        merge_persons(actor=request.getfixturevalue(user_fixture), keep=keep, remove=remove)
    remove.refresh_from_db()
    assert remove.merged_into is None


def test_merge_refuses_a_person_of_another_region(procesregisseur, case, other_region):
    keep = case.case_persons.get().person
    elsewhere_case = CaseFactory(region=other_region, title="Elders")
    stranger = add_person(elsewhere_case, make_person(other_region, last_name=keep.last_name))

    with pytest.raises(Http404):
        merge_persons(actor=procesregisseur, keep=keep, remove=stranger)

    stranger.refresh_from_db()
    assert stranger.merged_into is None
    assert not AccessLogEntry.objects.filter(action=AccessAction.MERGE).exists()


def test_merge_refuses_visible_persons_of_two_regions(procesregisseur, case, other_region):
    """Even a wrongly linked record of another region cannot be merged into this one: the
    policy shows a user only the records of the own region, so it is not found at all."""
    keep = case.case_persons.get().person
    misplaced = add_person(case, make_person(other_region), role=PersonRole.GETUIGE)

    with pytest.raises(Http404):
        merge_persons(actor=procesregisseur, keep=keep, remove=misplaced)

    misplaced.refresh_from_db()
    assert misplaced.merged_into is None


def test_merge_refuses_a_person_the_user_cannot_see(procesregisseur, case, region):
    keep = case.case_persons.get().person
    unseen = make_person(region)  # in no case at all

    with pytest.raises(Http404):
        merge_persons(actor=procesregisseur, keep=keep, remove=unseen)


def test_merge_refuses_two_different_bsns_and_oneself(procesregisseur, case, region):
    keep = case.case_persons.get().person
    keep.bsn = "123456782"
    keep.save()
    other = add_person(case, make_person(region, bsn="111222333"), role=PersonRole.PARTNER)

    with pytest.raises(ValidationError) as error:
        merge_persons(actor=procesregisseur, keep=keep, remove=other)
    assert "verschillend BSN" in error.value.messages[0]

    with pytest.raises(ValidationError):
        merge_persons(actor=procesregisseur, keep=keep, remove=keep)


def test_earlier_merges_point_at_the_kept_person(procesregisseur, duplicate_pair, region):
    keep, remove, *_rest = duplicate_pair
    older = make_person(region, merged_into=remove)

    merge_persons(actor=procesregisseur, keep=keep, remove=remove)

    older.refresh_from_db()
    assert older.merged_into == keep


def test_merge_is_possible_for_a_table_director(region, municipality, zvh, table):
    from schakel.accounts.roles import Role
    from tests.factories import UserFactory

    director = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR])
    table.procesregisseurs.add(director)
    on_table = CaseFactory(region=region, municipality=municipality, table=table)
    a = add_person(on_table, make_person(region, last_name="Visser"))
    b = add_person(on_table, make_person(region, last_name="Vissers"), role=PersonRole.PLEGER)

    merge_persons(actor=director, keep=a, remove=b)

    b.refresh_from_db()
    assert b.merged_into == a
