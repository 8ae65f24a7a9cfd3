"""On PostgreSQL every list the benchmark drives reads cases, involvements and the access
log through an index that serves its filter and its order: no sequential scan of those
tables, whose size grows with the region (a million cases, ten million log rows).

The rows are made in bulk (a few thousand) and ANALYZEd so the planner chooses as it would
on a full database; the planner settings are left as they are.
"""

from __future__ import annotations

import datetime
import json
import random
from collections.abc import Iterator

import pytest
from django.db import connection
from django.utils import timezone

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.access.policy import (
    visible_actions,
    visible_cases,
    visible_information_requests,
    visible_persons,
)
from schakel.cases.lifecycle import INTAKE_STATES, OPEN_STATES, CaseState
from schakel.cases.models import Case, CaseParticipant, CasePerson, ParticipationReason, PersonRole
from schakel.cases.selectors import case_list
from schakel.core.paging import COUNT_CAP, with_capped_count
from schakel.followup.models import ActionStatus, Escalation, EscalationStatus
from schakel.inquiries.models import InformationRequest, LegalGround, RequestStatus
from schakel.inquiries.selectors import request_list
from schakel.persons.matching import KEY_SEPARATOR, last_name_key, name_key
from schakel.persons.models import Person
from schakel.persons.selectors import search_persons
from schakel.plans.models import Plan
from tests.factories import OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db

WATCHED = {"cases_case", "cases_caseparticipant", "access_accesslogentry", "persons_person"}
CASES = 10000
PAGE = 25


@pytest.fixture
def national_sample(region, municipality, table, politie, procesregisseur, partner_user):
    """One region of a national installation: ten regions share the tables, as thirty will.
    The user's region has its share of the cases in every state, a quarter of them at the
    procesregisseur's table, the police involved in about a third of them (the biggest
    partner); other organisations in the rest. A request and a person for each case, and a
    thousand access-log rows."""
    if connection.vendor != "postgresql":
        pytest.skip("Query plans are PostgreSQL's; SQLite has no planner statistics to test.")
    rng = random.Random(13)
    regions = [region] + [RegionFactory(code=f"R{number}") for number in range(9)]
    others = {each.pk: [OrganisationFactory(region=each) for _ in range(4)] for each in regions}
    states = list(CaseState)
    now = timezone.now()
    cases = []
    for number in range(CASES):
        state = rng.choice(states)
        own = number % len(regions) == 0
        at_table = own and state not in INTAKE_STATES and rng.random() < 0.25
        cases.append(
            Case(
                region=region if own else rng.choice(regions[1:]),
                municipality=municipality,
                title=f"Casus {number}",
                state=state,
                table=table if at_table else None,
            )
        )
    cases = Case.objects.bulk_create(cases)
    # One minute apart, oldest first (auto_now_add gave all of them the same moment).
    start = now - datetime.timedelta(minutes=2 * CASES)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_case SET created_at = %s + id * interval '1 minute',"
            " state_changed_at = %s + id * interval '1 minute'",
            [start, start],
        )
    syllables = ["bak", "ker", "jan", "sen", "de", "vries", "mul", "der", "bos", "ma", "lin", "ga"]
    persons = Person.objects.bulk_create(
        Person(
            region=region,
            first_names="Fictief",
            last_name=(last := "".join(rng.choice(syllables) for _ in range(3)).title()),
            birth_date=datetime.date(1990, 1, 1),
            name_key=name_key("Fictief", "", last),
        )
        for _ in range(CASES)
    )
    CasePerson.objects.bulk_create(
        CasePerson(case=case, person=person, role=PersonRole.HOOFDPERSOON)
        for case, person in zip(cases, persons, strict=True)
    )
    involvements = []
    for case in cases:
        organisations = rng.sample(others[case.region_id], 2)
        if case.region_id == region.pk and rng.random() < 0.3:
            organisations.append(politie)
        involvements += [
            CaseParticipant(case=case, organisation=organisation, reason=reason)
            for organisation, reason in zip(
                organisations,
                [ParticipationReason.MELDER]
                + [ParticipationReason.UITGENODIGD] * (len(organisations) - 1),
                strict=True,
            )
        ]
    CaseParticipant.objects.bulk_create(involvements)
    today = timezone.localdate()
    InformationRequest.objects.bulk_create(
        InformationRequest(
            case=case,
            region_id=case.region_id,
            organisation=politie
            if case.region_id == region.pk and rng.random() < 0.3
            else rng.choice(others[case.region_id]),
            question="Wat is bij u bekend?",
            purpose="Beeldvorming",
            legal_ground=LegalGround.WGS,
            deadline=today + datetime.timedelta(days=rng.randint(-60, 20)),
            status=RequestStatus.OPEN if rng.random() < 0.1 else RequestStatus.BEANTWOORD,
            requested_by=procesregisseur,
        )
        for case in cases
    )
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            user=partner_user,
            organisation=politie,
            action=AccessAction.READ,
            case=case,
            case_ref=case.pk,
            purpose="Casuspagina",
        )
        for case in cases[:1000]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _nodes(plan: dict) -> Iterator[dict]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _indexes_used(queryset) -> set[str]:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        explained = cursor.fetchone()[0]
    plan = (json.loads(explained) if isinstance(explained, str) else explained)[0]["Plan"]
    return {node["Index Name"] for node in _nodes(plan) if "Index Name" in node}


def _sequential_scans(queryset) -> list[str]:
    """The watched tables the query reads by a sequential scan, with the plan to read."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        explained = cursor.fetchone()[0]
        scanned = [
            node["Relation Name"]
            for node in _nodes(
                (json.loads(explained) if isinstance(explained, str) else explained)[0]["Plan"]
            )
            if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in WATCHED
        ]
        if not scanned:
            return []
        cursor.execute(f"EXPLAIN {sql}", params)
        return [*scanned, "\n".join(row[0] for row in cursor.fetchall())]


def _lists(procesregisseur, partner_user) -> dict[str, object]:
    """The queries of the benchmark's lists, as the pages build them."""
    today = timezone.localdate()
    lists: dict[str, object] = {}
    for who, user in (("procesregisseur", procesregisseur), ("partner", partner_user)):
        cases = case_list(user=user)
        lists[f"case list, first page ({who})"] = cases[:PAGE]
        lists[f"case list, deep page ({who})"] = cases[30 * PAGE : 31 * PAGE]
        lists[f"worklist, recent cases ({who})"] = visible_cases(user).order_by(
            "-state_changed_at"
        )[:15]
        lists[f"information requests ({who})"] = request_list(user=user)[:PAGE]
    # The capped counts, unordered as capped_count asks them.
    lists["case list, capped count (procesregisseur)"] = (
        case_list(user=procesregisseur).order_by().values("pk")[: COUNT_CAP + 1]
    )
    lists["case list, capped count (partner)"] = (
        case_list(user=partner_user).order_by().values("pk")[: COUNT_CAP + 1]
    )
    lists["information requests, capped count (partner)"] = (
        request_list(user=partner_user).order_by().values("pk")[: COUNT_CAP + 1]
    )
    # The worklist's sections as home.selectors asks them: the first rows with the capped
    # count riding along (with_capped_count), the cases of the directed tables by their ids.
    directed = list(procesregisseur.directed_tables.values_list("pk", flat=True))
    directed_cases = visible_cases(procesregisseur).filter(table_id__in=directed).values("pk")
    sections = {
        "intake (procesregisseur)": visible_cases(procesregisseur)
        .filter(state__in=INTAKE_STATES)
        .order_by("created_at"),
        "overdue requests (procesregisseur)": visible_information_requests(procesregisseur)
        .filter(status=RequestStatus.OPEN, deadline__lt=today)
        .exclude(organisation_id=procesregisseur.organisation_id)
        .order_by("deadline"),
        "requests to answer (partner)": visible_information_requests(partner_user)
        .filter(status=RequestStatus.OPEN, organisation_id=partner_user.organisation_id)
        .order_by("deadline"),
        "overdue actions (procesregisseur)": visible_actions(procesregisseur)
        .filter(
            case__table_id__in=directed,
            case__state__in=OPEN_STATES,
            status=ActionStatus.OPEN,
            due_on__lt=today,
        )
        .order_by("-due_on", "-pk"),
        "running escalations (procesregisseur)": Escalation.objects.filter(
            case_id__in=directed_cases, status=EscalationStatus.LOPEND
        ).order_by("raised_on", "pk"),
        "evaluations (procesregisseur)": Plan.objects.filter(
            case_id__in=directed_cases.filter(state__in=OPEN_STATES),
            next_evaluation_on__lte=today + datetime.timedelta(days=14),
        ).order_by("next_evaluation_on", "pk"),
        "open actions of the organisation (partner)": visible_actions(partner_user)
        .filter(owner_organisation_id=partner_user.organisation_id, status=ActionStatus.OPEN)
        .order_by("due_on", "pk"),
    }
    for name, queryset in sections.items():
        lists[f"worklist, {name}"] = with_capped_count(queryset)[:15]
    return lists


def test_no_list_scans_the_cases_involvements_or_log(
    national_sample, procesregisseur, partner_user
):
    lists = _lists(procesregisseur, partner_user)
    # The person search, as search_persons builds it for a last name.
    person = Person.objects.filter(
        case_links__case__region=procesregisseur.region_id, case_links__case__table__isnull=True
    ).first()
    assert person in search_persons(user=procesregisseur, last_name=person.last_name).persons
    wanted = f"{last_name_key('', person.last_name)}{KEY_SEPARATOR}"
    for who, user in (("procesregisseur", procesregisseur), ("partner", partner_user)):
        lists[f"person search ({who})"] = (
            visible_persons(user)
            .filter(name_key__startswith=wanted)
            .order_by("last_name", "first_names", "pk")[:26]
        )

    scans = {
        name: tables for name, queryset in lists.items() if (tables := _sequential_scans(queryset))
    }

    assert scans == {}
    # The name search reads the region's share of the name index, not every region's
    # namesakes (thirty regions share the persons table).
    for who in ("procesregisseur", "partner"):
        assert "person_region_name" in _indexes_used(lists[f"person search ({who})"]), who
    # The overdue requests start from the region's open ones, not the country's.
    overdue = lists["worklist, overdue requests (procesregisseur)"]
    assert "inforeq_region_open" in _indexes_used(overdue)
