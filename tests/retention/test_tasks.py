"""The retention task, run by the real database worker (`manage.py db_worker`)."""

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from schakel.cases.models import Case
from schakel.retention.models import RetentionRun, RunTrigger
from schakel.retention.tasks import apply_retention_periods

# The worker drops a connection that is inside a transaction, as a test transaction would
# be: run in autocommit, like the real worker.
pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_the_worker_removes_expired_cases_and_records_the_run(expired_case, recent_case, region):
    apply_retention_periods.enqueue()
    run_worker()

    result = DBTaskResult.objects.get(task_path="schakel.retention.tasks.apply_retention_periods")
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"zhz": 1}
    assert not Case.objects.filter(pk=expired_case.pk).exists()
    assert Case.objects.filter(pk=recent_case.pk).exists()
    run = RetentionRun.objects.get()
    assert run.started_via == RunTrigger.TASK and run.started_by is None
    assert run.case_references == [expired_case.reference]


def test_the_worker_can_be_limited_to_one_region(expired_case, region, other_region):
    apply_retention_periods.enqueue(region_code=other_region.code)
    run_worker()
    assert Case.objects.filter(pk=expired_case.pk).exists()
    assert list(RetentionRun.objects.values_list("region__code", flat=True)) == ["hgl"]
