"""The agreed plan as a PDF for the partners at the table, rendered from its snapshot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import timezone

from schakel.plans.compare import readable_snapshot

if TYPE_CHECKING:
    from schakel.cases.models import Case
    from schakel.plans.models import PlanVersion


def version_html(*, case: Case, version: PlanVersion, snapshot: dict) -> str:
    """The PDF's HTML from the version's snapshot as the reader may read it
    (plans.selectors.scoped_snapshot: confidential analyses replaced by the placeholder)."""
    return render_to_string(
        "plans/version_pdf.html",
        {
            "case": case,
            "version": version,
            "snapshot": readable_snapshot(snapshot),
            "printed_at": timezone.now(),
        },
    )


# The same font stack as plans/version_pdf.html, so warming up loads the fonts the plan uses.
_WARM_UP_HTML = (
    '<html lang="nl"><body style="font-family: \'DejaVu Sans\', Arial, sans-serif">'
    "<h1>Plan van aanpak</h1><p>Schakel – opwarmen: é ë ï</p>"
    "<table><tr><th>Subdoel</th><td>Stabiel wonen</td></tr></table></body></html>"
)


def warm_up() -> None:
    """Pay WeasyPrint's first-use cost (import, pango/fontconfig set-up, font loading) once,
    when the web process starts, instead of in the first user's plan download."""
    from weasyprint import HTML

    HTML(string=_WARM_UP_HTML).write_pdf()


def warm_up_in_background() -> None:
    import logging
    import threading

    def run() -> None:
        try:
            warm_up()
        except Exception:
            # Without the system libraries the download itself will say what is wrong.
            logging.getLogger(__name__).warning("PDF warm-up failed", exc_info=True)

    threading.Thread(target=run, name="pdf-warm-up", daemon=True).start()


def render_version_pdf(*, case: Case, version: PlanVersion, snapshot: dict) -> bytes:
    # Imported here: WeasyPrint loads its system libraries on import, which only the
    # PDF download needs.
    from weasyprint import HTML

    return HTML(string=version_html(case=case, version=version, snapshot=snapshot)).write_pdf()
