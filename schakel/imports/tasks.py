"""Background work of the imports, run by `manage.py db_worker` (django-tasks), never a page."""

from __future__ import annotations

from django_tasks import task

from schakel.imports.engine import run_job
from schakel.imports.models import ImportJob


@task()
def run_import(job_id: int) -> str:
    """Import one queued job's file. Returns the status the job ended with."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return "missing"
    return run_job(job).status
