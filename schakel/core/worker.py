"""The background worker (`manage.py db_worker`): django-tasks' database worker, made safe to
run several at once and to lose one.

django-tasks hands each job to one worker: the job row is claimed with SELECT ... FOR
UPDATE SKIP LOCKED and marked RUNNING in one transaction, so two workers never take the
same job. What it does not do is notice a worker that died: a worker killed mid-job
(kill -9, a lost machine) leaves its job RUNNING for ever. Schakel's worker adds:

- a heartbeat: each worker has a WorkerHeartbeat row that a thread of its own renews
  every quarter of the lease (SCHAKEL_WORKER_LEASE_SECONDS);
- recovery: the same thread puts each RUNNING job whose worker's heartbeat is older than
  the lease back in the queue (READY), and any worker takes it up again. A job that
  already cost MAX_ATTEMPTS workers is marked failed instead, so one job that kills its
  worker cannot take every worker down in turn;
- a worker that loses the database (a restart of PostgreSQL) waits for it to come back
  instead of exiting, and puts back the job it was running when the connection broke.

A job can therefore run twice (when its worker died after doing part or all of the work,
or when a worker stayed cut off from the database longer than the lease while its job
went on), so every task in Schakel is idempotent: each says in its docstring why.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    transaction,
)
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from schakel.core.models import WorkerHeartbeat

logger = logging.getLogger("schakel.worker")

# How many workers a job may take down before it is given up as failed.
MAX_ATTEMPTS = 3
# How long a worker that lost the database waits before it tries again.
RECONNECT_DELAY_SECONDS = 1.0
# A heartbeat row this old is of a worker long gone (killed, so it did not remove it).
FORGET_AFTER = datetime.timedelta(days=1)
# What a lost or restarted database raises (InterfaceError: a connection already closed).
DATABASE_AWAY = (OperationalError, InterfaceError)


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.SCHAKEL_WORKER_LEASE_SECONDS)


def beat(worker_id: str, *, started_at: datetime.datetime | None = None) -> None:
    """Renew the worker's sign of life (and write it on the first beat)."""
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(beat_at=now)
    if not updated:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={
                "beat_at": now,
                "started_at": started_at or now,
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
            },
        )


def _is_alive(worker_id: str | None, now: datetime.datetime) -> bool:
    if not worker_id:
        return False
    return WorkerHeartbeat.objects.filter(worker_id=worker_id, beat_at__gte=now - lease()).exists()


def _put_back(task: DBTaskResult, why: str) -> str:
    """A RUNNING job whose worker is gone: back to the queue, or failed after too many."""
    if len(task.worker_ids) >= MAX_ATTEMPTS:
        task.status = TaskResultStatus.FAILED
        task.finished_at = timezone.now()
        task.exception_class_path = f"{__name__}.WorkerLost"
        task.traceback = f"{why}; the job was started {len(task.worker_ids)} times and is given up."
        task.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
        logger.error("Job %s failed: %s", task.pk, task.traceback)
        return TaskResultStatus.FAILED
    task.status = TaskResultStatus.READY
    task.save(update_fields=["status"])
    logger.warning("Job %s back in the queue: %s", task.pk, why)
    return TaskResultStatus.READY


def recover_stale_jobs(*, owned_by: str | None = None) -> int:
    """Put back every RUNNING job whose worker is dead (no heartbeat within the lease).

    With ``owned_by``, put back that worker's own RUNNING jobs whatever its heartbeat
    says: the worker calls it when it knows it is running nothing (after it lost the
    database mid-job). Returns how many jobs were put back or given up.

    Each job is locked (SKIP LOCKED: a job another worker is recovering or claiming is
    left to it) and judged again after the lock, on its current worker, so a job that a
    live worker claimed in the meantime is never taken from it.
    """
    now = timezone.now()
    candidates = DBTaskResult.objects.running()
    if owned_by is None:
        alive = set(
            WorkerHeartbeat.objects.filter(beat_at__gte=now - lease()).values_list(
                "worker_id", flat=True
            )
        )
        # The last worker id is the one running the job (a first sieve without locks; each
        # candidate is judged again under its lock).
        candidate_ids = [
            task.pk
            for task in candidates.only("pk", "worker_ids")
            if not task.worker_ids or task.worker_ids[-1] not in alive
        ]
    else:
        candidate_ids = [
            task.pk
            for task in candidates.only("pk", "worker_ids")
            if task.worker_ids and task.worker_ids[-1] == owned_by
        ]
    recovered = 0
    for pk in candidate_ids:
        with transaction.atomic():
            task = (
                DBTaskResult.objects.running().select_for_update(skip_locked=True).filter(pk=pk)
            ).first()
            if task is None:
                continue
            owner = task.worker_ids[-1] if task.worker_ids else None
            if owned_by is not None:
                if owner != owned_by:
                    continue
                why = f"worker {owner} lost its database connection during the job"
            else:
                if _is_alive(owner, now):
                    continue
                why = f"worker {owner} stopped (no sign of life for {lease()})"
            _put_back(task, why)
            recovered += 1
    return recovered


class HeartbeatThread(threading.Thread):
    """Renews the worker's heartbeat and recovers dead workers' jobs, beside the worker's
    own loop (which may be busy with one long job)."""

    def __init__(self, worker_id: str, started_at: datetime.datetime):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.started_at = started_at
        self.stopping = threading.Event()

    def run(self) -> None:
        interval = max(settings.SCHAKEL_WORKER_LEASE_SECONDS / 4, 0.2)
        while not self.stopping.wait(interval):
            try:
                beat(self.worker_id, started_at=self.started_at)
                recover_stale_jobs()
                WorkerHeartbeat.objects.filter(beat_at__lt=timezone.now() - FORGET_AFTER).delete()
            except (DatabaseError, InterfaceError):
                # The database is away (a restart): try again on the next beat.
                logger.warning("Heartbeat of %s failed; retrying", self.worker_id)
            finally:
                # This thread's own connection: never left open across a restart.
                connection.close()


class SchakelWorker(Worker):
    """django-tasks' worker with a heartbeat, recovery, and patience with the database."""

    def run(self) -> None:
        started_at = timezone.now()
        self._wait_for_database(lambda: beat(self.worker_id, started_at=started_at))
        heartbeat = HeartbeatThread(self.worker_id, started_at)
        heartbeat.start()
        try:
            while True:
                try:
                    super().run()
                    return
                except DATABASE_AWAY:
                    if not self.running:
                        return
                    if connection.in_atomic_block:
                        # Run inside a transaction (a test): no waiting brings back its
                        # lost connection.
                        raise
                    logger.warning(
                        "Worker %s lost the database; waiting for it to come back",
                        self.worker_id,
                    )
                    self.running_task = False
                    # The job it was running when the connection broke did not finish
                    # (its result could not be written): back to the queue.
                    self._wait_for_database(lambda: recover_stale_jobs(owned_by=self.worker_id))
        finally:
            heartbeat.stopping.set()
            heartbeat.join(timeout=5)
            try:
                WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
            except DATABASE_AWAY:
                logger.warning("Could not remove the heartbeat of %s", self.worker_id)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """Run one job; a job that broke off because the database went away is not marked
        failed (it did not fail on its own account): the error goes up to run(), which
        waits for the database and puts the job back in the queue to run again."""
        mark_failed = db_task_result.set_failed

        def set_failed(error: BaseException) -> None:
            if isinstance(error, DATABASE_AWAY):
                raise error
            mark_failed(error)

        db_task_result.set_failed = set_failed
        super().run_task(db_task_result)

    def _wait_for_database(self, step) -> None:
        while self.running:
            try:
                close_old_connections()
                step()
                return
            except DATABASE_AWAY:
                if connection.in_atomic_block:
                    raise
                connection.close()
                time.sleep(RECONNECT_DELAY_SECONDS)
