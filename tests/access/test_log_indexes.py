"""Every reader of the access log is served by an index on PostgreSQL: no query of the
log page (any filter), the inzage, the noodtoegang review, the unusual-access report or
retention reads a partition from end to end.

The planner is told to avoid sequential scans, as it would on millions of rows: a plan
that still holds one has no index to use."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from schakel.access.log import Access, record_accesses
from schakel.access.models import AccessLogEntry
from schakel.access.selectors import _region_reads, access_log_for_privacy_officer
from schakel.accounts.roles import Role
from schakel.retention.selectors import expired_log_entries
from tests.factories import CaseFactory, UserFactory, add_person

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans"),
]


@pytest.fixture
def filled_log(procesregisseur, region, zvh):
    case = CaseFactory(region=region)
    persons = [add_person(case) for _ in range(5)]
    colleague = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR])
    for actor, events in ((colleague, 400), (procesregisseur, 5)):
        record_accesses(
            actor=actor,
            accesses=[
                Access("read" if n % 10 else "search", case=case, persons=persons, detail=str(n))
                for n in range(events)
            ],
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE access_accesslogentry")
    return case, persons


def _plan(queryset) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


def _reads_the_log_by_index(plan: str) -> bool:
    return "Seq Scan on access_accesslogentry" not in plan


@pytest.mark.parametrize(
    ("filters", "served_by"),
    [
        # Newest first: the at index read backwards, the organisations checked on the way.
        ({}, "Index Scan Backward using access_accesslogentry_p"),
        ({"case_ref": 1}, "Index Cond: (case_ref = "),
        ({"person_ref": 1}, "Index Cond: (person_ref = "),
        ({"username": "the procesregisseur"}, "Index Cond: (user_id = "),
        ({"action": "break_glass"}, "Index Cond: ((action)::text = "),
        (
            {"date_from": datetime.date(2026, 1, 1), "date_to": datetime.date(2026, 1, 31)},
            "Index Cond: ((at >= ",
        ),
        ({"action": "export", "date_from": datetime.date(2026, 1, 1)}, "(action)::text = "),
    ],
)
def test_the_log_page_and_its_filters(filled_log, zvh, procesregisseur, filters, served_by):
    officer = UserFactory(organisation=zvh, roles=[Role.PRIVACY_OFFICER])
    if "username" in filters:
        filters = {"username": procesregisseur.username}
    entries = access_log_for_privacy_officer(user=officer, **filters)

    for query in (entries[:50], entries[:1001].values("pk")):
        plan = _plan(query)
        assert _reads_the_log_by_index(plan), plan
        assert served_by in plan, plan


def test_the_other_readers(filled_log, region, procesregisseur):
    case, persons = filled_log
    today = timezone.localdate()
    readers = [
        # The inzage and the rights request's overview: one person's rows.
        (
            AccessLogEntry.objects.filter(person_ref__in=[persons[0].pk]).order_by("at", "pk"),
            ["Index Cond: (person_ref = "],
        ),
        # The noodtoegang review: one user, one case, a period.
        (
            AccessLogEntry.objects.filter(
                user=procesregisseur,
                case_ref=case.pk,
                at__gte=timezone.now() - datetime.timedelta(days=1),
            ),
            ["Index Cond: ((user_id = ", "Index Cond: ((case_ref = "],
        ),
        # The unusual-access report: the region's reads in a period.
        (
            _region_reads(region.pk, today - datetime.timedelta(days=30), today),
            ["Index Cond: (((action)::text = ", "Index Cond: ((at >= "],
        ),
        # Retention: the region's rows older than its period.
        (
            expired_log_entries(region=region, written_before=timezone.now()),
            ["Index Cond: (at < "],
        ),
    ]
    for reader, served_by in readers:
        plan = _plan(reader)
        assert _reads_the_log_by_index(plan), plan
        assert any(condition in plan for condition in served_by), plan
