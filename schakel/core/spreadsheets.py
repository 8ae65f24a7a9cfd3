"""CSV exports that a spreadsheet program opens safely."""

from __future__ import annotations

# Free text (typed by professionals, or read from a partner's file): a cell starting with
# one of these would be run as a formula by a spreadsheet program.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_PREFIXES) else value
