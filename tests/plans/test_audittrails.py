"""What the access log holds after plan reads and writes."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from schakel.access.models import AccessLogEntry
from schakel.meetings.models import Meeting
from schakel.plans.models import Plan, PlanVersion
from tests.plans.helpers import AMSTERDAM, plan_url, plan_writes


def test_reading_the_plan_page_writes_nothing_but_the_access_log(
    complete_plan, procesregisseur, signed_in
):
    client = signed_in(procesregisseur)
    counts = (Plan.objects.count(), PlanVersion.objects.count())
    with CaptureQueriesContext(connection) as captured:
        response = client.get(plan_url(complete_plan.case))
    assert response.status_code == 200
    assert plan_writes(captured.captured_queries) == []
    assert (Plan.objects.count(), PlanVersion.objects.count()) == counts


def test_agenda_log_detail_gives_amsterdam_time(table, plan_case, procesregisseur):
    from schakel.meetings import services as meetings

    start = datetime.datetime(2030, 3, 4, 9, 0, tzinfo=AMSTERDAM)
    meeting = Meeting.objects.create(
        table=table, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    meeting.refresh_from_db()
    meetings.add_case_to_agenda(meeting=meeting, actor=procesregisseur, case=plan_case, purpose="X")
    detail = AccessLogEntry.objects.filter(case=plan_case).order_by("pk").last().detail
    assert "04-03-2030 09:00" in detail
