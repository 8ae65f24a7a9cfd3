"""Volhouden on the worklist: overdue actions, escalations, evaluations, meetings."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.cases.lifecycle import CaseState
from schakel.followup.models import Escalation, EscalationLevel
from schakel.home.selectors import worklist_for
from schakel.meetings.models import AgendaItem, AgendaSource, Meeting
from schakel.plans.models import Plan
from tests.factories import CaseFactory, add_participant, add_person

TODAY = timezone.localdate


def test_overdue_action_shows_for_owner_and_procesregisseur_only(
    signed_in, procesregisseur, partner_user, ggz_user, outsider, table_case, action_factory
):
    action = action_factory(
        table_case, partner_user.organisation, description="Huisbezoek wijkagent"
    )
    owner_page = signed_in(partner_user).get(reverse("home:worklist")).content.decode()
    assert "Open acties van uw organisatie" in owner_page
    assert action.description in owner_page and "Te laat" in owner_page
    director_page = signed_in(procesregisseur).get(reverse("home:worklist")).content.decode()
    assert "Acties over datum" in director_page and action.description in director_page
    for stranger in (ggz_user, outsider):
        body = signed_in(stranger).get(reverse("home:worklist")).content.decode()
        assert action.description not in body


def test_the_procesregisseur_chases_only_the_actions_of_running_cases(
    procesregisseur, partner_user, table_case, action_factory
):
    running = action_factory(table_case, partner_user.organisation)
    assert worklist_for(user=procesregisseur).overdue_actions == [running]
    # Closing lets open actions lapse; one left open from before that is not chased.
    table_case.state = CaseState.AFGESLOTEN
    table_case.save(update_fields=["state"])
    worklist = worklist_for(user=procesregisseur)
    assert worklist.overdue_actions == [] and worklist.overdue_actions_count == 0


def test_partner_sees_overdue_actions_first(partner_user, table_case, action_factory):
    later = action_factory(
        table_case, partner_user.organisation, due_on=TODAY() + datetime.timedelta(days=5)
    )
    late = action_factory(table_case, partner_user.organisation)
    worklist = worklist_for(user=partner_user)
    assert worklist.my_actions == [late, later]
    assert worklist.overdue_actions == []


def test_procesregisseur_sees_escalations_evaluations_and_meetings(
    procesregisseur, partner_user, table_case, table
):
    Escalation.objects.create(
        case=table_case,
        level=EscalationLevel.TACTISCH,
        question="Mandaat",
        addressee="Tactisch overleg",
        raised_on=TODAY(),
        raised_by=procesregisseur,
    )
    Plan.objects.create(case=table_case, next_evaluation_on=TODAY() + datetime.timedelta(days=7))
    start = timezone.now() + datetime.timedelta(days=2)
    soon = Meeting.objects.create(table=table, starts_at=start, ends_at=start)
    far = Meeting.objects.create(
        table=table,
        starts_at=start + datetime.timedelta(days=30),
        ends_at=start + datetime.timedelta(days=30),
    )
    worklist = worklist_for(user=procesregisseur)
    assert [e.case for e in worklist.running_escalations] == [table_case]
    assert [p.case for p in worklist.evaluations_due] == [table_case]
    assert soon in worklist.upcoming_meetings and far not in worklist.upcoming_meetings
    # The partner is not invited to any item: no meetings, no escalations.
    partner_list = worklist_for(user=partner_user)
    assert partner_list.upcoming_meetings == [] and partner_list.running_escalations == []
    AgendaItem.objects.create(
        meeting=soon, case=table_case, source=AgendaSource.TRIAGE, purpose="Bespreken"
    ).invited_organisations.add(partner_user.organisation)
    assert worklist_for(user=partner_user).upcoming_meetings == [soon]


def test_closed_case_has_no_evaluation_due(procesregisseur, table_case):
    Plan.objects.create(case=table_case, next_evaluation_on=TODAY())
    table_case.state = CaseState.AFGESLOTEN
    table_case.save()
    assert worklist_for(user=procesregisseur).evaluations_due == []


def _fill(n, *, region, municipality, table, procesregisseur, partner_user, action_factory):
    for _ in range(n):
        case = CaseFactory(
            region=region, municipality=municipality, table=table, state=CaseState.IN_UITVOERING
        )
        add_person(case)
        add_participant(case, partner_user.organisation, "uitgenodigd")
        action_factory(case, partner_user.organisation)
        Escalation.objects.create(
            case=case,
            level=EscalationLevel.TACTISCH,
            question="Mandaat",
            addressee="Tactisch overleg",
            raised_on=TODAY(),
            raised_by=procesregisseur,
        )
        Plan.objects.create(case=case, next_evaluation_on=TODAY())
        start = timezone.now() + datetime.timedelta(days=1)
        meeting = Meeting.objects.create(table=table, starts_at=start, ends_at=start)
        AgendaItem.objects.create(
            meeting=meeting, case=case, source=AgendaSource.TRIAGE, purpose="Bespreken"
        ).invited_organisations.add(partner_user.organisation)


@pytest.mark.parametrize("who", ["procesregisseur", "partner_user"])
def test_worklist_query_count_same_for_2_and_10_rows(
    who,
    request,
    signed_in,
    django_assert_max_num_queries,
    procesregisseur,
    partner_user,
    region,
    municipality,
    table,
    action_factory,
):
    arguments = {
        "region": region,
        "municipality": municipality,
        "table": table,
        "procesregisseur": procesregisseur,
        "partner_user": partner_user,
        "action_factory": action_factory,
    }
    client = signed_in(request.getfixturevalue(who))
    _fill(2, **arguments)
    with django_assert_max_num_queries(30) as small:
        response = client.get(reverse("home:worklist"))
    assert response.status_code == 200
    _fill(8, **arguments)
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = client.get(reverse("home:worklist")).content.decode()
    assert "Te laat" in body
