"""The access log: written by record_access, and append-only down to the database."""

import pytest
from django.db import DatabaseError, connection, transaction

from schakel.access.log import record_access
from schakel.access.models import AccessAction, AccessLogEntry
from schakel.cases.models import CasePerson


@pytest.fixture
def entry(case, procesregisseur):
    person = CasePerson.objects.get(case=case).person
    record_access(
        actor=procesregisseur, action=AccessAction.READ, case=case, persons=[person], purpose="t"
    )
    return AccessLogEntry.objects.get()


def test_record_access_writes_who_what_whom(entry, case, procesregisseur):
    person = CasePerson.objects.get(case=case).person
    assert entry.user == procesregisseur
    assert entry.organisation == procesregisseur.organisation
    assert entry.on_behalf_of == str(procesregisseur.organisation)
    assert (entry.case_ref, entry.person_ref) == (case.pk, person.pk)
    assert entry.action == AccessAction.READ


def test_one_row_per_person(case, procesregisseur):
    from tests.factories import add_person

    second = add_person(case)
    first = CasePerson.objects.exclude(person=second).get(case=case).person
    record_access(actor=procesregisseur, action="read", case=case, persons=[first, second])
    assert set(AccessLogEntry.objects.values_list("person_ref", flat=True)) == {
        first.pk,
        second.pk,
    }


def test_entry_cannot_be_changed_or_deleted_through_django(entry):
    entry.purpose = "anders"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE access_accesslogentry SET purpose = 'vervalst'",
        "UPDATE access_accesslogentry SET user_id = user_id + 1",
        "UPDATE access_accesslogentry SET person_ref = NULL",
        "UPDATE access_accesslogentry SET person_id = person_id + 1",
        "DELETE FROM access_accesslogentry",
    ],
)
def test_database_refuses_tampering(entry, statement):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AccessLogEntry.objects.get(pk=entry.pk).purpose == "t"


def test_database_allows_retention_to_clear_the_person_reference(entry):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE access_accesslogentry SET person_id = NULL, case_id = NULL")
    entry = AccessLogEntry.objects.get(pk=entry.pk)
    assert entry.person_id is None and entry.person_ref is not None
