"""Evidence tables: many units' evidence in one grid (a CSV file or a sheet).

Two layouts, told apart by their header row (see docs/rounds.md):

- **units** — a row per unit: a ``unit`` column, optional ``as_of`` and
  ``assessment`` columns, then one column per field named as in
  `kpiengine.evidence.columns` (``satisfaction.satisfied``,
  ``review-steps.step.2``, ``ext.score``);
- **inputs** — a row per field, a column per unit: columns ``indicator`` and
  ``input`` (``name``, ``type``, ``allowed``, ``help`` may stand beside them,
  as in the Excel template), every other column is a unit named by its
  header; rows whose ``indicator`` is ``as_of`` or ``assessment`` give those
  per unit.

Cells are read as evaluators type them (Thai digits, thousands separators,
Thai and BE dates) by the same evidence reader as YAML files, so every fault
has the same code, located at its cell: ``units.csv:H7`` or
``evidence.xlsx:evidence!H7``. An empty cell is no value: an indicator whose
cells are all empty has no evidence, except that an empty delivery date is
"not delivered" and empty steps are "not started" once the unit gave
anything for that indicator; a cell ``not delivered`` (``ยังไม่ส่ง``,
``null``) is an explicit "not delivered". A unit whose cells are all empty
has no evidence at all.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass

from kpiengine.core.errors import EvidenceFileError, ValueFormatError
from kpiengine.core.messages import say
from kpiengine.core.numbers import parse_number
from kpiengine.core.problems import Location
from kpiengine.evidence.codes import EV00
from kpiengine.evidence.columns import split_column
from kpiengine.evidence.document import CellLocator, Evidence, evidence_from_mapping

META_COLUMNS = ("indicator", "name", "input", "type", "allowed", "help")
NOT_DELIVERED = frozenset({"not delivered", "ยังไม่ส่ง", "null"})  # an explicit null, e.g. a deadline not met
HEADER_FIELDS = ("as_of", "assessment")
MAX_TABLE_BYTES = 200 * 1024 * 1024


def cell_name(row: int, column: int) -> str:
    """``H7`` for 0-based row 6, column 7."""
    letters = ""
    n = column + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    return "" if value is None else str(value).strip()


@dataclass
class _Field:
    """One filled cell of one unit: which indicator and suffix, the raw value and its cell."""

    indicator: str
    suffix: str
    value: object
    cell: str


def read_table(path, ruleset) -> list[Evidence]:
    """Every unit's evidence in the CSV file at `path` (UTF-8, with or without a byte-order mark)."""
    path = os.fspath(path)
    return read_grid(csv_grid(path), path, None, ruleset)


def csv_grid(path: str) -> list[list]:
    """The cells of a CSV file, or `EvidenceFileError` saying why it cannot be read."""
    try:
        if os.path.getsize(path) > MAX_TABLE_BYTES:
            raise EvidenceFileError([EV00.problem(say("table too large (more than {size} MB)", size=MAX_TABLE_BYTES // 2**20),
                                                  Location(path))])
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return list(csv.reader(fh))
    except UnicodeDecodeError as exc:
        raise EvidenceFileError([EV00.problem(say("the table is not UTF-8 text (save it as CSV UTF-8) (byte {byte})",
                                                  byte=f"0x{exc.object[exc.start]:02x}"), Location(path))]) from None
    except csv.Error as exc:
        raise EvidenceFileError([EV00.problem(say("not a readable CSV table ({reason})", reason=str(exc)), Location(path))]) from None
    except OSError as exc:
        raise EvidenceFileError([EV00.problem(say("cannot read file ({reason})", reason=exc.strerror or str(exc)), Location(path))]) from None


def read_grid(grid: list[list], file: str, sheet: str | None, ruleset) -> list[Evidence]:
    """Every unit's evidence in a grid of cells (rows of raw values: text, numbers, dates)."""
    rows = [list(row) for row in grid]
    while rows and all(_empty(c) for c in rows[-1]):
        rows.pop()
    if not rows:
        raise EvidenceFileError([EV00.problem(say("empty table: expected a header row"),
                                              Location(file, sheet=sheet, cell="A1"))])
    header = [_text(c).lower() if _text(c).lower() in META_COLUMNS + HEADER_FIELDS + ("unit",) else _text(c)
              for c in rows[0]]
    halves = [name for name in ("indicator", "input") if name in header]
    if len(halves) == 2:  # checked first: the template's default unit column is named 'unit'
        return _inputs_layout(rows, header, file, sheet, ruleset)
    if len(halves) == 1:  # a template whose columns were renamed or moved
        missing = "input" if halves == ["indicator"] else "indicator"
        raise EvidenceFileError([EV00.problem(
            say("no '{missing}' column in row 1: the sheet has '{given}' but the evidence template needs both "
                "(columns A–F: {columns}; the units from column G)", missing=missing, given=halves[0],
                columns=", ".join(META_COLUMNS)),
            Location(file, sheet=sheet, cell="A1"))])
    if "unit" in header:
        return _units_layout(rows, header, file, sheet, ruleset)
    raise EvidenceFileError([EV00.problem(
        say("not an evidence table: expected a 'unit' column (a row per unit) or the columns 'indicator' and "
            "'input' (a row per input, a column per unit)"), Location(file, sheet=sheet, cell="A1"))])


def _units_layout(rows, header, file, sheet, ruleset) -> list[Evidence]:
    unit_col = header.index("unit")
    special = {name: header.index(name) for name in HEADER_FIELDS if name in header}
    fields = [(j, name) for j, name in enumerate(header)
              if j != unit_col and j not in special.values() and name]
    out = []
    for i, row in enumerate(rows[1:], start=1):
        row = row + [None] * (len(header) - len(row))
        if all(_empty(c) for c in row):
            continue
        filled = []
        for j, name in fields:
            if not _empty(row[j]):
                indicator, suffix = split_column(name, ruleset)
                filled.append(_Field(indicator, suffix, row[j], cell_name(i, j)))
        heads = {name: (row[j], cell_name(i, j)) for name, j in special.items()}
        out.append(_evidence(_text(row[unit_col]) or None, cell_name(i, unit_col), heads, filled, file, sheet,
                             ruleset))
    return out


def _inputs_layout(rows, header, file, sheet, ruleset) -> list[Evidence]:
    ind_col, input_col = header.index("indicator"), header.index("input")
    unit_cols = [j for j, name in enumerate(header) if name not in META_COLUMNS and name]
    out = []
    for j in unit_cols:
        filled, heads = [], {}
        for i, row in enumerate(rows[1:], start=1):
            indicator = _text(row[ind_col]) if ind_col < len(row) else ""
            value = row[j] if j < len(row) else None
            if indicator.lower() in HEADER_FIELDS:
                heads[indicator.lower()] = (value, cell_name(i, j))
                continue
            if not indicator or _empty(value):
                continue
            suffix = _text(row[input_col]) if input_col < len(row) else ""
            filled.append(_Field(indicator, suffix, value, cell_name(i, j)))
        out.append(_evidence(header[j], cell_name(0, j), heads, filled, file, sheet, ruleset))
    return out


def _evidence(unit, unit_cell, heads, filled: list[_Field], file, sheet, ruleset) -> Evidence:
    """One unit's fields → an `Evidence` whose faults point at the cells."""
    cells: dict[tuple, str] = {(): unit_cell, ("unit",): unit_cell}
    data: dict = {"kind": "evidence", "plan": ruleset.plan.id, "unit": unit}
    for name, (value, cell) in heads.items():
        if not _empty(value):
            data[name] = value.isoformat() if hasattr(value, "isoformat") else _text(value)
            cells[(name,)] = cell
    values: dict = {}
    for f in filled:
        entry = values.setdefault(f.indicator, {})
        cells.setdefault(("values", f.indicator), f.cell)
        step = _step_number(f.suffix)
        indicator = ruleset.indicators.get(f.indicator)
        if step is not None and indicator is not None and indicator.unit == "milestone":
            _put_step(entry, step, f, cells)
            continue
        entry[f.suffix] = _cell_value(f.value)
        cells[("values", f.indicator, f.suffix)] = f.cell
    for ident, entry in values.items():
        indicator = ruleset.indicators.get(ident)
        if indicator is None:
            continue
        if indicator.unit == "milestone" and indicator.steps:
            entry.setdefault("completed", [])  # steps left empty are not started
        date_name = indicator.date_input
        if date_name is not None and date_name not in entry:
            entry[date_name] = None  # an empty delivery date: not delivered
    data["values"] = values
    locator = CellLocator(file, sheet, cells, unit_cell)
    return evidence_from_mapping(data, None, locator=locator, file=file)


def _cell_value(value):
    """What the evidence reader gets for a filled cell: dates as ISO text, a not-delivered mark as null."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str) and value.strip().lower() in NOT_DELIVERED:
        return None
    return value


def _step_number(suffix: str) -> int | None:
    head, _, number = suffix.partition(".")
    if head != "step" or not number.isdigit():
        return None
    return int(number)


def _put_step(entry: dict, step: int, f: _Field, cells: dict) -> None:
    """A step's fraction done: 1 → completed, 0 → not started, between → partial (faults reported later)."""
    completed = entry.setdefault("completed", [])
    try:
        fraction = parse_number(f.value)
    except ValueFormatError:
        fraction = None
    if fraction == 1:
        cells[("values", f.indicator, "completed", len(completed))] = f.cell
        completed.append(step)
    elif fraction != 0:
        entry.setdefault("partial", {})[step] = f.value if fraction is None else fraction
        cells[("values", f.indicator, "partial", step)] = f.cell
