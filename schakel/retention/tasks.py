"""Background work of retention, run by `manage.py db_worker` (django-tasks), never a page."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django_tasks import task

from schakel.core.submissions import forget_old_submissions
from schakel.retention.models import RunTrigger
from schakel.retention.services import apply_retention_everywhere


@task()
def apply_retention_periods(region_code: str = "") -> dict[str, int]:
    """Remove, per region, the personal data whose retention period has ended.

    Returns the number of removed cases per region code (the counts per kind are in the
    RetentionRun of each region).

    Safe to run twice: a second run finds nothing whose period ended that is still there
    (it records a run that removed nothing).
    """
    with translation.override(settings.LANGUAGE_CODE):
        reports = apply_retention_everywhere(
            started_via=RunTrigger.TASK, region_code=region_code or None
        )
    # The one-time tokens of sent forms go with the daily retention run.
    forget_old_submissions()
    return {report.region.code: report.counts["cases"] for report in reports}
