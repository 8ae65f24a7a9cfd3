"""Registering a new betrokkene into a case: cases.services.register_person_in_case."""

import pytest
from django.core.exceptions import ValidationError

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.cases.models import CasePerson, PersonRole
from schakel.cases.services import register_person_in_case
from schakel.persons.models import Person
from tests.factories import CaseFactory


def test_registers_the_person_links_it_with_its_role_and_logs_both(procesregisseur, case):
    person = register_person_in_case(
        actor=procesregisseur,
        case=case,
        role=PersonRole.SLACHTOFFER,
        first_names="Sanne",
        last_name="Berg",
    )

    assert person.region_id == case.region_id
    assert CasePerson.objects.filter(case=case, person=person, role="slachtoffer").exists()
    created = AccessLogEntry.objects.get(action=AccessAction.CREATE)
    assert (created.user, created.person) == (procesregisseur, person)
    linked = AccessLogEntry.objects.get(action=AccessAction.CHANGE)
    assert (linked.user, linked.person, linked.case) == (procesregisseur, person, case)
    assert "Slachtoffer" in linked.detail


def test_an_unknown_role_leaves_no_person_behind(procesregisseur, case):
    with pytest.raises(ValidationError) as error:
        register_person_in_case(
            actor=procesregisseur, case=case, role="baas", first_names="Sanne", last_name="Berg"
        )

    assert "rol" in error.value.message_dict["role"][0]
    assert not Person.objects.filter(last_name="Berg").exists()
    assert not AccessLogEntry.objects.filter(action=AccessAction.CREATE).exists()


def test_the_role_and_the_person_fields_are_refused_together(procesregisseur, case):
    with pytest.raises(ValidationError) as error:
        register_person_in_case(
            actor=procesregisseur,
            case=case,
            role="baas",
            first_names="Sanne",
            last_name="Berg",
            bsn="123456789",
        )

    assert set(error.value.message_dict) == {"role", "bsn"}
    assert not Person.objects.filter(last_name="Berg").exists()


def test_a_case_of_another_region_is_refused(procesregisseur, other_region):
    elsewhere = CaseFactory(region=other_region)

    with pytest.raises(ValidationError) as error:
        register_person_in_case(
            actor=procesregisseur,
            case=elsewhere,
            role=PersonRole.HOOFDPERSOON,
            first_names="Sanne",
            last_name="Berg",
        )

    assert "regio" in error.value.message_dict["case"][0]
    assert not Person.objects.filter(last_name="Berg").exists()


def test_a_partner_may_not_add_betrokkenen_to_a_case_it_reads(partner_user, case):
    with pytest.raises(ValidationError) as error:
        register_person_in_case(
            actor=partner_user,
            case=case,
            role=PersonRole.HOOFDPERSOON,
            first_names="Sanne",
            last_name="Berg",
        )

    assert "geen betrokkenen" in error.value.message_dict["case"][0]
    assert not Person.objects.filter(last_name="Berg").exists()
