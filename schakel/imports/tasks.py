"""Background work of the imports, run by `manage.py db_worker` (django-tasks), never a page."""

from __future__ import annotations

from django_tasks import task

from schakel.imports.engine import end_broken_off_job, run_job
from schakel.imports.models import ImportJob, ImportStatus


@task()
def run_import(job_id: int) -> str:
    """Import one queued job's file. Returns the status the job ended with.

    Safe to run twice: only a queued job is taken up (run_job). A job that is already
    running when its task starts was left by a worker that died mid-import (the worker
    put the task back in the queue, schakel.core.worker): its committed batches stay, and
    it ends as broken off so the uploader reads the file in again (rows read before are
    skipped then).
    """
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return "missing"
    if job.status == ImportStatus.RUNNING:
        end_broken_off_job(job)
        return job.status
    return run_job(job).status
