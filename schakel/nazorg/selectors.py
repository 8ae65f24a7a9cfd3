"""Reads of nazorg: the worklist of detainees and one detainee, through the policy."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from schakel.access.policy import (
    get_visible_detention_notice,
    visible_detention_notices,
    visible_information_requests,
)
from schakel.core.paging import rows_and_capped_count
from schakel.nazorg.deadlines import (
    WARNING_DAYS,
    discuss_before,
    needs_warning,
    quickscan_due,
)
from schakel.nazorg.models import (
    CONDITION_ORDER,
    ConditionStatus,
    DetentionNotice,
    NoticeStatus,
    QuickscanCondition,
)
from schakel.tables.models import Table

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.cases.models import Case
    from schakel.inquiries.models import InformationRequest

NOT_IN_ORDER = ~Q(quickscan__conditions__status=ConditionStatus.OP_ORDE)


@dataclass
class NoticeRow:
    """One detainee as the worklist and the notice page show it; deadlines derived."""

    notice: DetentionNotice
    open_conditions: list[QuickscanCondition]
    warning: bool
    quickscan_due: datetime.date
    discuss_before: datetime.date
    days_to_release: int
    conditions: list[QuickscanCondition] = field(default_factory=list)


def _with_conditions(notices: QuerySet[DetentionNotice]) -> QuerySet[DetentionNotice]:
    return notices.select_related(
        "person", "return_municipality", "reintegration_officer", "quickscan"
    ).prefetch_related(
        Prefetch(
            "quickscan__conditions",
            queryset=QuickscanCondition.objects.all(),
        )
    )


def notice_row(notice: DetentionNotice, *, today: datetime.date | None = None) -> NoticeRow:
    today = today or timezone.localdate()
    conditions = sorted(
        notice.quickscan.conditions.all(), key=lambda row: CONDITION_ORDER[row.condition]
    )
    still_open = [row for row in conditions if row.status != ConditionStatus.OP_ORDE]
    release = notice.expected_release_on
    return NoticeRow(
        notice=notice,
        conditions=conditions,
        open_conditions=still_open,
        warning=needs_warning(release, open_conditions=len(still_open), today=today),
        quickscan_due=quickscan_due(release),
        discuss_before=discuss_before(release),
        days_to_release=(release - today).days,
    )


def notice_worklist(
    *,
    user: User,
    municipality_id: int | None = None,
    officer_id: int | None = None,
    only_open: bool = False,
) -> QuerySet[DetentionNotice]:
    """The detainees the user may see, by expected release date (earliest first)."""
    notices = visible_detention_notices(user)
    if municipality_id is not None:
        notices = notices.filter(return_municipality_id=municipality_id)
    if officer_id is not None:
        notices = notices.filter(reintegration_officer_id=officer_id)
    if only_open:
        notices = notices.annotate(
            open_count=Count("quickscan__conditions", filter=NOT_IN_ORDER)
        ).filter(open_count__gt=0)
    return _with_conditions(notices).order_by("expected_release_on", "pk")


def released_soon_with_open_conditions(*, user: User, limit: int) -> tuple[list[NoticeRow], int]:
    """For the werklijst: detainees released within WARNING_DAYS with conditions not in
    order, earliest first, and how many there are (counted up to the cap, in the same
    query as the rows)."""
    today = timezone.localdate()
    notices = (
        visible_detention_notices(user)
        .filter(
            expected_release_on__gte=today,
            expected_release_on__lte=today + datetime.timedelta(days=WARNING_DAYS),
            status__in=(NoticeStatus.OPEN, NoticeStatus.NAZORGTAFEL),
        )
        # The outer filter already keeps to the visible notices.
        .filter(pk__in=DetentionNotice.objects.filter(NOT_IN_ORDER).values("pk"))
    )
    # Shown by number, never by name: the person is not read.
    rows, count = rows_and_capped_count(
        notices.select_related("return_municipality", "quickscan")
        .prefetch_related(
            Prefetch("quickscan__conditions", queryset=QuickscanCondition.objects.all())
        )
        .order_by("expected_release_on", "pk"),
        limit,
    )
    return [notice_row(notice, today=today) for notice in rows], count


def get_notice(*, user: User, pk: int) -> DetentionNotice:
    notice = get_visible_detention_notice(user, pk)
    return _with_conditions(DetentionNotice.objects.filter(pk=notice.pk)).get()


def answers_for_notice(*, user: User, notice: DetentionNotice) -> list[InformationRequest]:
    """The information requests of the detainee's case this user may read (a partner only
    its own organisation's), so the quickscan is filled in beside the partners' answers."""
    return list(
        visible_information_requests(user)
        .filter(case_id=notice.case_id)
        .select_related("organisation")
        .order_by("requested_at", "pk")
    )


def nazorg_tables(*, region_id: int) -> QuerySet[Table]:
    return Table.objects.filter(region_id=region_id, is_active=True).order_by("name")


def default_nazorg_table(*, region_id: int) -> Table | None:
    """The region's table whose name says Nazorg, if it has one."""
    return nazorg_tables(region_id=region_id).filter(name__icontains="nazorg").first()


@dataclass
class CaseNazorgSection:
    """The detentiemelding on the page of the case it opened."""

    row: NoticeRow
    # The notice's own page (regie, the quickscan) is for whom the policy shows it to.
    opens_notice: bool


def case_nazorg_section(*, user: User, case: Case) -> CaseNazorgSection | None:
    """The detainee's notice and quickscan for the case page, or None when the case was
    not opened by a detentiemelding.

    The case is one the user may see (the case page asked the policy): what the notice
    says about the detainee is part of that case and shown to the same readers, as the
    melding is. Whether the notice's own page opens for them is the policy's
    visible_detention_notices, asked inside the same query. Two queries, one without a
    notice.
    """
    notice = (
        _with_conditions(DetentionNotice.objects.filter(case_id=case.pk))
        .select_related("institution", "reintegration_officer__organisation")
        .annotate(opens_notice=Exists(visible_detention_notices(user).filter(pk=OuterRef("pk"))))
        .first()
    )
    if notice is None:
        return None
    return CaseNazorgSection(row=notice_row(notice), opens_notice=notice.opens_notice)
