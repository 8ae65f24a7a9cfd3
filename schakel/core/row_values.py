"""Reading the text values of one imported row (a CSV line) into typed values.

A row is what a partner's system exported, so dates come in the Dutch order
(14-03-2025) as often as in ISO (2025-03-14). A value that cannot be read is None; the
service that takes the row names the column in its Dutch message.
"""

from __future__ import annotations

import datetime

DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y")


def parse_date(text: str | None) -> datetime.date | None:
    value = (text or "").strip()
    if not value or len(value) > 10:
        return None
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, date_format).date()
        except ValueError:
            continue
    return None
