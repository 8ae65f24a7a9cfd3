"""Reads of the imports; every one starts from the policy's visible jobs. Never writes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from schakel.access.policy import visible_import_jobs
from schakel.imports.models import ImportJob, ImportRowError

if TYPE_CHECKING:
    from schakel.accounts.models import User


def job_list(*, user: User) -> QuerySet[ImportJob]:
    return visible_import_jobs(user).select_related("uploaded_by")


def report_rows(*, job: ImportJob) -> QuerySet[ImportRowError]:
    """The job's row report, in file order (index job, line)."""
    return ImportRowError.objects.filter(job=job).order_by("line", "pk")
