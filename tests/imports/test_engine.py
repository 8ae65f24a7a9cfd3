"""The engine itself, with importers of its own: atomic rows, batches, bounded memory."""

from __future__ import annotations

import gc
import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from schakel.imports import engine, registry
from schakel.imports.engine import Column, Importer, Row, run_job
from schakel.imports.models import ImportStatus
from schakel.imports.services import start_import
from schakel.organisations.models import Organisation
from schakel.referrals.importers import ZsmImporter
from tests.imports.helpers import csv_text, good_row, import_now, problems, upload

pytestmark = pytest.mark.django_db


class HalfwayRefusingImporter(Importer[str]):
    """Writes a row, then lets the service refuse the rest: the row must leave nothing."""

    kind = "zsm"  # offered through the same upload path as ZSM
    label = "Test"
    key_column = "kenmerk"
    columns = (Column("kenmerk", "", required=True), Column("naam", "", required=True))
    service_fields = {"name": "naam"}

    def clean(self, row: Row) -> str | None:
        return row.text("naam", required=True)

    def save(self, value: str) -> Organisation:
        organisation = Organisation.objects.create(
            name=value, region=self.region, domain="overig", kind="test"
        )
        if value.startswith("weiger"):
            raise ValidationError({"name": ["De dienst weigert deze naam."]})
        return organisation


@pytest.fixture
def halfway_importer(monkeypatch):
    monkeypatch.setitem(registry._IMPORTERS, "zsm", HalfwayRefusingImporter)


def test_a_row_refused_halfway_leaves_nothing_and_the_others_stay(
    zsm_region, informatiemakelaar, halfway_importer
):
    before = Organisation.objects.count()
    content = "kenmerk;naam\n1;Eerste\n2;weiger dit\n3;Derde\n"
    job = import_now(informatiemakelaar, content)
    assert (job.status, job.rows_good, job.rows_bad) == (ImportStatus.DONE, 2, 1)
    assert problems(job) == [(3, "naam", "De dienst weigert deze naam.")]
    assert Organisation.objects.filter(name__in=["Eerste", "Derde"]).count() == 2
    assert Organisation.objects.count() == before + 2
    assert not Organisation.objects.filter(name="weiger dit").exists()


def test_batches_commit_their_counts(zsm_region, informatiemakelaar, halfway_importer, monkeypatch):
    monkeypatch.setattr(engine, "BATCH_SIZE", 3)
    seen: list[tuple[int, int]] = []
    content = "kenmerk;naam\n" + "".join(f"{n};Naam {n}\n" for n in range(1, 9))
    job = start_import(actor=informatiemakelaar, kind="zsm", upload=upload(content))
    run_job(job, progress=lambda j: seen.append((j.rows_done, j.rows_total)))
    assert seen == [(0, 8), (3, 8), (6, 8), (8, 8)]


class CheckOnlyZsmImporter(ZsmImporter):
    """Checks ZSM rows as the real importer does, and stores no melding: what is measured
    is the reading, checking and reporting, not the melding service."""

    def save(self, value):
        return value.organisation


def _peak_memory(actor, rows: int) -> int:
    # Every fifth row bad, so the report grows with the file too.
    content = csv_text(good_row(n, bsn="123" if n % 5 == 0 else "") for n in range(rows)).encode()
    job = start_import(actor=actor, kind="zsm", upload=upload(content))
    del content
    gc.collect()
    tracemalloc.start()
    try:
        job = run_job(job)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (job.status, job.rows_done) == (ImportStatus.DONE, rows)
    return peak


def test_memory_does_not_grow_with_the_file(zsm_region, informatiemakelaar, monkeypatch, settings):
    # As in production: no log of every query (a debug aid that keeps the last 9,000).
    settings.DEBUG = False
    connection.queries_log.clear()
    monkeypatch.setitem(registry._IMPORTERS, "zsm", CheckOnlyZsmImporter)
    monkeypatch.setattr(engine, "BATCH_SIZE", 100)
    _peak_memory(informatiemakelaar, 100)  # warm up: translations, compiled queries
    small = _peak_memory(informatiemakelaar, 1_000)
    large = _peak_memory(informatiemakelaar, 4_000)
    # Four times the rows: the peak stays that of one batch (plus noise), where a list of
    # rows, a set of keys or a cache per row would grow it with the file.
    assert large < small * 1.25, (small, large)
