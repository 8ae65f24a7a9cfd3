"""The iCalendar feed (RFC 5545) of a table's sittings.

Written by hand: it is a few lines of text, and keeping it here makes sure nothing but
dates, times, place and status ever goes in — never a case, a name or an agenda item.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from schakel.meetings.models import Meeting, MeetingStatus
from schakel.tables.models import Table

PRODUCT_ID = "-//Schakel//Regietafels//NL"
LINE_LIMIT = 75  # octets, without the line break (RFC 5545 section 3.1)


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 section 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold_line(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character (section 3.1)."""
    parts: list[str] = []
    current, size, limit = "", 0, LINE_LIMIT
    for character in line:
        width = len(character.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            # A continuation line starts with one space, which counts toward its 75 octets.
            current, size, limit = character, width, LINE_LIMIT - 1
        else:
            current += character
            size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _status(meeting: Meeting) -> str:
    return "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED"


def table_calendar(*, table: Table, meetings: Iterable[Meeting], host: str) -> str:
    stamp = _utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(f'Regietafel {table.name}')}",
    ]
    for meeting in meetings:
        lines += [
            "BEGIN:VEVENT",
            f"UID:overleg-{meeting.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(meeting.starts_at)}",
            f"DTEND:{_utc(meeting.ends_at)}",
            f"SUMMARY:{escape_text(f'Casusoverleg {table.name}')}",
        ]
        if meeting.location:
            lines.append(f"LOCATION:{escape_text(meeting.location)}")
        lines += [f"STATUS:{_status(meeting)}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)
