"""What the access log holds after reads of cases: one row per person shown."""

import pytest

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.cases.sections import SECTIONS
from tests.cases.helpers import LIST_URL, detail_url, url
from tests.factories import (
    CaseFactory,
    PersonFactory,
    add_participant,
    add_person,
)


def test_detail_logs_one_read_per_person(signed_in, partner_user, full_case):
    signed_in(partner_user).get(detail_url(full_case))

    entries = AccessLogEntry.objects.filter(user=partner_user, action=AccessAction.READ)
    assert sorted(entries.values_list("person_ref", flat=True)) == sorted(
        full_case.case_persons.values_list("person_id", flat=True)
    )
    assert set(entries.values_list("case_ref", flat=True)) == {full_case.pk}


def test_list_logs_one_read_per_person_shown(signed_in, partner_user, case, region, politie):
    second = CaseFactory(region=region, municipality=case.municipality)
    add_participant(second, politie, reason="melder")
    main = add_person(second)
    add_person(second, PersonFactory(region=region), role="partner")  # not shown, not logged

    signed_in(partner_user).get(LIST_URL)

    entries = AccessLogEntry.objects.filter(user=partner_user, action=AccessAction.READ)
    assert sorted(entries.values_list("person_ref", flat=True)) == sorted(
        [case.case_persons.get().person_id, main.pk]
    )
    assert all(case.reference in e.detail and second.reference in e.detail for e in entries)


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.slug or "overzicht")
def test_every_section_read_is_logged_per_person(signed_in, partner_user, table_case, section):
    signed_in(partner_user).get(url(table_case, section.slug))
    entries = AccessLogEntry.objects.filter(user=partner_user, action=AccessAction.READ)
    assert sorted(entries.values_list("person_ref", flat=True)) == sorted(
        table_case.case_persons.values_list("person_id", flat=True)
    )
    assert set(entries.values_list("case_ref", flat=True)) == {table_case.pk}
    assert set(entries.values_list("detail", flat=True)) == {str(section.label)}
