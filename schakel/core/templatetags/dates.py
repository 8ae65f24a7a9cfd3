"""Schakel's ``|date``: Django's filter, with each formatted date kept once written.

Django builds a DateFormat and looks up the translated month and day names for every
date it formats: about 25 µs each, and a worklist or case list formats dozens of the same
few dates ("j F Y" of today, of a deadline). The text of a date depends only on the
value, its time zone, the format and the language, so it is kept per combination of
those (bounded, least recently used first out). A template builtin (settings.TEMPLATES),
so every template of Schakel uses it without loading it.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

from django import template
from django.template.defaultfilters import date as django_date
from django.utils.translation import get_language

register = template.Library()

# Distinct dates a worker formats in a day: a few thousand at most.
KEPT = 8192


@lru_cache(maxsize=KEPT)
def _written(
    value: datetime.date,
    tzinfo: datetime.tzinfo | None,
    fold: int,
    arg: str | None,
    language: str | None,
) -> str:
    # tzinfo and fold are part of the key only: two aware datetimes of the same instant are
    # equal, but are written differently in different zones. The language is the active
    # one, as for Django's filter.
    return django_date(value, arg)


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Format a date according to the given format, as Django's |date does."""
    if isinstance(value, datetime.datetime):
        return _written(value, value.tzinfo, value.fold, arg, get_language())
    if isinstance(value, datetime.date):
        return _written(value, None, 0, arg, get_language())
    return django_date(value, arg)
