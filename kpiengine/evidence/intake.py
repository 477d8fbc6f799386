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

import os
import re
from decimal import Decimal

from kpiengine.core.errors import EvidenceFileError
from kpiengine.core.problems import Location
from kpiengine.evidence.codes import EV00
from kpiengine.evidence.document import Evidence, load_evidence
from kpiengine.sources.xlsx import Percent, WorkbookError, is_workbook, read_sheet

SHEET = "evidence"
_STEP = re.compile(r"(^|\.)step\.\d+$")


def is_table(path) -> bool:
    return os.fspath(path).lower().endswith(".csv") or is_workbook(os.fspath(path))


def load_units(path, ruleset) -> list[Evidence]:
    """Every unit's evidence in the file at `path`; `EvidenceFileError` when it cannot be read."""
    path = os.fspath(path)
    if is_workbook(path):
        return read_workbook(path, ruleset)
    if path.lower().endswith(".csv"):
        from kpiengine.evidence import table  # tables only when one is read

        return table.read_table(path, ruleset)
    return [load_evidence(path)]


def read_workbook(path: str, ruleset) -> list[Evidence]:
    from kpiengine.evidence import table

    try:
        sheet, grid = read_sheet(path, SHEET)
    except WorkbookError as exc:
        where = Location(path, sheet=exc.sheet, cell=exc.cell) if exc.cell else Location(path)
        raise EvidenceFileError([EV00.problem(exc.message, where)]) from None
    return table.read_grid(_percents(grid), path, sheet, ruleset)


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
