"""Evidence from any file an evaluator brings: YAML, a CSV table, or an Excel workbook.

`load_units(path, ruleset)` returns every unit's `Evidence` in the file:

- ``*.yaml`` / ``*.yml``: one evidence document (`load_evidence`);
- ``*.csv``: an evidence table in either layout (`kpiengine.evidence.table`);
- ``*.xlsx``: the sheet ``evidence`` (as ``kpi template`` makes it, in either
  layout; or the only sheet of a workbook with one), read cell by cell
  (`kpiengine.sources.xlsx`) and handed to the same table reader, so faults
  carry the same codes, located ``t.xlsx:evidence!H7``.

Percent-formatted cells: in a step row (a fraction done, 0–1) 50 % is 0.5; in
any other field 66 % is the number 66, as the evaluator sees it.
"""

from __future__ import annotations

import csv
import os
import re
from decimal import Decimal

from kpiengine.core.errors import EvidenceFileError
from kpiengine.core.problems import Location
from kpiengine.evidence import table
from kpiengine.evidence.codes import EV00
from kpiengine.evidence.document import Evidence, load_evidence
from kpiengine.sources.xlsx import Percent, WorkbookError, is_workbook, read_sheet

SHEET = "evidence"
NULL_MARK = "not delivered"
NULL_MARKS = frozenset({"not delivered", "ยังไม่ส่ง", "null"})
_NULL = "\x00null"
_STEP = re.compile(r"(^|\.)step\.\d+$")


def is_table(path) -> bool:
    return os.fspath(path).lower().endswith(".csv") or is_workbook(os.fspath(path))


def load_units(path, ruleset) -> list[Evidence]:
    """Every unit's evidence in the file at `path`; `EvidenceFileError` when it cannot be read."""
    path = os.fspath(path)
    if is_workbook(path):
        return read_workbook(path, ruleset)
    if path.lower().endswith(".csv"):
        return _read_grid(_csv_grid(path), path, None, ruleset)
    return [load_evidence(path)]


def _read_grid(grid: list[list], file: str, sheet: str | None, ruleset) -> list[Evidence]:
    """`table.read_grid`, with two additions the template needs:

    - a grid with the columns 'indicator' and 'input' is the inputs layout even when a unit is named 'unit'
      (the template's default column; read_grid takes a 'unit' header for the units layout);
    - a cell holding a not-delivered mark (``not delivered``, ``ยังไม่ส่ง``, ``null``) is an explicit null: a
      deadline given as not delivered, where an empty cell would be no evidence at all.
    """
    grid = [[_NULL if isinstance(c, str) and c.strip().lower() in NULL_MARKS else c for c in row] for row in grid]
    header = [str(c).strip().lower() if c is not None else "" for c in grid[0]] if grid else []
    halves = [name for name in ("indicator", "input") if name in header]
    if len(halves) == 1:  # a template whose columns were renamed or moved
        missing = "input" if halves == ["indicator"] else "indicator"
        raise EvidenceFileError([EV00.problem(
            f"no '{missing}' column in row 1: the sheet has '{halves[0]}' but the evidence template needs both "
            f"(columns A–F: {', '.join(table.META_COLUMNS)}; the units from column G)",
            Location(file, sheet=sheet, cell="A1"))])
    if "indicator" in header and "input" in header and "unit" in header:
        rows = [list(row) for row in grid]
        names = [str(c).strip() if c is not None else "" for c in rows[0]]
        names = [n.lower() if n.lower() in table.META_COLUMNS else n for n in names]
        units = table._inputs_layout(rows, names, file, sheet, ruleset)
    else:
        units = table.read_grid(grid, file, sheet, ruleset)
    for evidence in units:
        for entry in evidence.entries.values():
            if isinstance(entry.values, dict):
                for key, value in entry.values.items():
                    if value == _NULL:
                        entry.values[key] = None
    return units


def _csv_grid(path: str) -> list[list]:
    """The cells of a CSV table (UTF-8, with or without a byte-order mark), with read_table's messages."""
    try:
        if os.path.getsize(path) > table.MAX_TABLE_BYTES:
            raise EvidenceFileError([EV00.problem(
                f"table too large (more than {table.MAX_TABLE_BYTES // 2**20} MB)", Location(path))])
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return list(csv.reader(fh))
    except UnicodeDecodeError as exc:
        raise EvidenceFileError([EV00.problem(f"the table is not UTF-8 text (save it as CSV UTF-8) "
                                              f"(byte 0x{exc.object[exc.start]:02x})", Location(path))]) from None
    except csv.Error as exc:
        raise EvidenceFileError([EV00.problem(f"not a readable CSV table ({exc})", Location(path))]) from None
    except OSError as exc:
        raise EvidenceFileError([EV00.problem(f"cannot read file ({exc.strerror or exc})", Location(path))]) from None


def read_workbook(path: str, ruleset) -> list[Evidence]:
    try:
        sheet, grid = read_sheet(path, SHEET)
    except WorkbookError as exc:
        where = Location(path, sheet=exc.sheet, cell=exc.cell) if exc.cell else Location(path)
        raise EvidenceFileError([EV00.problem(exc.message, where)]) from None
    return _read_grid(_percents(grid), path, sheet, ruleset)


def _percents(grid: list[list]) -> list[list]:
    """Percent cells → fractions in step fields, percent numbers elsewhere."""
    if not grid:
        return grid
    header = [str(c).strip().lower() if c is not None else "" for c in grid[0]]
    input_col = header.index("input") if "input" in header and "unit" not in header else None
    step_cols = {j for j, name in enumerate(header) if _STEP.search(name)}
    out = []
    for i, row in enumerate(grid):
        step_row = input_col is not None and i > 0 and input_col < len(row) and \
            _STEP.search(str(row[input_col] or "").strip()) is not None
        cells = []
        for j, value in enumerate(row):
            if isinstance(value, Percent):
                exact = Decimal(repr(float(value)))
                value = float(exact) if step_row or j in step_cols else _number(exact * 100)
            cells.append(value)
        out.append(cells)
    return out


def _number(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)
