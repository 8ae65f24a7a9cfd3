"""A plan is agreed in a meeting that has begun, and its texts give Amsterdam time."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from schakel.cases.lifecycle import CaseState
from schakel.cases.models import CaseTransition
from schakel.meetings.models import AgendaItem, AgendaSource, Meeting, MeetingStatus
from schakel.plans import services
from schakel.plans.models import PlanVersion
from tests.plans.helpers import AMSTERDAM


def meeting_with_case(table, case, starts_at):
    meeting = Meeting.objects.create(
        table=table, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=3)
    )
    AgendaItem.objects.create(
        meeting=meeting, case=case, source=AgendaSource.TRIAGE, purpose="Plan vaststellen"
    )
    return meeting


def agree(plan, by, meeting):
    return services.agree_plan(
        plan=plan, actor=by, meeting=meeting, expected_revision=type(plan).objects.get().revision
    )


@pytest.fixture
def upcoming(table, plan_case):
    return meeting_with_case(table, plan_case, timezone.now() + datetime.timedelta(days=2))


def test_plan_cannot_be_agreed_in_a_meeting_still_to_come(complete_plan, procesregisseur, upcoming):
    with pytest.raises(ValidationError) as error:
        agree(complete_plan, procesregisseur, upcoming)
    assert "nog niet begonnen" in " ".join(error.value.messages)
    assert not PlanVersion.objects.exists()
    complete_plan.case.refresh_from_db()
    assert complete_plan.case.state == CaseState.GEAGENDEERD


def test_plan_cannot_be_agreed_in_a_cancelled_meeting(complete_plan, procesregisseur, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        agree(complete_plan, procesregisseur, meeting)
    assert "geannuleerd" in " ".join(error.value.messages)
    assert not PlanVersion.objects.exists()


def test_agree_page_offers_only_begun_meetings_and_explains(
    complete_plan, procesregisseur, meeting, upcoming, signed_in
):
    client = signed_in(procesregisseur)
    url = reverse("plans:agree", args=[complete_plan.case.pk])
    page = client.get(url).content.decode()
    assert f'<option value="{meeting.pk}"' in page
    assert f'<option value="{upcoming.pk}"' not in page
    assert "nog niet begonnen" in page
    response = client.post(
        url, {"revision": complete_plan.revision, "meeting": upcoming.pk, "confirm": "on"}
    )
    assert response.status_code == 200
    assert "Het overleg is nog niet begonnen" in response.content.decode()
    assert not PlanVersion.objects.exists()


@pytest.mark.parametrize(
    ("local_start", "shown"),
    [
        # Winter time: UTC+1.
        (datetime.datetime(2026, 1, 15, 9, 30, tzinfo=AMSTERDAM), "15-01-2026 09:30"),
        # Summer time: UTC+2.
        (datetime.datetime(2026, 7, 15, 9, 30, tzinfo=AMSTERDAM), "15-07-2026 09:30"),
    ],
)
def test_texts_built_in_python_give_amsterdam_time(
    complete_plan, procesregisseur, table, plan_case, signed_in, local_start, shown
):
    # Stored as UTC, as the database hands it back.
    meeting = meeting_with_case(table, plan_case, local_start.astimezone(datetime.UTC))
    meeting = Meeting.objects.select_related("table").get(pk=meeting.pk)
    assert str(meeting).endswith(shown)
    agree(complete_plan, procesregisseur, meeting)
    reason = CaseTransition.objects.filter(case=plan_case).last().reason
    assert shown in reason
    assert f"{local_start.astimezone(datetime.UTC):%H:%M}" not in reason
    versions = signed_in(procesregisseur).get(reverse("plans:versions", args=[plan_case.pk]))
    assert shown in versions.content.decode()
