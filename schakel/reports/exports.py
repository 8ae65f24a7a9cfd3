"""Every report table as CSV and as a spreadsheet, with the same suppression as on screen."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Protocol

from openpyxl import Workbook
from openpyxl.styles import Font


class Exportable(Protocol):
    title: str

    def export_rows(self) -> list[list[int | str]]: ...


def as_csv(tables: Sequence[Exportable]) -> bytes:
    """Semicolon-separated with a byte-order mark, as Dutch spreadsheet programs expect;
    the tables one below the other, each under its title."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        writer.writerow([table.title])
        writer.writerows(table.export_rows())
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(tables: Sequence[Exportable]) -> bytes:
    """One worksheet per table."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for index, table in enumerate(tables, start=1):
        # Sheet names: at most 31 characters, unique, none of : \\ / ? * [ ]
        name = "".join(ch for ch in table.title if ch not in ":\\/?*[]")[:28] or f"Tabel {index}"
        while name in used:
            name = f"{name[:25]} {index}"
        used.add(name)
        sheet = workbook.create_sheet(title=name)
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        for row in table.export_rows():
            sheet.append(row)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
