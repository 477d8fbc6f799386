"""Excel workbooks (.xlsx) → grids of cell values, with the sheet and cell of each.

What the evaluator sees is what we read: a real date cell is a `date`, a
percent-formatted cell holding 0.66 is the `Percent` 0.66 (shown as 66 %; the
evidence stage decides what a percent means for its field), a formula cell is
its value as last computed by Excel, text is text (Thai digits and thousands
separators are read later, like YAML values). Nothing else of the workbook is
trusted: the reader opens it read-only, without macros or external links.

A file that is not a workbook, or has no sheet we can read, raises
`WorkbookError` with a message naming what is missing.
"""

from __future__ import annotations

import os
from datetime import datetime, time

MAX_WORKBOOK_BYTES = 50 * 1024 * 1024
MAX_CELLS = 5_000_000


class WorkbookError(Exception):
    """A workbook that cannot be read; `cell` is where (or None for the whole file)."""

    def __init__(self, message: str, sheet: str | None = None, cell: str | None = None):
        super().__init__(message)
        self.message, self.sheet, self.cell = message, sheet, cell


class Percent(float):
    """A number from a percent-formatted cell: 0.66 shown as 66 %."""

    __slots__ = ()


def _value(cell):
    value = cell.value
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date()
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "%" in (cell.number_format or ""):
            return Percent(value)
    if isinstance(value, str):
        return value.strip() or None
    return value


def sheet_names(path: str) -> list[str]:
    return list(_open(path).sheetnames)


def _open(path: str):
    import zipfile

    import openpyxl  # imported here: only runs that read a workbook pay for it

    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise WorkbookError(f"cannot read file ({exc.strerror or exc})") from None
    if size > MAX_WORKBOOK_BYTES:
        raise WorkbookError(f"workbook too large (more than {MAX_WORKBOOK_BYTES // 2**20} MB)")
    if not zipfile.is_zipfile(path):
        raise WorkbookError("not an Excel workbook (.xlsx): save it as 'Excel Workbook (*.xlsx)'")
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise WorkbookError(f"not a readable Excel workbook ({type(exc).__name__}: {exc})") from None


def read_sheet(path: str, wanted: str | None = None) -> tuple[str, list[list]]:
    """(sheet name, rows of cell values) of sheet `wanted`, or of the only sheet when `wanted` is absent.

    Rows keep their positions: row i, column j of the grid is the cell at Excel row i+1, column j+1.
    """
    workbook = _open(path)
    try:
        names = list(workbook.sheetnames)
        if wanted in names:
            name = wanted
        elif len(names) == 1:
            name = names[0]
        else:
            shown = ", ".join(f"'{n}'" for n in names)
            raise WorkbookError(f"no sheet '{wanted}' in the workbook (sheets: {shown}); the evidence goes in a "
                                f"sheet named '{wanted}' as made by 'kpi template'")
        sheet = workbook[name]
        grid: list[list] = []
        count = 0
        for row in sheet.iter_rows():
            values = []
            for cell in row:
                values.append(_value(cell) if hasattr(cell, "value") else None)
            count += len(values)
            if count > MAX_CELLS:
                raise WorkbookError(f"sheet too large (more than {MAX_CELLS:,} cells)", name)
            grid.append(values)
        return name, grid
    finally:
        workbook.close()


def is_workbook(path: str) -> bool:
    return os.fspath(path).lower().endswith((".xlsx", ".xlsm"))


__all__ = ["Percent", "WorkbookError", "is_workbook", "read_sheet", "sheet_names"]
