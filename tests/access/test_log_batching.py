"""A page writes its access-log rows in one INSERT, however many rows it shows, and the
rows are exactly those one record_access per event would write."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from schakel.access.log import Access, record_access, record_accesses
from schakel.access.models import AccessAction, AccessLogEntry
from tests.cases.helpers import LIST_URL
from tests.cases.test_case_list import make_cases
from tests.factories import CaseFactory, add_person

LOGGED_FIELDS = (
    "user_id", "organisation_id", "on_behalf_of", "action", "case_id", "case_ref",
    "person_id", "person_ref", "object_type", "object_ref", "purpose", "detail",
    "client_address",
)  # fmt: skip


def _log_inserts(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "access_accesslogentry"')]


def _rows(after_pk=0):
    rows = AccessLogEntry.objects.filter(pk__gt=after_pk).order_by("pk")
    return list(rows.values_list(*LOGGED_FIELDS))


def test_a_case_list_page_logs_its_persons_in_one_insert(
    signed_in, procesregisseur, region, municipality, politie
):
    make_cases(30, region=region, municipality=municipality, organisation=politie)
    client = signed_in(procesregisseur)
    client.get(LIST_URL)  # warm the session
    before = AccessLogEntry.objects.count()

    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST_URL).status_code == 200

    assert len(_log_inserts(queries.captured_queries)) == 1
    # One row per main person shown: the page shows 25 cases with one person each.
    assert AccessLogEntry.objects.count() - before == 25


def test_several_events_are_one_insert_with_the_same_rows(procesregisseur, region):
    case, other = CaseFactory(region=region), CaseFactory(region=region)
    persons = [add_person(case), add_person(case)]
    events = [
        Access(AccessAction.READ, case=case, persons=persons, obj=case, detail="lijst"),
        Access(AccessAction.SEARCH, purpose="Zoeken"),
        Access(AccessAction.READ, case=other, detail="x" * 600),
    ]
    for event in events:
        record_access(
            actor=procesregisseur,
            action=event.action,
            case=event.case,
            persons=event.persons,
            obj=event.obj,
            purpose=event.purpose,
            detail=event.detail,
        )
    one_by_one = _rows()
    last = AccessLogEntry.objects.order_by("pk").last()

    with CaptureQueriesContext(connection) as queries:
        record_accesses(actor=procesregisseur, accesses=events)

    assert len(_log_inserts(queries.captured_queries)) == 1
    assert _rows(after_pk=last.pk) == one_by_one
    assert len(one_by_one) == 4


def test_nothing_to_log_writes_nothing(procesregisseur):
    with CaptureQueriesContext(connection) as queries:
        record_accesses(actor=procesregisseur, accesses=[])
    assert queries.captured_queries == []


def test_more_rows_than_one_statement_holds_are_all_written_at_one_moment(
    procesregisseur, region, monkeypatch
):
    from schakel.access import log

    monkeypatch.setattr(log, "ROWS_PER_STATEMENT", 2)
    case = CaseFactory(region=region)
    persons = [add_person(case) for _ in range(5)]
    last = AccessLogEntry.objects.order_by("pk").last()
    after = last.pk if last else 0

    with CaptureQueriesContext(connection) as queries:
        record_accesses(actor=procesregisseur, accesses=[Access(AccessAction.READ, case, persons)])

    assert len(_log_inserts(queries.captured_queries)) == 3
    written = AccessLogEntry.objects.filter(pk__gt=after)
    assert sorted(written.values_list("person_ref", flat=True)) == sorted(p.pk for p in persons)
    assert len(set(written.values_list("at", flat=True))) == 1
