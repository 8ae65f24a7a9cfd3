"""Sittings generated from a table's schedule (PRODUCT.md section 8)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from schakel.meetings import services
from schakel.meetings.models import Meeting
from schakel.tables.models import DayPart, Frequency, Weekday
from tests.factories import TableFactory


def local_days(meetings):
    return [timezone.localtime(m.starts_at).date() for m in meetings]


def test_weekly_schedule(table):
    table.frequency, table.weekday, table.day_part = (
        Frequency.WEEKLY,
        Weekday.THURSDAY,
        DayPart.AFTERNOON,
    )
    table.location = "ZVH Dordrecht"
    table.save()
    until = timezone.localdate() + datetime.timedelta(weeks=4)
    services.generate_meetings(table=table, until=until)
    meetings = list(Meeting.objects.filter(table=table).order_by("starts_at"))
    days = local_days(meetings)
    assert len(meetings) in (4, 5)
    assert all(day.weekday() == Weekday.THURSDAY for day in days)
    assert all((b - a).days == 7 for a, b in zip(days, days[1:], strict=False))
    first = timezone.localtime(meetings[0].starts_at)
    assert (first.hour, timezone.localtime(meetings[0].ends_at).hour) == (13, 16)
    assert all(m.from_schedule and m.location == "ZVH Dordrecht" for m in meetings)
    assert all(m.starts_at > timezone.now() for m in meetings)
    assert all(m.scheduled_for == day for m, day in zip(meetings, days, strict=True))


def test_two_weekly_schedule_follows_anchor(table):
    anchor = datetime.date(2025, 1, 7)  # a Tuesday
    table.frequency, table.weekday, table.schedule_anchor = (
        Frequency.BIWEEKLY,
        Weekday.TUESDAY,
        anchor,
    )
    table.day_part = DayPart.MORNING
    table.save()
    services.generate_meetings(
        table=table, until=timezone.localdate() + datetime.timedelta(weeks=8)
    )
    days = local_days(Meeting.objects.filter(table=table).order_by("starts_at"))
    assert len(days) in (4, 5)
    assert all((day - anchor).days % 14 == 0 for day in days)
    assert all(timezone.localtime(m.starts_at).hour == 9 for m in Meeting.objects.all())


def test_generation_is_idempotent(table):
    until = timezone.localdate() + datetime.timedelta(weeks=6)
    first = services.generate_meetings(table=table, until=until)
    assert first
    assert services.generate_meetings(table=table, until=until) == []
    assert Meeting.objects.filter(table=table).count() == len(first)


def test_moved_or_cancelled_meeting_is_not_regenerated(table, procesregisseur):
    until = timezone.localdate() + datetime.timedelta(weeks=4)
    services.generate_meetings(table=table, until=until)
    meetings = list(Meeting.objects.filter(table=table).order_by("starts_at"))
    moved, cancelled = meetings[0], meetings[1]
    new_start = moved.starts_at + datetime.timedelta(days=10, hours=2)
    services.move_meeting(
        meeting=moved,
        actor=procesregisseur,
        starts_at=new_start,
        ends_at=new_start + datetime.timedelta(hours=2),
        location="Gemeentehuis",
    )
    services.cancel_meeting(meeting=cancelled, actor=procesregisseur)
    assert services.generate_meetings(table=table, until=until) == []
    assert Meeting.objects.filter(table=table).count() == len(meetings)


def test_past_and_inactive_are_skipped(table):
    assert (
        services.generate_meetings(
            table=table, until=timezone.localdate() - datetime.timedelta(days=1)
        )
        == []
    )
    table.is_active = False
    table.save()
    assert (
        services.generate_meetings(
            table=table, until=timezone.localdate() + datetime.timedelta(weeks=4)
        )
        == []
    )


def test_plan_overleggen_command_plans_all_active_tables(region, table):
    other = TableFactory(region=region, name="Jeugd", weekday=Weekday.THURSDAY)
    TableFactory(region=region, name="Oud", is_active=False)
    call_command("plan_overleggen", "--weken", "3")
    assert Meeting.objects.filter(table=table).count() >= 2
    assert Meeting.objects.filter(table=other).count() >= 2
    assert not Meeting.objects.filter(table__is_active=False).exists()
    count = Meeting.objects.count()
    call_command("plan_overleggen", "--weken", "3")
    assert Meeting.objects.count() == count


# --- by hand ----------------------------------------------------------------------------------


def test_add_meeting_by_hand_with_dutch_validation(table, procesregisseur, region, other_region):
    start = timezone.now() + datetime.timedelta(days=3)
    meeting = services.add_meeting(
        table=table,
        actor=procesregisseur,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
    )
    assert not meeting.from_schedule and meeting.scheduled_for is None
    with pytest.raises(ValidationError) as error:
        services.add_meeting(table=table, actor=procesregisseur, starts_at=start, ends_at=start)
    assert error.value.message_dict["ends_at"] == ["Het overleg moet eindigen na het begin."]
    elsewhere = TableFactory(region=other_region, name="Elders")
    with pytest.raises(ValidationError) as error:
        services.add_meeting(
            table=elsewhere,
            actor=procesregisseur,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
        )
    assert "table" in error.value.message_dict


def test_only_the_tables_procesregisseur_moves_or_cancels(table, partner_user, procesregisseur):
    services.generate_meetings(
        table=table, until=timezone.localdate() + datetime.timedelta(weeks=2)
    )
    meeting = Meeting.objects.filter(table=table).first()
    with pytest.raises(PermissionDenied):
        services.cancel_meeting(meeting=meeting, actor=partner_user)
    with pytest.raises(ValidationError) as error:
        services.move_meeting(
            meeting=meeting,
            actor=procesregisseur,
            starts_at=meeting.starts_at,
            ends_at=meeting.starts_at - datetime.timedelta(hours=1),
            location="",
        )
    assert "ends_at" in error.value.message_dict
