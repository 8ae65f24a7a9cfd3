"""The background worker's heartbeat and the recovery of jobs whose worker died
(schakel.core.worker). The same with real worker processes: tests/faults/."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from schakel.core.models import WorkerHeartbeat
from schakel.core.worker import MAX_ATTEMPTS, lease, recover_stale_jobs

pytestmark = pytest.mark.django_db

TASK = "schakel.notifications.tasks.send_direct_emails"


def running_job(*worker_ids: str) -> DBTaskResult:
    """A job as django-tasks leaves it once a worker claimed it."""
    return DBTaskResult.objects.create(
        status="RUNNING",
        started_at=timezone.now(),
        worker_ids=list(worker_ids),
        args_kwargs={"args": [], "kwargs": {}},
        task_path=TASK,
        backend_name="default",
        run_after=get_date_max(),
    )


def heartbeat(worker_id: str, *, ago: datetime.timedelta = datetime.timedelta(0)) -> None:
    at = timezone.now() - ago
    WorkerHeartbeat.objects.create(worker_id=worker_id, started_at=at, beat_at=at)


def status(job: DBTaskResult) -> str:
    return DBTaskResult.objects.get(pk=job.pk).status


def test_job_of_a_dead_worker_goes_back_to_the_queue():
    heartbeat("levend")
    heartbeat("gestopt", ago=lease() * 2)
    of_live = running_job("levend")
    of_dead = running_job("gestopt")
    of_unknown = running_job("nooit-gezien")  # killed before its first beat was stored

    assert recover_stale_jobs() == 2

    assert status(of_live) == "RUNNING"
    assert status(of_dead) == "READY"
    assert status(of_unknown) == "READY"
    # A second recovery finds nothing more: it is safe to run in every worker.
    assert recover_stale_jobs() == 0


def test_judged_on_the_worker_that_runs_it_now():
    """A job a dead worker left and a live one took up again is the live one's."""
    heartbeat("levend")
    job = running_job("gestopt", "levend")
    assert recover_stale_jobs() == 0
    assert status(job) == "RUNNING"


def test_job_that_took_down_too_many_workers_is_given_up():
    job = running_job(*[f"werker-{n}" for n in range(MAX_ATTEMPTS)])
    assert recover_stale_jobs() == 1
    failed = DBTaskResult.objects.get(pk=job.pk)
    assert failed.status == "FAILED"
    assert failed.exception_class_path == "schakel.core.worker.WorkerLost"
    assert f"started {MAX_ATTEMPTS} times" in failed.traceback


def test_worker_that_lost_the_database_puts_back_only_its_own_job():
    heartbeat("deze")
    heartbeat("andere")
    own = running_job("deze")
    other = running_job("andere")
    assert recover_stale_jobs(owned_by="deze") == 1
    assert (status(own), status(other)) == ("READY", "RUNNING")


# The worker checks its connection between jobs and drops one inside a transaction, as a
# test transaction would be: in autocommit, like the real worker.
@pytest.mark.django_db(transaction=True)
def test_recovered_job_runs_again_and_the_worker_leaves_no_heartbeat():
    job = running_job("gestopt")
    recover_stale_jobs()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    done = DBTaskResult.objects.get(pk=job.pk)
    assert done.status == "SUCCESSFUL"
    assert len(done.worker_ids) == 2  # the dead worker, then the one that finished it
    assert not WorkerHeartbeat.objects.exists()
