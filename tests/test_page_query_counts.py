"""Every page the benchmark drives asks the database a fixed number of times, whatever the
size of the region: the same count with 3 cases of everything as with 30 (no query per row,
no template that queries again), and no more than the bound written here.

Each page's own tests grow what that page shows (persons on a case, items on an agenda,
interventions in a plan); these grow the region around it: cases in every stage, requests,
actions, agenda items and persons, all visible to the user reading.
"""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case, CaseParticipant, CasePerson, ParticipationReason, PersonRole
from schakel.followup.models import Action
from schakel.inquiries.models import InformationRequest, LegalGround
from schakel.meetings.models import AgendaItem, AgendaSource
from schakel.persons.models import Person
from tests.factories import CaseFactory, PersonFactory, UserFactory, add_person
from tests.helpers import make_meeting, referral_post, sign_in
from tests.plans.helpers import general_data, plan_url

# Fixed bounds per page, each the count the page asks today: lower one when a page needs
# fewer, never raise one to make a test pass without knowing why the page asks more.
BOUNDS = {
    "worklist_procesregisseur": 20,
    "worklist_partner": 12,
    "case_list": 13,
    "case_list_partner": 11,
    "case_page": 21,
    "person_search": 9,
    "meeting_page": 14,
    "plan_page": 18,
    "requests_partner": 8,
    "requests_procesregisseur": 10,
    "melding": 27,
    "answer": 26,
    "plan_edit": 24,
    "access_log": 9,
}


@pytest.fixture
def region_world(region, municipality, table, politie, procesregisseur):
    """A function that adds `count` cases of every kind to the region, each visible to the
    procesregisseur of the table and to the police: a melding in intake (police melder,
    a request with time left) and a case at the table in uitvoering (police invited, an
    overdue request and action, on the agenda). Rows are made in bulk to keep this fast;
    the pages only read them."""
    meeting = make_meeting(table, days=1)
    positions = itertools.count(1)

    def grow(count: int) -> None:
        today = timezone.localdate()
        intake = [CaseFactory.build(region=region, municipality=municipality) for _ in range(count)]
        at_table = [
            CaseFactory.build(
                region=region,
                municipality=municipality,
                table=table,
                state=CaseState.IN_UITVOERING,
            )
            for _ in range(count)
        ]
        cases = Case.objects.bulk_create(intake + at_table)
        persons = Person.objects.bulk_create(
            [PersonFactory.build(region=region, last_name="Zoekbaar") for _ in cases]
        )
        CasePerson.objects.bulk_create(
            [
                CasePerson(case=case, person=person, role=PersonRole.HOOFDPERSOON)
                for case, person in zip(cases, persons, strict=True)
            ]
        )
        CaseParticipant.objects.bulk_create(
            [
                CaseParticipant(
                    case=case,
                    organisation=politie,
                    reason=ParticipationReason.MELDER
                    if case.table_id is None
                    else ParticipationReason.UITGENODIGD,
                )
                for case in cases
            ]
        )
        InformationRequest.objects.bulk_create(
            [
                InformationRequest(
                    case=case,
                    region_id=case.region_id,
                    organisation=politie,
                    question="Wat is bij u bekend?",
                    purpose="Beeldvorming",
                    legal_ground=LegalGround.WGS,
                    # The cases at the table have theirs overdue: the worklist chases them.
                    deadline=today + datetime.timedelta(days=3 if case.table_id is None else -2),
                    requested_by=procesregisseur,
                )
                for case in cases
            ]
        )
        Action.objects.bulk_create(
            [
                Action(
                    case=case,
                    description="Huisbezoek afleggen",
                    owner_organisation=politie,
                    due_on=today - datetime.timedelta(days=2),
                    created_by=procesregisseur,
                )
                for case in cases
                if case.table_id is not None
            ]
        )
        items = AgendaItem.objects.bulk_create(
            [
                AgendaItem(
                    meeting=meeting,
                    case=case,
                    position=next(positions),
                    source=AgendaSource.MANUAL,
                    purpose="Bespreken aanpak",
                )
                for case in cases
                if case.table_id is not None
            ]
        )
        AgendaItem.invited_organisations.through.objects.bulk_create(
            [
                AgendaItem.invited_organisations.through(agendaitem=item, organisation=politie)
                for item in items
            ]
        )

    grow.meeting = meeting
    return grow


def _count(client, method: str, url: str, data: dict | None = None) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    return len(queries.captured_queries), response.status_code


def _same_at_3_and_30(grow, read) -> int:
    """The page's query count with 3 and with 30 of everything; asserts they are equal."""
    grow(3)
    read()  # warm: a first request may write the session
    small = read()
    grow(27)
    large = read()
    assert large == small, f"{small} queries with 3 cases of everything, {large} with 30"
    return large


@pytest.mark.parametrize(
    ("user_fixture", "bound"),
    [
        ("procesregisseur", "worklist_procesregisseur"),
        ("partner_user", "worklist_partner"),
    ],
)
def test_worklist(region_world, signed_in, request, user_fixture, bound):
    client = signed_in(request.getfixturevalue(user_fixture))

    def read():
        queries, status = _count(client, "get", reverse("home:worklist"))
        assert status == 200
        return queries

    assert _same_at_3_and_30(region_world, read) <= BOUNDS[bound]


@pytest.mark.parametrize(
    ("user_fixture", "bound"),
    [("procesregisseur", "case_list"), ("partner_user", "case_list_partner")],
)
def test_case_list_first_and_deep_page(region_world, signed_in, request, user_fixture, bound):
    client = signed_in(request.getfixturevalue(user_fixture))
    url = reverse("cases:list")

    def read():
        queries, status = _count(client, "get", url)
        assert status == 200
        return queries

    first = _same_at_3_and_30(region_world, read)
    assert first <= BOUNDS[bound]
    # 60 cases: the third page is the last, and it asks no more than the first.
    deep, status = _count(client, "get", url, {"pagina": 3})
    assert status == 200
    assert deep == first


def test_case_page(region_world, case, procesregisseur, signed_in):
    add_person(case)
    client = signed_in(procesregisseur)
    url = reverse("cases:detail", args=[case.pk])

    def read():
        queries, status = _count(client, "get", url)
        assert status == 200
        return queries

    assert _same_at_3_and_30(region_world, read) <= BOUNDS["case_page"]


def test_person_search(region_world, procesregisseur, signed_in):
    client = signed_in(procesregisseur)

    def read():
        queries, status = _count(
            client, "post", reverse("persons:search"), {"last_name": "Zoekbaar"}
        )
        assert status == 200
        return queries

    assert _same_at_3_and_30(region_world, read) <= BOUNDS["person_search"]


def test_meeting_page(region_world, procesregisseur, signed_in):
    client = signed_in(procesregisseur)
    url = reverse("meetings:detail", args=[region_world.meeting.pk])

    def read():
        queries, status = _count(client, "get", url)
        assert status == 200
        return queries

    assert _same_at_3_and_30(region_world, read) <= BOUNDS["meeting_page"]


def test_plan_page(region_world, plan, procesregisseur, signed_in):
    client = signed_in(procesregisseur)

    def read():
        queries, status = _count(client, "get", plan_url(plan.case))
        assert status == 200
        return queries

    assert _same_at_3_and_30(region_world, read) <= BOUNDS["plan_page"]


@pytest.mark.parametrize(
    ("user_fixture", "bound"),
    [("procesregisseur", "requests_procesregisseur"), ("partner_user", "requests_partner")],
)
def test_information_requests(region_world, signed_in, request, user_fixture, bound):
    client = signed_in(request.getfixturevalue(user_fixture))

    def read():
        queries, status = _count(client, "get", reverse("inquiries:list"))
        assert status == 200
        return queries

    assert _same_at_3_and_30(region_world, read) <= BOUNDS[bound]


def test_melding_submission(region_world, partner_user, municipality, signed_in):
    client = signed_in(partner_user)

    def submit():
        queries, status = _count(
            client, "post", reverse("referrals:create"), referral_post(municipality)
        )
        assert status == 302
        return queries

    assert _same_at_3_and_30(region_world, submit) <= BOUNDS["melding"]


def test_answer_to_a_request(region_world, case, politie, partner_user, signed_in, ask):
    add_person(case)
    client = signed_in(partner_user)

    def answer():
        information_request = ask(case, politie)
        url = reverse("inquiries:detail", args=[information_request.pk])
        queries, status = _count(client, "post", url, {"answer": "Bekend bij de wijkagent."})
        assert status == 302
        return queries

    assert _same_at_3_and_30(region_world, answer) <= BOUNDS["answer"]


def test_plan_edit(region_world, plan, procesregisseur, signed_in):
    client = signed_in(procesregisseur)

    def edit():
        plan.refresh_from_db()
        data = general_data(plan, main_goal=f"Stabiel wonen, versie {plan.revision}")
        queries, status = _count(client, "post", plan_url(plan.case, "edit_general"), data)
        assert status == 302
        return queries

    assert _same_at_3_and_30(region_world, edit) <= BOUNDS["plan_edit"]


def test_access_log(region_world, procesregisseur, zvh, signed_in):
    officer = UserFactory(organisation=zvh, roles=[Role.PRIVACY_OFFICER])
    reader = sign_in(Client(), procesregisseur)

    def grow(count: int) -> None:
        region_world(count)
        # Reading the cases' persons is what fills the log the privacy officer reads.
        for case in Case.objects.order_by("-pk")[:count]:
            assert reader.get(reverse("cases:detail", args=[case.pk])).status_code == 200

    client = signed_in(officer)

    def read():
        queries, status = _count(client, "get", reverse("access:log"))
        assert status == 200
        return queries

    assert _same_at_3_and_30(grow, read) <= BOUNDS["access_log"]
