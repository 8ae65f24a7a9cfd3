"""Reads of the casusoverleg, always through the access policy.

Seeing a meeting is not seeing its items, and seeing an item is not yet seeing its
content: procesregie sees everything of its tables; an invited partner sees only the
items it is invited to, and their content only from the table's information window.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access.policy import (
    convenant_partners,
    get_visible_meeting,
    information_opens_at,
    may_direct_meeting,
    may_read_item_content,
    visible_agenda_items,
    visible_meetings,
)
from schakel.cases.lifecycle import CaseState
from schakel.cases.selectors import main_persons_by_case
from schakel.core.confidentiality import prefetch_markings
from schakel.meetings.models import (
    AgendaItem,
    AgendaSource,
    Attendance,
    Meeting,
    MeetingStatus,
)
from schakel.organisations.models import Organisation

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.cases.models import Case
    from schakel.persons.models import Person

RECENT_WEEKS = 8
UPCOMING_WEEKS = 12


@dataclass
class MeetingRows:
    upcoming: list[Meeting]
    recent: list[Meeting]


def meeting_list(*, user: User) -> MeetingRows:
    """Upcoming and recent meetings the user may see, each with its visible item count."""
    now = timezone.now()
    items = visible_agenda_items(user)
    meetings = (
        visible_meetings(user)
        .filter(
            starts_at__gte=now - datetime.timedelta(weeks=RECENT_WEEKS),
            starts_at__lte=now + datetime.timedelta(weeks=UPCOMING_WEEKS),
        )
        .select_related("table")
        .annotate(visible_item_count=Count("items", filter=Q(items__in=items.values("pk"))))
    )
    rows = list(meetings.order_by("starts_at"))
    return MeetingRows(
        upcoming=[m for m in rows if m.ends_at >= now],
        recent=sorted(
            (m for m in rows if m.ends_at < now), key=lambda m: m.starts_at, reverse=True
        ),
    )


@dataclass
class ItemView:
    """One agenda item as this user may see it."""

    item: AgendaItem
    may_read: bool
    opens_at: datetime.datetime
    main_persons: list[Person] = field(default_factory=list)
    # Other coming, non-cancelled meetings with this case on the agenda (procesregie only).
    also_on: list[Meeting] = field(default_factory=list)

    @property
    def is_evaluation(self) -> bool:
        return self.item.source == AgendaSource.EVALUATION

    @property
    def may_agree_plan(self) -> bool:
        return self.item.case.state in (CaseState.GEAGENDEERD, CaseState.IN_UITVOERING)


@dataclass
class MeetingPage:
    meeting: Meeting
    directs: bool
    items: list[ItemView]
    attendances: list[Attendance]

    @property
    def has_started(self) -> bool:
        return self.meeting.starts_at <= timezone.now()

    @property
    def shown_persons(self) -> list[Person]:
        return [person for view in self.items if view.may_read for person in view.main_persons]

    @property
    def shown_references(self) -> str:
        return ", ".join(view.item.case.reference for view in self.items if view.may_read)


def _item_views(*, user: User, meeting: Meeting, directs: bool, items: list[AgendaItem]):
    opens_at = information_opens_at(meeting)
    readable = [item for item in items if may_read_item_content(user, item, directs=directs)]
    readable_ids = {item.pk for item in readable}
    persons = main_persons_by_case(cases=[item.case for item in readable])
    also_on = other_coming_agendas(meeting=meeting, case_ids=[i.case_id for i in items])
    return [
        ItemView(
            item=item,
            may_read=item.pk in readable_ids,
            opens_at=opens_at,
            main_persons=persons.get(item.case_id, []) if item.pk in readable_ids else [],
            also_on=also_on.get(item.case_id, []) if directs else [],
        )
        for item in items
    ]


def other_coming_agendas(*, meeting: Meeting, case_ids: list[int]) -> dict[int, list[Meeting]]:
    """For a meeting still to come: per case, the other coming meetings that are not
    cancelled and have it on their agenda. Two agendas for one case is allowed (a second
    look may be meant) but is usually a slip, so procesregie is warned. One query."""
    now = timezone.now()
    if not case_ids or meeting.starts_at <= now or meeting.status == MeetingStatus.CANCELLED:
        return {}
    rows = (
        AgendaItem.objects.filter(case_id__in=case_ids, meeting__starts_at__gt=now)
        .exclude(meeting=meeting)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("meeting__table")
        .order_by("meeting__starts_at")
    )
    found: dict[int, list[Meeting]] = {}
    for item in rows:
        found.setdefault(item.case_id, []).append(item.meeting)
    return found


def _visible_items(*, user: User, meeting: Meeting) -> QuerySet[AgendaItem]:
    return (
        visible_agenda_items(user)
        .filter(meeting=meeting)
        .select_related(
            "case", "minuted_by", "meeting", "confidential_organisation", "confidential_contact"
        )
        .prefetch_related(
            Prefetch("invited_organisations", queryset=Organisation.objects.order_by("name"))
        )
        .order_by("position", "pk")
    )


def meeting_page(*, user: User, pk: int) -> MeetingPage:
    """The meeting with only the items this user may see; 404 for one who sees none."""
    meeting = get_visible_meeting(user, pk)
    directs = may_direct_meeting(user, meeting)
    items = list(_visible_items(user=user, meeting=meeting))
    prefetch_markings(items)
    for item in items:
        item.meeting = meeting
    attendances = list(
        meeting.attendances.select_related("organisation", "user", "item__case").order_by(
            "organisation__name", "name", "pk"
        )
    )
    if not directs:
        # A partner sees who attended for the items it sees, not who came for other cases.
        shown = {item.pk for item in items}
        attendances = [a for a in attendances if a.item_id is None or a.item_id in shown]
    return MeetingPage(
        meeting=meeting,
        directs=directs,
        items=_item_views(user=user, meeting=meeting, directs=directs, items=items),
        attendances=attendances,
    )


def get_visible_item(*, user: User, meeting: Meeting, item_pk: int) -> ItemView:
    """One item of a visible meeting, or 404 when it is not the user's to see."""
    item = _visible_items(user=user, meeting=meeting).filter(pk=item_pk).first()
    if item is None:
        raise Http404(_("Dit agendapunt bestaat niet of u heeft er geen toegang toe."))
    prefetch_markings([item])
    item.meeting = meeting
    directs = may_direct_meeting(user, meeting)
    return _item_views(user=user, meeting=meeting, directs=directs, items=[item])[0]


def invitable_organisations(*, meeting: Meeting) -> QuerySet[Organisation]:
    """Who may be invited for an item: active convenant partners of the table's region."""
    return convenant_partners(region_id=meeting.table.region_id)


def attendance_organisations(*, meeting: Meeting) -> QuerySet[Organisation]:
    return Organisation.objects.filter(region_id=meeting.table.region_id, is_active=True).order_by(
        "name"
    )


@dataclass
class CaseMeetingRow:
    meeting: Meeting
    item: AgendaItem


def case_meetings_section(*, user: User, case: Case) -> list[CaseMeetingRow] | None:
    """The meetings this case was or will be discussed in, as far as the user may see them.

    None hides the section."""
    items = (
        visible_agenda_items(user)
        .filter(case=case)
        .select_related("meeting", "meeting__table")
        .order_by("-meeting__starts_at")
    )
    rows = [CaseMeetingRow(meeting=item.meeting, item=item) for item in items]
    return rows or None
