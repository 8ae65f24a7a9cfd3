import datetime

import pytest

from schakel.persons.matching import name_key


@pytest.fixture
def case_person(case):
    """The hoofdpersoon of the `case` fixture, with a recomputed name key."""
    person = case.case_persons.get().person
    person.name_key = name_key(person.first_names, person.name_prefix, person.last_name)
    person.save(update_fields=["name_key"])
    return person


@pytest.fixture
def privacy_officer(zvh):
    """The privacy officer (FG) of the region of the `case` fixture."""
    from schakel.accounts.roles import Role
    from tests.factories import UserFactory

    return UserFactory(organisation=zvh, roles=[Role.PRIVACY_OFFICER], first_name="Fenne")


@pytest.fixture
def far_privacy_officer(other_region):
    """The privacy officer of another region: never anything of this one."""
    from schakel.accounts.roles import Role
    from tests.factories import OrganisationFactory, UserFactory

    organisation = OrganisationFactory(region=other_region, name="ZVH Haaglanden", domain="zvh")
    return UserFactory(organisation=organisation, roles=[Role.PRIVACY_OFFICER])


@pytest.fixture
def restricted_person(case_person, privacy_officer):
    """The hoofdpersoon of `case`, with a fictional BSN and address, restricted by the FG."""
    from schakel.persons.services import restrict_processing

    case_person.first_names = "Roos"
    case_person.last_name = "Beperktmans"
    case_person.bsn = "111222333"
    case_person.city = "Zwijndrecht"
    case_person.street_address = "Lindelaan 7"
    case_person.birth_date = datetime.date(1977, 7, 7)
    case_person.save()
    restrict_processing(
        actor=privacy_officer, person=case_person, reason="Betrokkene betwist de juistheid"
    )
    case_person.refresh_from_db()
    return case_person
