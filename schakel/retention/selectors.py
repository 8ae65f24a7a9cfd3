"""Reads of retention: the region's periods, what is due, the runs, and the case counts
that stay the same after a removal. Selectors never write."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from schakel.access import rules
from schakel.access.models import AccessLogEntry
from schakel.access.policy import require_role
from schakel.cases.lifecycle import CLOSED_STATES
from schakel.cases.models import Case
from schakel.organisations.models import Region
from schakel.retention.models import RetainedCaseStatistic, RetentionPolicy, RetentionRun

if TYPE_CHECKING:
    from schakel.accounts.models import User


def policy_for(region: Region) -> RetentionPolicy:
    """The region's periods; the defaults (unsaved) when its beheerder set none."""
    policy = RetentionPolicy.objects.filter(region=region).first()
    return policy if policy is not None else RetentionPolicy(region=region)


def years_before(moment: datetime.datetime, years: int) -> datetime.datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February in a year without one
        return moment.replace(year=moment.year - years, day=28)


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = moment.day
    while True:
        try:
            return moment.replace(year=year, month=month + 1, day=day)
        except ValueError:  # the 31st in a shorter month: its last day
            day -= 1


def cases_closed_before(policy: RetentionPolicy, now: datetime.datetime) -> datetime.datetime:
    return months_before(now, policy.case_months)


def access_log_written_before(policy: RetentionPolicy, now: datetime.datetime) -> datetime.datetime:
    # One day earlier than the database triggers allow, so a small difference between the
    # application's clock and the database's never makes the job delete a row the
    # triggers refuse (which would stop the whole job).
    return years_before(now, policy.access_log_years) - datetime.timedelta(days=1)


def due_cases(*, region: Region, closed_before: datetime.datetime) -> QuerySet[Case]:
    """Closed cases whose period has ended. A samengevoegd case is not listed itself: it
    goes with the case it was merged into."""
    return Case.objects.filter(
        region=region, state__in=CLOSED_STATES, state_changed_at__lt=closed_before
    ).order_by("state_changed_at", "pk")


def expired_log_entries(
    *, region: Region, written_before: datetime.datetime
) -> QuerySet[AccessLogEntry]:
    """Access-log rows of the region (by the organisation they were written for, as the
    privacy officer reads them) older than its log period."""
    return AccessLogEntry.objects.filter(organisation__region=region, at__lt=written_before)


def runs_for(*, user: User) -> QuerySet[RetentionRun]:
    """The removal runs of the user's own region: beheerder and privacy officer."""
    require_role(user, *rules.RETENTION_READ_ROLES)
    if user.region_id is None:
        return RetentionRun.objects.none()
    return RetentionRun.objects.filter(region_id=user.region_id).select_related("started_by")


def cases_per_year(*, region_ids: list[int] | None = None) -> dict[tuple[int, int], int]:
    """How many cases came in per (region, year): the live cases plus the anonymous rows of
    removed ones, so the figures of past years stay the same after a removal."""
    live = Case.objects.all()
    kept = RetainedCaseStatistic.objects.all()
    if region_ids is not None:
        live = live.filter(region_id__in=region_ids)
        kept = kept.filter(region_id__in=region_ids)
    counts: Counter[tuple[int, int]] = Counter()
    rows = (
        live.annotate(year=ExtractYear("created_at", tzinfo=timezone.get_default_timezone()))
        .values("region_id", "year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[(row["region_id"], row["year"])] += row["n"]
    for row in kept.values("region_id", "year").annotate(n=Count("pk")).order_by():
        counts[(row["region_id"], row["year"])] += row["n"]
    return dict(counts)
