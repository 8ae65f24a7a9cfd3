"""Reads on regietafels. A table holds no case content: the region's staff may see it."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.meetings.models import Meeting, MeetingStatus
from schakel.organisations.models import Organisation
from schakel.tables.models import Table

if TYPE_CHECKING:
    from schakel.accounts.models import User

UPCOMING_MEETINGS_SHOWN = 12
CALENDAR_WEEKS_BACK = 8


def region_tables(*, user: User) -> QuerySet[Table]:
    """The tables of the user's region, with fixed partners and the next sitting's start."""
    if user.region_id is None:
        return Table.objects.none()
    next_start = (
        Meeting.objects.filter(
            table=OuterRef("pk"), starts_at__gte=timezone.now(), status=MeetingStatus.PLANNED
        )
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    return (
        Table.objects.filter(region_id=user.region_id)
        .annotate(next_meeting_at=Subquery(next_start))
        .prefetch_related(
            Prefetch("fixed_participants", queryset=Organisation.objects.order_by("name"))
        )
        .order_by("-is_active", "name")
    )


def get_region_table(*, user: User, pk: int) -> Table:
    """A table of the user's own region, or 404."""
    table = region_tables(user=user).filter(pk=pk).first()
    if table is None:
        raise Http404(_("Deze regietafel bestaat niet of hoort niet bij uw regio."))
    return table


def upcoming_meetings(*, table: Table) -> list[Meeting]:
    """Dates, times, places and status only: nothing about the cases."""
    return list(
        table.meetings.filter(ends_at__gte=timezone.now()).order_by("starts_at")[
            :UPCOMING_MEETINGS_SHOWN
        ]
    )


def calendar_table(*, token: str) -> Table:
    table = Table.objects.filter(calendar_token=token).first()
    if table is None or not token:
        raise Http404
    return table


def calendar_meetings(*, table: Table) -> QuerySet[Meeting]:
    """The sittings in a table's calendar feed: the recent and coming, not cancelled ones."""
    since = timezone.now() - datetime.timedelta(weeks=CALENDAR_WEEKS_BACK)
    return (
        table.meetings.filter(starts_at__gte=since)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at")
    )
