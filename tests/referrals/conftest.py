import datetime

import pytest

from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CaseState
from schakel.cases.services import transition_case
from schakel.persons.matching import name_key
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

VALID_BSN = "111222333"
OTHER_VALID_BSN = "123456782"


def person_row(**overrides):
    row = {
        "role": "hoofdpersoon",
        "bsn": "",
        "first_names": "Fenna",
        "name_prefix": "van",
        "last_name": "Oosterhout",
        "birth_date": "1988-05-17",
        "gender": "vrouw",
        "street_address": "Voorstraat 1",
        "postal_code": "3311AA",
        "city": "Dordrecht",
        "match": "",
    }
    row.update(overrides)
    return row


def known_person(region, **fields):
    """A person already registered in the region, with the name key matching relies on."""
    person = PersonFactory(region=region, **fields)
    person.name_key = name_key(person.first_names, person.name_prefix, person.last_name)
    person.save(update_fields=["name_key"])
    return person


def empty_row():
    """An untouched row, as the browser posts it (the gender select keeps its default)."""
    return {**{name: "" for name in person_row()}, "gender": "onbekend"}


def referral_post(municipality, *, persons=None, **overrides) -> dict:
    """A complete, valid melding as the browser posts it."""
    persons = [person_row()] if persons is None else persons
    data = {
        "source": "veldaanmelding",
        "received_on": datetime.date(2025, 3, 14).isoformat(),
        "municipality": str(municipality.pk),
        "kind": "persoon",
        "title": "Overlast en zorgen om verwaarlozing",
        "description": "Buren melden aanhoudende overlast; de woning lijkt vervuild.",
        "life_domains": [],
        "urgency": "hoog",
        "question": "Kan het ZVH de partners bij elkaar brengen?",
        "reporter_contact": "K. de Vries, 078-1234567",
        "betrokkene-TOTAL_FORMS": str(len(persons)),
        "betrokkene-INITIAL_FORMS": "0",
        "betrokkene-MIN_NUM_FORMS": "1",
        "betrokkene-MAX_NUM_FORMS": "20",
    }
    for index, row in enumerate(persons):
        for name, value in row.items():
            data[f"betrokkene-{index}-{name}"] = value
    data.update(overrides)
    return data


def close_case(case, actor, to_state=CaseState.AFGESLOTEN):
    path = (
        [CaseState.IN_TRIAGE, CaseState.GEAGENDEERD, CaseState.AFGESLOTEN]
        if to_state == CaseState.AFGESLOTEN
        else [CaseState.IN_TRIAGE, CaseState.NIET_IN_BEHANDELING]
    )
    for state in path:
        transition_case(case=case, to_state=state, actor=actor, reason=f"Naar {state}")
    return case


@pytest.fixture
def other_region_procesregisseur(other_region):
    organisation = OrganisationFactory(region=other_region, name="ZVH Haaglanden", domain="zvh")
    return UserFactory(organisation=organisation, roles=[Role.PROCESREGISSEUR])


@pytest.fixture
def unsigned_partner(region):
    organisation = OrganisationFactory(
        region=region, name="Buurtvereniging Zonder Convenant", convenant_signed_on=None
    )
    return UserFactory(organisation=organisation, roles=[Role.KETENPARTNER])
