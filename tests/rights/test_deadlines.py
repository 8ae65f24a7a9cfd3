import datetime

import pytest

from schakel.rights.deadlines import add_months, extended_deadline, initial_deadline


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (datetime.date(2025, 3, 14), datetime.date(2025, 4, 14)),
        # A shorter next month: its last day.
        (datetime.date(2025, 1, 31), datetime.date(2025, 2, 28)),
        (datetime.date(2024, 1, 31), datetime.date(2024, 2, 29)),
        # Over the turn of the year.
        (datetime.date(2025, 12, 15), datetime.date(2026, 1, 15)),
    ],
)
def test_one_month_after_receipt(received, due):
    assert initial_deadline(received) == due


def test_extension_adds_two_months_to_the_first():
    assert extended_deadline(datetime.date(2025, 3, 14)) == datetime.date(2025, 6, 14)
    assert extended_deadline(datetime.date(2025, 11, 30)) == datetime.date(2026, 2, 28)


def test_add_months_keeps_the_day_where_it_exists():
    assert add_months(datetime.date(2025, 5, 31), 1) == datetime.date(2025, 6, 30)
    assert add_months(datetime.date(2025, 5, 31), 2) == datetime.date(2025, 7, 31)
