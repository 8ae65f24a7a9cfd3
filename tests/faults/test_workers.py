"""Two real `manage.py db_worker` processes on one PostgreSQL: every job runs exactly once,
every reminder and its e-mail goes out once; and a worker killed mid-job (kill -9) has its
job taken up by another worker, which completes it once."""

from collections import Counter
from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from schakel.accounts.roles import Role
from schakel.followup.models import Action
from schakel.followup.tasks import send_action_reminders
from schakel.notifications.models import Notification, OutboundEmail, OutboundStatus
from tests.factories import UserFactory
from tests.faults import processes
from tests.faults.tasks import count_run, wait_for_release
from tests.helpers import make_action

# Committed rows: the worker processes read what the test wrote.
pytestmark = pytest.mark.django_db(transaction=True)

LEASE = 5.0  # seconds; short, so a killed worker's job is taken up within the test


@pytest.fixture
def workdir(tmp_path: Path):
    (tmp_path / "mail").mkdir()
    return tmp_path


def finished() -> bool:
    return not DBTaskResult.objects.exclude(status__in=["SUCCESSFUL", "FAILED"]).exists()


def test_two_workers_run_every_job_exactly_once(
    workdir, table_case, procesregisseur, partner_user, politie
):
    owners = [UserFactory(organisation=politie, roles=[Role.KETENPARTNER]) for _ in range(5)]
    actions = [
        make_action(table_case, politie, procesregisseur, owner_user=owners[n % len(owners)])
        for n in range(30)
    ]
    record = workdir / "runs.txt"
    keys = [f"taak-{n}" for n in range(150)]
    for n, key in enumerate(keys):
        count_run.enqueue(str(record), key)
        if n % 15 == 0:  # the reminder run, queued again and again as by cron and retries
            send_action_reminders.enqueue()

    env = processes.process_env(processes.shared_database_url(), workdir / "mail", LEASE)
    workers = [processes.start_worker(env, f"werker-{n}", workdir) for n in (1, 2)]
    try:
        processes.wait_until(finished, timeout=60, what="every job finished")
    finally:
        for worker in workers:
            processes.stop(worker)

    jobs = list(DBTaskResult.objects.all())
    assert {job.status for job in jobs} == {"SUCCESSFUL"}
    # Each job was claimed by one worker, once; and both workers did work.
    assert all(len(job.worker_ids) == 1 for job in jobs)
    assert {job.worker_ids[0] for job in jobs} == {"werker-1", "werker-2"}
    assert Counter(record.read_text().split()) == Counter(keys)

    # Every action reminded once: one message per recipient, one e-mail per message.
    assert not Action.objects.filter(pk__in=[a.pk for a in actions], reminded_at=None).exists()
    messages = Notification.objects.filter(topic__endswith="-te-laat")
    for action in actions:  # the owner and procesregie, each once (a unique topic per user)
        assert messages.filter(topic=f"actie-{action.pk}-te-laat").count() == 2
    outbox = OutboundEmail.objects.all()
    assert outbox.count() == messages.count()
    assert {(row.status, row.attempts) for row in outbox} == {(OutboundStatus.SENT, 1)}
    sent = processes.sent_emails(workdir / "mail")
    assert len(sent) == outbox.count()
    assert len({message["Message-ID"] for message in sent}) == len(sent)


def test_job_of_a_killed_worker_is_completed_once_by_another(workdir):
    record, started, release = (workdir / name for name in ("runs.txt", "started", "release"))
    job = wait_for_release.enqueue(str(record), "lange-taak", str(started), str(release))
    env = processes.process_env(processes.shared_database_url(), workdir / "mail", LEASE)

    first = processes.start_worker(env, "werker-1", workdir)
    try:
        processes.wait_until(started.exists, timeout=30, what="the job started")
        processes.kill_hard(first)  # kill -9 mid-job
    finally:
        processes.stop(first)
    assert DBTaskResult.objects.get(pk=job.id).status == "RUNNING"  # left behind

    release.touch()
    second = processes.start_worker(env, "werker-2", workdir)
    try:
        processes.wait_until(finished, timeout=30, what="the job finished")
    finally:
        processes.stop(second)

    done = DBTaskResult.objects.get(pk=job.id)
    assert done.status == "SUCCESSFUL"
    assert done.worker_ids == ["werker-1", "werker-2"]
    assert record.read_text().split() == ["lange-taak"]  # completed once
