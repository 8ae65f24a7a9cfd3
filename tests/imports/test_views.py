"""The import pages: upload, progress (htmx), the paged report and its CSV download."""

from __future__ import annotations

import pytest
from django.urls import reverse

from schakel.access.models import AccessLogEntry
from schakel.imports.models import ImportJob, ImportStatus
from schakel.imports.services import start_import
from tests.imports.helpers import csv_text, good_row, import_now, upload

pytestmark = pytest.mark.django_db


def test_upload_queues_the_job_and_shows_its_progress(zsm_region, signed_in, informatiemakelaar):
    from django_tasks_db.models import DBTaskResult

    client = signed_in(informatiemakelaar)
    response = client.post(
        reverse("imports:create"),
        {"kind": "zsm", "file": upload(csv_text([good_row(1)]), "zsm-maart.csv")},
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:detail", args=[job.pk])
    assert (job.status, job.original_name, job.uploaded_by) == (
        ImportStatus.QUEUED,
        "zsm-maart.csv",
        informatiemakelaar,
    )
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [job.pk]

    page = client.get(response["Location"]).content.decode()
    assert "In de wachtrij" in page
    assert f'hx-get="{reverse("imports:progress", args=[job.pk])}"' in page


def test_upload_refuses_a_bad_file_with_a_dutch_message(zsm_region, signed_in, informatiemakelaar):
    client = signed_in(informatiemakelaar)
    empty = client.post(reverse("imports:create"), {"kind": "zsm", "file": upload(b"")})
    assert empty.status_code == 200
    assert "leeg" in empty.content.decode()
    wrong = client.post(
        reverse("imports:create"), {"kind": "zsm", "file": upload(b"a;b\n", "meldingen.xlsx")}
    )
    assert "Kies een CSV-bestand" in wrong.content.decode()
    no_kind = client.post(reverse("imports:create"), {"kind": "ander", "file": upload(b"a\n")})
    assert "Kies welk soort bestand" in no_kind.content.decode()
    assert ImportJob.objects.count() == 0


def test_progress_polls_while_running_and_reloads_the_page_when_done(
    zsm_region, signed_in, informatiemakelaar
):
    job = start_import(actor=informatiemakelaar, kind="zsm", upload=upload(csv_text([good_row(1)])))
    client = signed_in(informatiemakelaar)
    url = reverse("imports:progress", args=[job.pk])
    polled = client.get(url, headers={"HX-Request": "true"})
    assert polled.status_code == 200
    assert "HX-Refresh" not in polled
    assert 'hx-trigger="every 1s"' in polled.content.decode()
    # Without htmx the address leads to the page itself.
    assert client.get(url)["Location"] == reverse("imports:detail", args=[job.pk])

    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, rows_total=10, rows_done=4, rows_good=3, rows_bad=1
    )
    running = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "4 van 10 regels verwerkt" in running
    assert 'value="40"' in running

    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE)
    done = client.get(url, headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"
    assert "hx-trigger" not in done.content.decode()
    # The progress block holds counts only: polling writes no access-log row.
    assert not AccessLogEntry.objects.filter(object_type="ImportJob", action="read").exists()


def test_the_report_is_paged_and_its_reading_logged(zsm_region, signed_in, informatiemakelaar):
    rows = [good_row(n, bsn="12345") for n in range(1, 61)]  # 60 bad BSNs
    job = import_now(informatiemakelaar, csv_text(rows))
    client = signed_in(informatiemakelaar)
    url = reverse("imports:detail", args=[job.pk])

    first = client.get(url).content.decode()
    assert "60 meldingen over de regels van het bestand" in first
    assert "Geen geldig BSN" in first
    assert ">2<" in first and ">51<" in first and ">52<" not in first
    second = client.get(url, {"pagina": 2}).content.decode()
    assert ">52<" in second and ">61<" in second

    reads = AccessLogEntry.objects.filter(
        object_type="ImportJob", object_ref=str(job.pk), action="read"
    ).order_by("pk")
    assert [entry.detail for entry in reads] == [
        f"Foutenrapport van import {job.pk}, regels 2-51",
        f"Foutenrapport van import {job.pk}, regels 52-61",
    ]
    assert all(entry.user == informatiemakelaar for entry in reads)


def test_a_report_without_rows_is_not_logged(zsm_region, signed_in, informatiemakelaar):
    job = import_now(informatiemakelaar, csv_text([good_row(1)]))
    page = signed_in(informatiemakelaar).get(reverse("imports:detail", args=[job.pk]))
    assert "Alle regels zijn zonder fouten ingelezen" in page.content.decode()
    assert not AccessLogEntry.objects.filter(object_type="ImportJob", action="read").exists()


def test_a_failed_file_shows_why(zsm_region, signed_in, informatiemakelaar):
    job = import_now(informatiemakelaar, "kolom;andere\n1;2\n")
    page = signed_in(informatiemakelaar).get(reverse("imports:detail", args=[job.pk]))
    content = page.content.decode()
    assert "Mislukt" in content
    assert "Verplichte kolommen ontbreken in de kopregel" in content


def test_the_report_downloads_as_csv_and_the_export_is_logged(
    zsm_region, signed_in, informatiemakelaar
):
    rows = [good_row(1, bsn="99"), good_row(2, bsn="=1+1")]
    job = import_now(informatiemakelaar, csv_text(rows))
    response = signed_in(informatiemakelaar).get(reverse("imports:report_csv", args=[job.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeffRegel;Kolom;Uitkomst;Melding;Waarde")
    assert "2;bsn;Fout;Geen geldig BSN" in text
    # A value from the file is never run as a formula by a spreadsheet program.
    assert ";'=1+1" in text
    export = AccessLogEntry.objects.get(object_type="ImportJob", action="export")
    assert export.object_ref == str(job.pk)
    assert export.user == informatiemakelaar


def test_the_list_shows_the_regions_jobs(
    zsm_region, signed_in, informatiemakelaar, procesregisseur
):
    import_now(informatiemakelaar, csv_text([good_row(1)]), name="zsm-week-10.csv")
    page = signed_in(procesregisseur).get(reverse("imports:list")).content.decode()
    assert "zsm-week-10.csv" in page
    assert "ZSM-meldingen" in page
