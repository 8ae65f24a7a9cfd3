"""Schakel's |date writes exactly what Django's |date writes, once per date."""

from __future__ import annotations

import datetime
import zoneinfo
from pathlib import Path

import pytest
from django.template import Context, Engine, Template
from django.utils import timezone, translation

from schakel.core.templatetags import dates

# Every format the templates of Schakel give |date, and a few that show the zone.
TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "schakel"
FORMATS = sorted(
    {
        match.split('"')[1]
        for path in TEMPLATES_DIR.rglob("*.html")
        for match in path.read_text(encoding="utf-8").split("|date:")[1:]
        if match.startswith('"')
    }
    | {"e O T", "c", "r", "U"}
) + [None]

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
MOMENTS = [
    datetime.datetime(2026, 1, 1, 0, 0, tzinfo=datetime.UTC),
    datetime.datetime(2026, 3, 29, 0, 59, 59, tzinfo=datetime.UTC),  # just before summer time
    datetime.datetime(2026, 3, 29, 1, 0, tzinfo=datetime.UTC),  # summer time begins
    datetime.datetime(2026, 10, 25, 0, 30, tzinfo=datetime.UTC),  # the doubled hour, first
    datetime.datetime(2026, 10, 25, 1, 30, tzinfo=datetime.UTC),  # the doubled hour, again
    datetime.datetime(2026, 11, 30, 23, 30, 15, tzinfo=datetime.UTC),
    datetime.datetime(2024, 2, 29, 12, 0, tzinfo=datetime.UTC),
]
DAYS = [datetime.date(2026, 1, 1), datetime.date(2026, 5, 5), datetime.date(2024, 2, 29)]


def _django(value, arg):
    return (
        Engine(builtins=[])
        .from_string("{{ value|date:arg }}")
        .render(Context({"value": value, "arg": arg}))
    )


def _schakel(value, arg):
    # The project's engine: the builtins of settings.TEMPLATES.
    return Template("{{ value|date:arg }}").render(Context({"value": value, "arg": arg}))


def test_the_formats_of_the_templates_are_found():
    assert "j F Y" in FORMATS and "j F Y H:i" in FORMATS and len(FORMATS) > 8


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("zone", [AMSTERDAM, datetime.UTC, NEW_YORK])
def test_every_moment_in_every_format_is_written_as_django_writes_it(language, zone):
    with translation.override(language), timezone.override(zone):
        for arg in FORMATS:
            for moment in MOMENTS:
                # Twice: the second comes from what was kept.
                assert _schakel(moment, arg) == _django(moment, arg), (moment, arg)
                assert _schakel(moment, arg) == _django(moment, arg), (moment, arg)
            for day in DAYS:
                if arg is None or not set(arg) & set("aAfgGhHiIsuBOPTeUcr"):
                    assert _schakel(day, arg) == _django(day, arg), (day, arg)


def test_the_same_instant_is_written_in_each_zone_it_is_shown_in():
    moment = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=datetime.UTC)
    with timezone.override(AMSTERDAM):
        here = _schakel(moment, "H:i")
    with timezone.override(NEW_YORK):
        there = _schakel(moment, "H:i")
    assert (here, there) == ("12:00", "06:00")


def test_a_language_switch_writes_the_month_in_the_new_language():
    day = datetime.date(2026, 3, 5)
    with translation.override("nl"):
        assert _schakel(day, "j F Y") == "5 maart 2026"
    with translation.override("en"):
        assert _schakel(day, "j F Y") == "5 March 2026"


@pytest.mark.parametrize("value", [None, "", "2026-01-01", 12, object()])
def test_anything_else_is_left_to_djangos_filter(value):
    with translation.override("nl"):
        assert _schakel(value, "j F Y") == _django(value, "j F Y")


def test_the_templates_use_it_and_a_date_written_again_is_taken_from_what_was_kept():
    day = datetime.date(2031, 7, 14)
    before = dates._written.cache_info()
    with translation.override("nl"):
        assert _schakel(day, "j F Y") == _schakel(day, "j F Y") == "14 juli 2031"
    after = dates._written.cache_info()
    assert (after.misses - before.misses, after.hits - before.hits) == (1, 1)
    assert after.maxsize == dates.KEPT
