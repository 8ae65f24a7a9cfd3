import datetime

from schakel.nazorg.deadlines import (
    WARNING_DAYS,
    discuss_before,
    needs_warning,
    quickscan_due,
    released_soon,
)

TODAY = datetime.date(2026, 3, 2)


def test_deadlines_are_counted_back_from_the_release_date():
    release = datetime.date(2026, 6, 30)
    assert quickscan_due(release) == datetime.date(2026, 6, 2)
    assert discuss_before(release) == datetime.date(2026, 6, 16)


def test_release_within_the_warning_window_counts_as_soon_inclusive():
    assert released_soon(TODAY, today=TODAY)
    assert released_soon(TODAY + datetime.timedelta(days=WARNING_DAYS), today=TODAY)
    assert not released_soon(TODAY + datetime.timedelta(days=WARNING_DAYS + 1), today=TODAY)
    # Already released: the warning is for what can still be arranged.
    assert not released_soon(TODAY - datetime.timedelta(days=1), today=TODAY)


def test_warning_needs_both_a_near_release_and_an_open_condition():
    soon = TODAY + datetime.timedelta(days=3)
    assert needs_warning(soon, open_conditions=1, today=TODAY)
    assert not needs_warning(soon, open_conditions=0, today=TODAY)
    assert not needs_warning(TODAY + datetime.timedelta(days=40), open_conditions=5, today=TODAY)
