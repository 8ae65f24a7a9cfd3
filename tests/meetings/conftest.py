"""Helpers for the casusoverleg tests: cases on a table, triage decisions, meetings."""

import datetime

import pytest
from django.utils import timezone

from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case
from schakel.meetings.models import AgendaItem, AgendaSource, Meeting
from schakel.triage.models import TriageDecision, TriageOutcome
from tests.factories import CaseFactory, add_person


def make_meeting(table, *, days=7, hours=0, **fields):
    starts_at = timezone.now() + datetime.timedelta(days=days, hours=hours)
    return Meeting.objects.create(
        table=table,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        location=fields.pop("location", "ZVH, Dordrecht"),
        **fields,
    )


def make_table_case(table, municipality, *, title="Casus aan tafel", state=CaseState.GEAGENDEERD):
    case = CaseFactory(region=table.region, municipality=municipality, title=title, table=table)
    Case.objects.filter(pk=case.pk).update(state=state)
    case.state = state
    add_person(case)
    return case


def decide_agenderen(case, table, by, *, purpose="Gezamenlijk plan", required=()):
    decision = TriageDecision.objects.create(
        case=case,
        meets_multiple_domains=True,
        needs_multiple_chains=True,
        impacts_system=True,
        complexity="hoog",
        risk="hoog",
        unrest="midden",
        outcome=TriageOutcome.AGENDEREN,
        reason="Meerdere ketens nodig",
        table=table,
        purpose=purpose,
        questions="Wie neemt de regie?",
        decided_by=by,
    )
    decision.required_partners.set(required)
    return decision


def put_on_agenda(meeting, case, *, invited=(), position=1, purpose="Bespreken aanpak"):
    item = AgendaItem.objects.create(
        meeting=meeting,
        case=case,
        position=position,
        source=AgendaSource.MANUAL,
        purpose=purpose,
        questions="Welke hulp is er?",
    )
    item.invited_organisations.set(invited)
    return item


@pytest.fixture
def meeting(table):
    return make_meeting(table)
