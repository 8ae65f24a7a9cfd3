"""Addresses of pages, reversed once per name instead of once per link.

A list of twenty-five cases or a meeting of twenty-five agenda items has a hundred and more
``{% url %}`` links, and Django's ``reverse`` matches the name's patterns anew for every one
of them (about 25 µs each, several milliseconds of such a page). Nearly all of Schakel's
links take only ids. So for a name and a number of id arguments the address is reversed
once, with placeholder ids, and kept as a template in which each id is filled in.

Only plain non-negative integers take that way: every id converter of Schakel writes them
as their digits, as the placeholder was written. Any other argument, keyword arguments, or
a name whose address does not show each placeholder exactly once go through Django's
``reverse`` as before. tests/core/test_reversing.py compares both for every named address.
"""

from __future__ import annotations

from typing import Any

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# Placeholders no real id of Schakel reaches, each with its own digits.
_PLACEHOLDERS = tuple(7_319_000_000_000_000 + 1_111 * (n + 1) for n in range(6))

# (name, current app, number of ids, prefix, urlconf, language) -> the address in parts
# (text, id position, text, …), or None when that name goes through reverse.
_templates: dict[tuple[Any, ...], tuple[tuple[str, ...], tuple[int, ...]] | None] = {}


def _template(
    viewname: str, current_app: str | None, arity: int
) -> tuple[tuple[str, ...], tuple[int, ...]] | None:
    try:
        address = reverse(viewname, args=_PLACEHOLDERS[:arity], current_app=current_app)
    except Exception:  # noqa: BLE001 - no template: reverse itself will raise for the real ids
        return None
    if any(address.count(str(placeholder)) != 1 for placeholder in _PLACEHOLDERS[:arity]):
        return None
    found = sorted(
        (address.find(str(placeholder)), position)
        for position, placeholder in enumerate(_PLACEHOLDERS[:arity])
    )
    texts: list[str] = []
    positions: list[int] = []
    start = 0
    for index, position in found:
        texts.append(address[start:index])
        positions.append(position)
        start = index + len(str(_PLACEHOLDERS[position]))
    texts.append(address[start:])
    return tuple(texts), tuple(positions)


def reverse_ids(viewname: str, args: list[Any] | tuple[Any, ...], current_app: str | None) -> str:
    """``reverse(viewname, args=args, current_app=current_app)``, the same address."""
    if len(args) > len(_PLACEHOLDERS) or not all(type(arg) is int and arg >= 0 for arg in args):
        return reverse(viewname, args=args, current_app=current_app)
    key = (viewname, current_app, len(args), get_script_prefix(), get_urlconf(), get_language())
    try:
        template = _templates[key]
    except KeyError:
        template = _templates[key] = _template(viewname, current_app, len(args))
    if template is None:
        return reverse(viewname, args=args, current_app=current_app)
    texts, positions = template
    parts = [texts[0]]
    for position, text in zip(positions, texts[1:], strict=True):
        parts.append(str(args[position]))
        parts.append(text)
    return "".join(parts)
