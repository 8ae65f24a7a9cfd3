"""The agreed plan as a PDF for the partners at the table, rendered from its snapshot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import timezone

from schakel.plans.compare import readable_snapshot

if TYPE_CHECKING:
    from schakel.cases.models import Case
    from schakel.plans.models import PlanVersion


def version_html(*, case: Case, version: PlanVersion) -> str:
    return render_to_string(
        "plans/version_pdf.html",
        {
            "case": case,
            "version": version,
            "snapshot": readable_snapshot(version.snapshot),
            "printed_at": timezone.now(),
        },
    )


def render_version_pdf(*, case: Case, version: PlanVersion) -> bytes:
    # Imported here: WeasyPrint loads its system libraries on import, which only the
    # PDF download needs.
    from weasyprint import HTML

    return HTML(string=version_html(case=case, version=version)).write_pdf()
