"""The generator's fast row writing gives the same rows as the ordinary model path."""

import datetime

import pytest
from django.db import DatabaseError, connection
from django.utils import timezone

from schakel.cases.models import Case
from schakel.demo.rows import (
    check_foreign_keys,
    insert_objects,
    new_object,
    write_with_row_checks,
    write_without_row_checks,
)
from schakel.organisations.models import Municipality, Region
from schakel.rights.models import RightsTask


def test_a_new_object_has_the_defaults_the_model_gives():
    values = {"region_id": 1, "municipality_id": 2, "title": "Overlast", "state": "aangemeld"}
    fast, ordinary = new_object(Case, **values), Case(**values)
    for field in Case._meta.concrete_fields:
        assert getattr(fast, field.attname) == getattr(ordinary, field.attname), field.name
    assert fast._state.adding and fast.pk is None
    # A callable default is made for every object, not shared.
    first, second = new_object(RightsTask), new_object(RightsTask)
    assert first.holdings == [] and first.holdings is not second.holdings


def test_a_new_object_refuses_a_name_the_model_does_not_have():
    with pytest.raises(TypeError, match="region"):
        new_object(Case, region=1)


def test_new_objects_are_saved_with_their_keys(db):
    region = Region.objects.create(name="Regio", code="r1")
    municipality = Municipality.objects.create(cbs_code="GM9999", name="Ergens", region=region)
    now = timezone.now() - datetime.timedelta(days=3)
    cases = [
        new_object(
            Case,
            region_id=region.pk,
            municipality_id=municipality.pk,
            title=f"Casus {number}",
            state="aangemeld",
            created_at=now,
            state_changed_at=now,
        )
        for number in range(3)
    ]
    insert_objects(Case, cases)
    assert [case.pk for case in cases] == list(
        Case.objects.order_by("pk").values_list("pk", flat=True)
    )
    assert [case.title for case in Case.objects.order_by("pk")] == [c.title for c in cases]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's row checks")
def test_rows_written_without_row_checks_are_checked_in_bulk(db):
    assert write_without_row_checks()  # the test database's owner may
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO cases_caseperson (case_id, person_id, role) "
                "VALUES (987654, 987654, 'hoofdpersoon')"
            )
        with pytest.raises(DatabaseError, match="cases_caseperson"):
            check_foreign_keys()
    finally:
        write_with_row_checks()
