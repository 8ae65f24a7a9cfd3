"""A report table and its small-count suppression (PRODUCT.md sections 14 and 15).

Every count from 1 up to the threshold (default 5) is shown as "minder dan 5": a small
number could point to a person. Totals are computed from the real counts, so hiding one
cell is not enough — the cell could be computed back from its row or column total and the
other cells. Secondary suppression therefore hides, in every row and column where exactly
one figure of the sum is hidden, the smallest other figure as well (or the total when no
other figure is left), until no sum has exactly one hidden part. Zero is shown as 0: it
points to no one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _


def threshold() -> int:
    return int(getattr(settings, "SCHAKEL_REPORT_THRESHOLD", 5))


@dataclass(frozen=True)
class Cell:
    """One figure as shown: its value, or hidden."""

    value: int
    hidden: bool = False

    def shown(self, limit: int) -> str:
        if self.hidden:
            if self.value < limit:
                return _("minder dan %(limit)d") % {"limit": limit}
            # Hidden only so that a small figure cannot be computed back from the totals.
            return _("afgeschermd")
        return str(self.value)

    def export(self, limit: int) -> int | str:
        """For CSV and spreadsheet: the number, or the text that replaces it."""
        return self.shown(limit) if self.hidden else self.value


@dataclass
class ReportTable:
    """Counts in rows and columns, with row and column totals when `totals` is set."""

    title: str
    row_label: str
    columns: list[str]
    rows: list[tuple[str, list[int]]]
    totals: bool = True
    # For the accessible caption and the chart: what a figure counts.
    unit: str = ""
    cells: list[list[Cell]] = field(default_factory=list)
    row_totals: list[Cell] = field(default_factory=list)
    column_totals: list[Cell] = field(default_factory=list)
    grand_total: Cell | None = None
    limit: int = 5

    @property
    def is_empty(self) -> bool:
        return not any(any(values) for _label, values in self.rows)

    def lines(self) -> list[tuple[str, list[Cell], Cell | None]]:
        return [
            (label, self.cells[i], self.row_totals[i] if self.totals else None)
            for i, (label, _values) in enumerate(self.rows)
        ]

    def export_rows(self) -> list[list[int | str]]:
        """Header and rows as they are shown, with the same suppression."""
        header: list[int | str] = [self.row_label, *self.columns]
        if self.totals:
            header.append(_("Totaal"))
        out: list[list[int | str]] = [header]
        for label, cells, total in self.lines():
            row: list[int | str] = [label, *(c.export(self.limit) for c in cells)]
            if total is not None:
                row.append(total.export(self.limit))
            out.append(row)
        if self.totals and self.grand_total is not None:
            out.append(
                [
                    _("Totaal"),
                    *(c.export(self.limit) for c in self.column_totals),
                    self.grand_total.export(self.limit),
                ]
            )
        return out


# One figure of a sum: its value, whether it is hidden, and where it is (kind, index, index).
Part = tuple[int, bool, tuple[str, int | None, int | None]]


def _is_small(value: int, limit: int) -> bool:
    return 0 < value < limit


def suppress(table: ReportTable, limit: int | None = None) -> ReportTable:
    """Fill in the table's cells and totals with primary and secondary suppression."""
    limit = threshold() if limit is None else limit
    table.limit = limit
    values = [list(v) for _label, v in table.rows]
    hidden = [[_is_small(v, limit) for v in row] for row in values]
    row_sums = [sum(row) for row in values]
    column_sums = [sum(column) for column in zip(*values, strict=True)] if values else []
    grand = sum(row_sums)
    row_hidden = [_is_small(v, limit) for v in row_sums]
    column_hidden = [_is_small(v, limit) for v in column_sums]
    grand_hidden = [_is_small(grand, limit)]

    if table.totals and values:
        parts: list[Part]
        changed = True
        while changed:
            changed = False
            # Each row: its cells plus its total form one sum.
            for i, row in enumerate(values):
                parts = [(row[j], hidden[i][j], ("cell", i, j)) for j in range(len(row))]
                parts.append((row_sums[i], row_hidden[i], ("row", i, None)))
                changed |= _hide_second(parts, hidden, row_hidden, column_hidden, grand_hidden)
            # Each column: its cells plus its total.
            for j in range(len(column_sums)):
                parts = [(values[i][j], hidden[i][j], ("cell", i, j)) for i in range(len(values))]
                parts.append((column_sums[j], column_hidden[j], ("column", j, None)))
                changed |= _hide_second(parts, hidden, row_hidden, column_hidden, grand_hidden)
            # The grand total is the sum of the column totals and of the row totals.
            for kind, sums, flags in (
                ("column", column_sums, column_hidden),
                ("row", row_sums, row_hidden),
            ):
                parts = [(v, flags[k], (kind, k, None)) for k, v in enumerate(sums)]
                parts.append((grand, grand_hidden[0], ("grand", None, None)))
                changed |= _hide_second(parts, hidden, row_hidden, column_hidden, grand_hidden)

    table.cells = [
        [Cell(v, hidden[i][j]) for j, v in enumerate(row)] for i, row in enumerate(values)
    ]
    table.row_totals = [Cell(v, row_hidden[i]) for i, v in enumerate(row_sums)]
    table.column_totals = [Cell(v, column_hidden[j]) for j, v in enumerate(column_sums)]
    table.grand_total = Cell(grand, grand_hidden[0])
    return table


def _hide_second(
    parts: Sequence[Part],
    hidden: list[list[bool]],
    row_hidden: list[bool],
    column_hidden: list[bool],
    grand_hidden: list[bool],
) -> bool:
    """When exactly one part of a sum is hidden, hide the smallest other non-zero part."""
    if sum(1 for _v, is_hidden, _w in parts if is_hidden) != 1:
        return False
    candidates = [(v, where) for v, is_hidden, where in parts if not is_hidden and v > 0]
    if not candidates:
        return False  # the others are all zero or hidden: nothing can be computed back
    # Prefer a cell over a total, then the smallest.
    candidates.sort(key=lambda c: (c[1][0] != "cell", c[0]))
    _value, (kind, a, b) = candidates[0]
    if kind == "cell" and a is not None and b is not None:
        hidden[a][b] = True
    elif kind == "row" and a is not None:
        row_hidden[a] = True
    elif kind == "column" and a is not None:
        column_hidden[a] = True
    else:
        grand_hidden[0] = True
    return True


@dataclass
class FigureTable:
    """A table of figures that are not plain counts (durations, averages): each row is
    already shown as text, with a figure resting on too few cases replaced by its reason."""

    title: str
    header: list[str]
    rows: list[list[str]]

    def export_rows(self) -> list[list[int | str]]:
        rows: list[list[int | str]] = [list(self.header)]
        rows.extend(list(row) for row in self.rows)
        return rows


def figure_or_reason(value: float | None, count: int, limit: int, *, decimals: int = 0) -> str:
    """A median or average is shown only when it rests on at least `limit` cases."""
    if count == 0 or value is None:
        return "—"
    if count < limit:
        return _("minder dan %(limit)d casussen") % {"limit": limit}
    return f"{value:.{decimals}f}".replace(".", ",")
