"""What the access log holds after follow-up writes."""

import datetime

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.followup.models import (
    ActionStatus,
)
from tests.followup.helpers import TODAY, create


def test_create_action_logs_and_schedules_the_reminder(
    procesregisseur, table_case, politie, partner_user
):
    due = TODAY() + datetime.timedelta(days=5)
    action = create(
        procesregisseur, table_case, owner_organisation=politie, owner_user=partner_user, due_on=due
    )
    assert action.status == ActionStatus.OPEN and action.owner_user == partner_user
    assert AccessLogEntry.objects.filter(
        case=table_case, action=AccessAction.CREATE, object_type="Action"
    ).exists()
    task = DBTaskResult.objects.get(task_path="schakel.followup.tasks.send_action_reminders")
    expected = timezone.make_aware(
        datetime.datetime.combine(due + datetime.timedelta(days=1), datetime.time(8))
    )
    assert task.run_after == expected
