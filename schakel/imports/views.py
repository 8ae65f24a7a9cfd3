"""Views of the imports: offer a file, follow its progress, read and download its report.

Thin: the policy decides which jobs a user sees (404 for another region's job), the rules
which roles import (403 otherwise), the service stores and queues, the worker reads.
"""

import csv
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from schakel.access import rules
from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import get_visible_import_job, require_role
from schakel.core.paging import page_of
from schakel.core.spreadsheets import safe_cell
from schakel.core.writes import submit
from schakel.imports import selectors
from schakel.imports.forms import ImportForm
from schakel.imports.models import ImportJob
from schakel.imports.registry import importers, label_of
from schakel.imports.services import start_import

JOB_PAGE_SIZE = 25
REPORT_PAGE_SIZE = 50


def _job(request: HttpRequest, pk: int) -> ImportJob:
    require_role(request.user, *rules.IMPORT_ROLES)
    return get_visible_import_job(request.user, pk)


@login_required
@require_GET
def job_list_view(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *rules.IMPORT_ROLES)
    paging = page_of(request, selectors.job_list(user=request.user), JOB_PAGE_SIZE)
    for job in paging.page.object_list:
        job.kind_label = label_of(job.kind)
    return render(request, "imports/job_list.html", {"page": paging.page, "paging": paging})


@login_required
def job_create_view(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *rules.IMPORT_ROLES)
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        response = submit(
            request,
            form,
            lambda: start_import(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            ),
            success=_(
                "Het bestand staat in de wachtrij. Deze pagina toont de voortgang en daarna "
                "het foutenrapport."
            ),
            redirect_to=lambda job: reverse("imports:detail", args=[job.pk]),
        )
        if response is not None:
            return response
    return render(
        request, "imports/job_form.html", {"form": form, "importers": importers(request.user)}
    )


@login_required
@require_GET
def job_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    paging = page_of(request, selectors.report_rows(job=job), REPORT_PAGE_SIZE)
    rows = paging.page.object_list
    if rows:
        # The report repeats values from the file: names, BSNs, addresses.
        record_access(
            actor=request.user,
            action=AccessAction.READ,
            obj=job,
            purpose=_("Bulkimport"),
            detail=_("Foutenrapport van import %(pk)d, regels %(first)d-%(last)d")
            % {"pk": job.pk, "first": rows[0].line, "last": rows[len(rows) - 1].line},
        )
    return render(
        request,
        "imports/job_detail.html",
        {"job": job, "kind_label": label_of(job.kind), "page": paging.page, "paging": paging},
    )


@login_required
@require_GET
def job_progress_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress block, polled by htmx while the job waits or runs (counts only, no
    personal data). Once the job has ended the whole page is loaded again, with its report."""
    job = _job(request, pk)
    if not getattr(request, "htmx", False):
        return redirect("imports:detail", pk=job.pk)
    response = render(request, "imports/_progress.html", {"job": job})
    if job.is_finished:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def job_report_csv_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    rows = selectors.report_rows(job=job)
    record_access(
        actor=request.user,
        action=AccessAction.EXPORT,
        obj=job,
        purpose=_("Bulkimport"),
        detail=_("Foutenrapport van import %(pk)d gedownload als CSV") % {"pk": job.pk},
    )
    filename = f"foutenrapport-import-{job.pk}-{timezone.localdate():%Y-%m-%d}.csv"
    response = StreamingHttpResponse(_report_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


def _report_lines(rows) -> Iterator[str]:
    """The report row by row (a report of a large file is never built whole in memory).
    Byte order mark and semicolons: what a Dutch spreadsheet program opens without asking."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"
    yield writer.writerow([_("Regel"), _("Kolom"), _("Uitkomst"), _("Melding"), _("Waarde")])
    for row in rows.iterator(chunk_size=1000):
        yield writer.writerow(
            [
                row.line,
                row.field,
                row.get_outcome_display(),
                safe_cell(row.message),
                safe_cell(row.value),
            ]
        )
