import pytest

from schakel.persons.matching import name_key


@pytest.fixture
def case_person(case):
    """The hoofdpersoon of the `case` fixture, with a recomputed name key."""
    person = case.case_persons.get().person
    person.name_key = name_key(person.first_names, person.name_prefix, person.last_name)
    person.save(update_fields=["name_key"])
    return person
