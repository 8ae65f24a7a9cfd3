"""The planning that hangs on the expected release date ("niet met lege handen naar
buiten"). Deadlines are derived from the date, never stored: a new release date moves
them all at once."""

from __future__ import annotations

import datetime

# The quickscan is due four weeks before release; the detainee must have been discussed
# two weeks before release.
QUICKSCAN_LEAD_DAYS = 28
DISCUSS_LEAD_DAYS = 14
# A detainee released within this many days with conditions not in order is a warning.
WARNING_DAYS = 14


def quickscan_due(release_on: datetime.date) -> datetime.date:
    return release_on - datetime.timedelta(days=QUICKSCAN_LEAD_DAYS)


def discuss_before(release_on: datetime.date) -> datetime.date:
    return release_on - datetime.timedelta(days=DISCUSS_LEAD_DAYS)


def released_soon(release_on: datetime.date, *, today: datetime.date) -> bool:
    """Release falls today or within WARNING_DAYS from today."""
    return today <= release_on <= today + datetime.timedelta(days=WARNING_DAYS)


def needs_warning(release_on: datetime.date, *, open_conditions: int, today: datetime.date) -> bool:
    return open_conditions > 0 and released_soon(release_on, today=today)
