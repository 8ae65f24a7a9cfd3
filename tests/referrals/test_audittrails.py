"""What the access log holds after a melding: who reported, for whom, on which case."""

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.persons.models import Person
from tests.builders import reported_case


def test_a_melding_logs_the_person_and_the_melding_as_created_by_the_reporter(
    partner_user, politie, municipality
):
    case = reported_case(reporter=partner_user, municipality=municipality)

    (person,) = Person.objects.filter(case_links__case=case)
    # The person's record is created first (persons knows no cases), then the melding
    # names the person and the case.
    entries = list(AccessLogEntry.objects.filter(person=person).order_by("pk"))
    assert [(e.action, e.user_id, e.organisation_id) for e in entries] == [
        (AccessAction.CREATE, partner_user.pk, politie.pk)
    ] * 2
    assert [(e.object_type, e.case) for e in entries] == [("Person", None), ("Referral", case)]
    assert case.reference in entries[1].detail
