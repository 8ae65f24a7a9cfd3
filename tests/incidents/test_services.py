import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from schakel.access.models import AccessLogEntry
from schakel.incidents.models import PoliceIncident
from schakel.incidents.services import register_incident, register_incident_on_bsn
from schakel.persons.models import Person
from schakel.persons.services import merge_persons
from tests.factories import MunicipalityFactory, PersonFactory, add_person

pytestmark = pytest.mark.django_db

VALID_BSN = "111222333"
OTHER_BSN = "123456782"


def _incident(**overrides):
    values = {
        "source_reference": "PL1700-2026-001",
        "occurred_on": datetime.date(2026, 3, 14),
        "kind": "overlast",
        "bsn": VALID_BSN,
        "first_names": "Fictief",
        "last_name": "Controlepersoon",
        "birth_date": datetime.date(1990, 1, 1),
    }
    values.update(overrides)
    return values


def test_an_incident_registers_the_new_person_once(procesregisseur):
    incident = register_incident_on_bsn(actor=procesregisseur, **_incident())
    assert incident.occurred_on == datetime.date(2026, 3, 14)
    assert incident.person.bsn == VALID_BSN
    register_incident_on_bsn(
        actor=procesregisseur, **_incident(source_reference="PL1700-2026-002", last_name="Anders")
    )
    # The second incident is on the known person; its names do not change the person.
    assert Person.objects.filter(bsn=VALID_BSN).get().last_name == "Controlepersoon"
    assert AccessLogEntry.objects.filter(object_type="PoliceIncident").count() == 2


def test_a_known_registration_number_is_refused_as_duplicate(procesregisseur):
    register_incident_on_bsn(actor=procesregisseur, **_incident())
    with pytest.raises(ValidationError) as refused:
        register_incident_on_bsn(actor=procesregisseur, **_incident())
    assert refused.value.error_dict["source_reference"][0].code == "duplicate"
    assert PoliceIncident.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"bsn": "123456789"}, "bsn"),
        ({"bsn": ""}, "bsn"),
        ({"last_name": " "}, "last_name"),
        ({"kind": "fietsendiefstal"}, "kind"),
        ({"source_reference": ""}, "source_reference"),
    ],
)
def test_a_bad_incident_is_refused_in_dutch_and_saves_nothing(procesregisseur, overrides, field):
    with pytest.raises(ValidationError) as refused:
        register_incident_on_bsn(actor=procesregisseur, **_incident(**overrides))
    assert field in refused.value.message_dict
    assert not PoliceIncident.objects.exists()
    assert not Person.objects.exists()


def test_a_municipality_of_another_region_is_refused(procesregisseur, other_region):
    with pytest.raises(ValidationError) as refused:
        register_incident_on_bsn(
            actor=procesregisseur,
            **_incident(municipality=MunicipalityFactory(region=other_region)),
        )
    assert "municipality" in refused.value.message_dict
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


@pytest.mark.parametrize("who", ["partner_user", "informatiemakelaar", "manager"])
def test_only_procesregie_registers_incidents(request, who):
    with pytest.raises(PermissionDenied):
        register_incident_on_bsn(actor=request.getfixturevalue(who), **_incident())
    assert not Person.objects.exists()


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
