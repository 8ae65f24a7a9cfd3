"""Bar charts for the reports, drawn as SVG on the server (no script, no outside source).

A hidden figure is never drawn to its size: its bar is replaced by the words that replace
the number in the table, so the chart gives away nothing the table hides.
"""

from __future__ import annotations

from dataclasses import dataclass

from schakel.reports.tables import Cell, ReportTable

BAR_AREA = 460  # px for the longest bar


@dataclass(frozen=True)
class Bar:
    label: str
    length: int
    text: str
    hidden: bool
    y: int


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    height: int


def bar_chart(table: ReportTable, *, column: int | None = None) -> Chart | None:
    """One bar per row: its total, or the figure of one column."""
    if table.is_empty:
        return None
    cells: list[tuple[str, Cell]] = []
    for label, row_cells, total in table.lines():
        cell = row_cells[column] if column is not None else total
        if cell is None:
            cell = row_cells[0]
        cells.append((label, cell))
    longest = max((c.value for _l, c in cells if not c.hidden), default=0) or 1
    bars = [
        Bar(
            label=label,
            length=0 if cell.hidden else round(BAR_AREA * cell.value / longest),
            text=cell.shown(table.limit),
            hidden=cell.hidden,
            y=index * 28,
        )
        for index, (label, cell) in enumerate(cells)
    ]
    return Chart(title=table.title, bars=bars, height=len(bars) * 28 + 8)


def value_chart(title: str, values: list[tuple[str, float | None, str]], longest: float) -> Chart:
    """One bar per (label, value, text): a value of None is hidden and drawn as its text
    only. `longest` is the value of a full bar, so that charts side by side compare."""
    longest = longest or 1
    bars = [
        Bar(
            label=label,
            length=0 if value is None else round(BAR_AREA * value / longest),
            text=text,
            hidden=value is None,
            y=index * 28,
        )
        for index, (label, value, text) in enumerate(values)
    ]
    return Chart(title=title, bars=bars, height=len(bars) * 28 + 8)
