"""The import runs in the real database worker (`manage.py db_worker`), like the reminders."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from schakel.imports.models import ImportJob, ImportStatus
from schakel.imports.tasks import run_import
from schakel.referrals.models import Referral
from tests.imports.helpers import csv_text, good_row, upload

# The worker drops a connection that is inside a transaction, as a test transaction would
# be: run in autocommit, like the real worker.
pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_the_worker_imports_the_uploaded_file_once(zsm_region, signed_in, informatiemakelaar):
    client = signed_in(informatiemakelaar)
    client.post(
        reverse("imports:create"),
        {"kind": "zsm", "file": upload(csv_text([good_row(1), good_row(2, gemeente="Elders")]))},
    )
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.QUEUED
    run_worker()

    job.refresh_from_db()
    assert (job.status, job.rows_good, job.rows_bad) == (ImportStatus.DONE, 1, 1)
    assert job.started_at is not None and job.finished_at is not None
    assert Referral.objects.count() == 1
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["SUCCESSFUL"]

    # The same task run again (a retry, a double enqueue) takes up nothing.
    run_import.enqueue(job.pk)
    run_worker()
    assert Referral.objects.count() == 1
    job.refresh_from_db()
    assert job.rows_done == 2

    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "Klaar" in page
    assert "Onbekende gemeente" in page


def test_a_job_left_running_by_a_killed_worker_ends_as_broken_off(
    zsm_region, signed_in, informatiemakelaar
):
    """The worker died mid-import (its batches so far committed); the task, put back in
    the queue by another worker, ends the job so that its uploader sees why."""
    client = signed_in(informatiemakelaar)
    client.post(reverse("imports:create"), {"kind": "zsm", "file": upload(csv_text([good_row(1)]))})
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)  # as it was left
    run_worker()

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "onverwacht afgebroken" in job.failure_reason
    assert "lees het bestand opnieuw in" in job.failure_reason
    assert job.finished_at is not None and job.stored_name == ""
    assert Referral.objects.count() == 0
