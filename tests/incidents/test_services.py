import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from schakel.access.models import AccessLogEntry
from schakel.incidents.models import PoliceIncident
from schakel.incidents.services import register_incident, register_incident_row
from schakel.persons.models import Person
from schakel.persons.services import merge_persons
from tests.factories import PersonFactory, add_person

pytestmark = pytest.mark.django_db

VALID_BSN = "111222333"
OTHER_BSN = "123456782"


def _row(**overrides):
    row = {
        "registratienummer": "PL1700-2026-001",
        "datum": "14-03-2026",
        "soort": "overlast",
        "bsn": VALID_BSN,
        "voornamen": "Fictief",
        "achternaam": "Controlepersoon",
        "geboortedatum": "1990-01-01",
    }
    row.update(overrides)
    return row


def test_a_row_registers_the_incident_and_the_new_person_once(procesregisseur):
    incident = register_incident_row(actor=procesregisseur, row=_row())
    assert incident.occurred_on == datetime.date(2026, 3, 14)
    assert incident.person.bsn == VALID_BSN
    register_incident_row(actor=procesregisseur, row=_row(registratienummer="PL1700-2026-002"))
    assert Person.objects.filter(bsn=VALID_BSN).count() == 1
    assert AccessLogEntry.objects.filter(object_type="PoliceIncident").count() == 2


def test_a_known_registration_number_is_refused_as_duplicate(procesregisseur):
    register_incident_row(actor=procesregisseur, row=_row())
    with pytest.raises(ValidationError) as refused:
        register_incident_row(actor=procesregisseur, row=_row())
    assert refused.value.error_dict["source_reference"][0].code == "duplicate"
    assert PoliceIncident.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"datum": "2026-13-01"}, "datum"),
        ({"bsn": "123456789"}, "bsn"),
        ({"soort": "fietsendiefstal"}, "kind"),
        ({"registratienummer": ""}, "source_reference"),
    ],
)
def test_a_bad_row_is_refused_in_dutch_and_saves_nothing(procesregisseur, overrides, field):
    with pytest.raises(ValidationError) as refused:
        register_incident_row(actor=procesregisseur, row=_row(**overrides))
    assert field in refused.value.message_dict
    assert not PoliceIncident.objects.exists()
    assert not Person.objects.exists()


def test_an_incident_in_the_future_is_refused(procesregisseur, region):
    person = PersonFactory(region=region)
    with pytest.raises(ValidationError):
        register_incident(
            actor=procesregisseur,
            person=person,
            occurred_on=timezone.localdate() + datetime.timedelta(days=1),
            kind="geweld",
            source_reference="X-1",
        )


def test_a_person_of_another_region_is_refused(procesregisseur, other_region):
    with pytest.raises(ValidationError) as refused:
        register_incident(
            actor=procesregisseur,
            person=PersonFactory(region=other_region),
            occurred_on=datetime.date(2026, 1, 5),
            kind="geweld",
            source_reference="X-2",
        )
    assert "person" in refused.value.message_dict


def test_a_partner_may_not_register_incidents(partner_user):
    with pytest.raises(PermissionDenied):
        register_incident_row(actor=partner_user, row=_row())


def test_incidents_follow_a_merge_of_persons(procesregisseur, case, region):
    keep, remove = (add_person(case, PersonFactory(region=region)) for _ in range(2))
    for number, person in enumerate((keep, remove)):
        register_incident(
            actor=procesregisseur,
            person=person,
            occurred_on=datetime.date(2026, 1, 5),
            kind="drugs",
            source_reference=f"PL-{number}",
        )
    merge_persons(actor=procesregisseur, keep=keep, remove=remove)
    assert set(PoliceIncident.objects.values_list("person_id", flat=True)) == {keep.pk}
