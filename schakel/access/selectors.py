from __future__ import annotations

import datetime
import statistics
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncDate
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access.models import AccessAction, AccessLogEntry, EmergencyAccess
from schakel.access.policy import CASE_READING_REASONS, require_role
from schakel.access.rules import CASE_ROLES
from schakel.accounts.models import RoleAssignment, SecurityEvent, SecurityEventKind, User
from schakel.accounts.roles import Role
from schakel.cases.models import CaseParticipant
from schakel.organisations.models import Organisation

Logged = TypeVar("Logged", AccessLogEntry, SecurityEvent, EmergencyAccess)


def _officer_region(user: User) -> int | None:
    """The privacy officer's region; None (read nothing) for an account without one."""
    require_role(user, Role.PRIVACY_OFFICER)
    return user.region_id


def _region_log(region_id: int) -> QuerySet[AccessLogEntry]:
    """The log rows written for the region's organisations.

    The organisations are read first (a few dozen ids): with their ids as a list, each
    partition's index scan filters on them, where a join would be repeated for every
    organisation over every monthly partition."""
    organisations = Organisation.objects.filter(region_id=region_id)
    return AccessLogEntry.objects.filter(
        organisation_id__in=list(organisations.values_list("pk", flat=True))
    )


def _within(
    rows: QuerySet[Logged],
    field: str,
    date_from: datetime.date | None,
    date_to: datetime.date | None,
) -> QuerySet[Logged]:
    # The days as a range of moments (local midnight to local midnight), not a date
    # taken of every row: an index on the field serves the range, and on PostgreSQL
    # only the access log's partitions of those months are read.
    if date_from:
        rows = rows.filter(**{f"{field}__gte": _local_midnight(date_from)})
    if date_to:
        rows = rows.filter(
            **{f"{field}__lt": _local_midnight(date_to + datetime.timedelta(days=1))}
        )
    return rows


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def access_log_for_privacy_officer(
    *,
    user: User,
    case_ref: int | None = None,
    person_ref: int | None = None,
    username: str = "",
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AccessLogEntry]:
    """The access log of the officer's own region; nobody else may read it."""
    region_id = _officer_region(user)
    if region_id is None:
        return AccessLogEntry.objects.none()
    entries = _region_log(region_id)
    if case_ref:
        entries = entries.filter(case_ref=case_ref)
    if person_ref:
        entries = entries.filter(person_ref=person_ref)
    if username:
        # The user's id, not a join: the planner then knows how many rows are theirs.
        user_id = User.objects.filter(username=username).values_list("pk", flat=True).first()
        entries = entries.filter(user_id=user_id) if user_id else entries.none()
    if action:
        entries = entries.filter(action=action)
    entries = _within(entries, "at", date_from, date_to)
    # The page shows the user and the person; the organisation is in on_behalf_of.
    return entries.select_related("user", "person")


def refused_access_for_privacy_officer(
    *,
    user: User,
    name: str = "",
    organisation: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[SecurityEvent]:
    """Refused attempts to reach an object by users of the officer's own region."""
    region_id = _officer_region(user)
    if region_id is None:
        return SecurityEvent.objects.none()
    events = SecurityEvent.objects.filter(
        kind=SecurityEventKind.ACCESS_REFUSED, user__organisation__region_id=region_id
    )
    if name:
        events = events.filter(
            Q(username__icontains=name)
            | Q(user__first_name__icontains=name)
            | Q(user__last_name__icontains=name)
        )
    if organisation:
        events = events.filter(user__organisation__name__icontains=organisation)
    events = _within(events, "occurred_at", date_from, date_to)
    return events.select_related("user", "user__organisation").order_by("-occurred_at", "-pk")


# --- Noodtoegang -------------------------------------------------------------------------


def emergency_accesses_for_privacy_officer(*, user: User) -> QuerySet[EmergencyAccess]:
    """Every noodtoegang of the officer's own region."""
    region_id = _officer_region(user)
    if region_id is None:
        return EmergencyAccess.objects.none()
    return EmergencyAccess.objects.filter(region_id=region_id).select_related(
        "user", "user__organisation", "reviewed_by"
    )


def emergency_accesses_to_review(*, user: User) -> QuerySet[EmergencyAccess]:
    """Not yet reviewed, oldest first: the officer's work list."""
    return (
        emergency_accesses_for_privacy_officer(user=user)
        .filter(reviewed_at__isnull=True)
        .order_by("started_at", "pk")
    )


def reviewed_emergency_accesses(*, user: User) -> QuerySet[EmergencyAccess]:
    return (
        emergency_accesses_for_privacy_officer(user=user)
        .filter(reviewed_at__isnull=False)
        .order_by("-reviewed_at", "-pk")
    )


def get_emergency_access_for_privacy_officer(*, user: User, pk: int) -> EmergencyAccess:
    access = emergency_accesses_for_privacy_officer(user=user).filter(pk=pk).first()
    if access is None:
        raise Http404(_("Deze noodtoegang bestaat niet of u heeft er geen toegang toe."))
    return access


def log_rows_under_emergency_access(*, access: EmergencyAccess) -> QuerySet[AccessLogEntry]:
    """What the user did with the case while the noodtoegang lasted (its start included)."""
    return (
        AccessLogEntry.objects.filter(
            user_id=access.user_id,
            case_ref=access.case_ref,
            at__gte=access.started_at,
            at__lte=access.ends_at,
        )
        .select_related("user", "person")
        .order_by("at", "pk")
    )


def own_emergency_access(*, user: User, pk: int) -> EmergencyAccess:
    """One's own noodtoegang; anyone else's does not exist for this user."""
    access = EmergencyAccess.objects.filter(pk=pk, user_id=user.pk).first()
    if access is None:
        raise Http404(_("Deze noodtoegang bestaat niet."))
    return access


# --- Ongebruikelijke toegang ---------------------------------------------------------------

# A user reads "many more" persons than peers of the same role above this multiple of
# the peers' median (distinct persons read in the period).
PEER_FACTOR = 3
# Office hours in the Netherlands: reads before the first or from the second hour on, or
# on a Saturday or Sunday (ISO weekday 6 and 7), are out of hours.
OFFICE_OPENS_HOUR = 7
OFFICE_CLOSES_HOUR = 19
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class PeerOutlier:
    user: User
    role: str
    persons: int
    median: float
    peers: int

    @property
    def ratio(self) -> float:
        return self.persons / self.median

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


@dataclass(frozen=True)
class OffHoursReads:
    user: User
    day: datetime.date
    reads: int
    persons: int


@dataclass(frozen=True)
class EndedInvolvementReads:
    user: User
    case_ref: int
    reads: int
    first: datetime.datetime
    last: datetime.datetime


@dataclass(frozen=True)
class UnusualAccessReport:
    date_from: datetime.date
    date_to: datetime.date
    peer_outliers: list[PeerOutlier]
    off_hours: list[OffHoursReads]
    ended_involvement: list[EndedInvolvementReads]
    emergency_accesses: list[EmergencyAccess]


def _region_reads(
    region_id: int, date_from: datetime.date, date_to: datetime.date
) -> QuerySet[AccessLogEntry]:
    reads = _region_log(region_id).filter(action=AccessAction.READ)
    return _within(reads, "at", date_from, date_to)


def _peer_outliers(
    reads: QuerySet[AccessLogEntry], region_id: int
) -> list[tuple[int, str, int, float, int]]:
    """(user id, role, persons, median, peers) of the users far above their role's median.

    The database counts the distinct persons per user (one row per user, however many
    log rows); only the medians of those few numbers are taken here."""
    persons_by_user = dict(
        reads.filter(person_ref__isnull=False)
        .values("user_id")
        .annotate(persons=Count("person_ref", distinct=True))
        .values_list("user_id", "persons")
    )
    if not persons_by_user:
        return []
    roles = RoleAssignment.objects.filter(
        user_id__in=list(persons_by_user),
        user__organisation__region_id=region_id,
        role__in=CASE_ROLES,
    ).values_list("user_id", "role")
    users_by_role: dict[str, list[int]] = defaultdict(list)
    for user_id, role in roles:
        users_by_role[role].append(user_id)
    found = []
    for role, user_ids in sorted(users_by_role.items()):
        median = statistics.median(persons_by_user[u] for u in user_ids)
        for user_id in user_ids:
            persons = persons_by_user[user_id]
            if median > 0 and persons > PEER_FACTOR * median:
                found.append((user_id, role, persons, float(median), len(user_ids)))
    return found


def _off_hours(reads: QuerySet[AccessLogEntry]) -> QuerySet[AccessLogEntry, dict[str, Any]]:
    return (
        reads.annotate(
            local_hour=ExtractHour("at", tzinfo=AMSTERDAM),
            local_weekday=ExtractIsoWeekDay("at", tzinfo=AMSTERDAM),
            local_day=TruncDate("at", tzinfo=AMSTERDAM),
        )
        .filter(
            Q(local_hour__lt=OFFICE_OPENS_HOUR)
            | Q(local_hour__gte=OFFICE_CLOSES_HOUR)
            | Q(local_weekday__gte=6)
        )
        .values("user_id", "local_day")
        .annotate(reads=Count("pk"), persons=Count("person_ref", distinct=True))
        .order_by("local_day", "user_id")
    )


def _after_involvement_ended(
    reads: QuerySet[AccessLogEntry],
) -> QuerySet[AccessLogEntry, dict[str, Any]]:
    """Reads of a case by someone whose organisation's involvement in it had ended, with no
    involvement of it in force at the moment of reading."""
    ended = CaseParticipant.objects.filter(
        case_id=OuterRef("case_ref"),
        organisation_id=OuterRef("organisation_id"),
        reason__in=CASE_READING_REASONS,
        ended_at__lte=OuterRef("at"),
    )
    in_force = CaseParticipant.objects.filter(
        case_id=OuterRef("case_ref"),
        organisation_id=OuterRef("organisation_id"),
        reason__in=CASE_READING_REASONS,
        since__lte=OuterRef("at"),
    ).filter(Q(ended_at__isnull=True) | Q(ended_at__gt=OuterRef("at")))
    return (
        reads.filter(case_ref__isnull=False)
        .filter(Exists(ended), ~Exists(in_force))
        .values("user_id", "case_ref")
        .annotate(reads=Count("pk"), first=Min("at"), last=Max("at"))
        .order_by("first", "user_id")
    )


def unusual_access_report(
    *, user: User, date_from: datetime.date, date_to: datetime.date
) -> UnusualAccessReport:
    """What the privacy officer should look at in the region's access log for a period.

    Every figure is an aggregate computed by the database, grouped per user (and day or
    case): the report reads a few rows per user, never the log rows themselves."""
    region_id = _officer_region(user)
    if region_id is None:
        return UnusualAccessReport(date_from, date_to, [], [], [], [])
    reads = _region_reads(region_id, date_from, date_to)
    outliers = _peer_outliers(reads, region_id)
    off_hours = list(_off_hours(reads))
    ended = list(_after_involvement_ended(reads))
    accesses = list(
        _within(
            emergency_accesses_for_privacy_officer(user=user), "started_at", date_from, date_to
        ).order_by("started_at", "pk")
    )
    user_ids = {row[0] for row in outliers}
    user_ids |= {row["user_id"] for row in off_hours} | {row["user_id"] for row in ended}
    users = User.objects.select_related("organisation").in_bulk(user_ids)
    return UnusualAccessReport(
        date_from=date_from,
        date_to=date_to,
        peer_outliers=[
            PeerOutlier(users[u], role, persons, median, peers)
            for u, role, persons, median, peers in outliers
        ],
        off_hours=[
            OffHoursReads(users[r["user_id"]], r["local_day"], r["reads"], r["persons"])
            for r in off_hours
        ],
        ended_involvement=[
            EndedInvolvementReads(
                users[r["user_id"]], r["case_ref"], r["reads"], r["first"], r["last"]
            )
            for r in ended
        ],
        emergency_accesses=accesses,
    )
