import datetime

import pytest

from schakel.persons.matching import name_key
from schakel.persons.models import Person


def make_person(region, *, first_names="Fictief", name_prefix="", last_name="Persoon", **fields):
    """A fictional person with its name key set, as services.create_person would."""
    fields.setdefault("birth_date", datetime.date(1990, 1, 1))
    return Person.objects.create(
        region=region,
        first_names=first_names,
        name_prefix=name_prefix,
        last_name=last_name,
        name_key=name_key(first_names, name_prefix, last_name),
        **fields,
    )


@pytest.fixture
def case_person(case):
    """The hoofdpersoon of the `case` fixture, with a recomputed name key."""
    person = case.case_persons.get().person
    person.name_key = name_key(person.first_names, person.name_prefix, person.last_name)
    person.save(update_fields=["name_key"])
    return person


# The browser fixtures (chromium via Playwright, signed in through the real login page).
