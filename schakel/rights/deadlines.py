"""The legal deadline of a rights request (AVG art. 12(3)).

The controller answers "without undue delay and in any event within one month of receipt";
that period "may be extended by two further months where necessary", once, with the
reasons told to the person. Months are calendar months: a request received on 31 January
is due on the last day of February.
"""

from __future__ import annotations

import calendar
import datetime

ANSWER_MONTHS = 1
EXTENSION_MONTHS = 2


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the last day of that month when it is shorter."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last_day))


def initial_deadline(received_on: datetime.date) -> datetime.date:
    return add_months(received_on, ANSWER_MONTHS)


def extended_deadline(received_on: datetime.date) -> datetime.date:
    """One month plus the single extension of two months, counted from receipt."""
    return add_months(received_on, ANSWER_MONTHS + EXTENSION_MONTHS)
