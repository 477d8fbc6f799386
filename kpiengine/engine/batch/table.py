"""Evidence tables in memory: column name → equal-length sequence.

Column names (the units layout of docs/rounds.md): ``unit``, ``as_of``,
``assessment``, then ``<indicator>.<input>``,
``<indicator>.step.<N>`` (the fraction of milestone step N done: 1 =
completed, 0 or empty = not started) and ``<indicator>.score`` (an external
score). A table is a mapping of such names to lists, numpy arrays, pandas
Series or pyarrow arrays, or a pandas DataFrame or pyarrow Table itself.

`Table` keeps each column twice when it can: as float64 (NaN = empty) for the
vectorized path, and as the cells as given, from which `row_evidence` builds
the `Evidence` of one row, exactly as a reader of the file would — for the
scalar engine to report the rare faulty row, and for `BatchResult.reports`.

A row's evidence for an indicator: an indicator whose cells are all empty
has no evidence in that row (the plan's ``on_missing`` applies). Otherwise
every non-empty cell is given; an empty input cell is a missing input, except
a date input, where empty means not delivered.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from kpiengine.core.errors import EvidenceFileError, ValueFormatError
from kpiengine.core.numbers import parse_number
from kpiengine.core.problems import Location
from kpiengine.evidence.codes import EV00
from kpiengine.evidence.columns import split_column
from kpiengine.evidence.document import CellLocator, Evidence, EvidenceEntry
from kpiengine.evidence.table import NOT_DELIVERED

META = ("unit", "as_of", "assessment")


class _Null:
    """A cell holding a not-delivered mark (``not delivered``, ``ยังไม่ส่ง``, ``null``): an explicit null, as
    the table reader reads it — a deadline given as not delivered, where an empty cell is no evidence."""

    def __repr__(self) -> str:
        return "NULL"


NULL = _Null()
STEP_COLUMN = re.compile(r"^step\.(\d+)$")


def is_empty(cell) -> bool:
    """None, NaN, pandas' NA and blank text are empty cells."""
    if cell is None:
        return True
    if isinstance(cell, float):
        return cell != cell
    if isinstance(cell, str):
        return not cell.strip()
    if type(cell).__name__ in ("NAType", "NaTType"):
        return True
    return False


@dataclass
class Column:
    name: str
    index: int  # position in the table (for cell letters)
    numbers: np.ndarray | None  # float64 (NaN = empty) or the given integers; None when not all numbers
    cells: object  # the cells as given (a list or an array), read one by one
    whole: bool = False  # given as integers (no empty cell, every number whole)

    def cell(self, row: int):
        value = self.cells[row]
        if isinstance(value, np.generic):
            value = value.item()
        if isinstance(value, str) and value.strip().lower() in NOT_DELIVERED:
            return NULL
        return None if is_empty(value) else value


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _as_array(values):
    """A column as a numpy array (numbers) or a list of cells (anything else)."""
    if hasattr(values, "to_numpy") and not isinstance(values, np.ndarray):
        try:
            values = values.to_numpy(zero_copy_only=False)  # pyarrow
        except TypeError:
            values = values.to_numpy()  # pandas
    if isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise ValueError(f"a column must be one-dimensional, got shape {values.shape}")
        if values.dtype.kind == "M":
            values = values.astype("datetime64[D]").astype(object)
        return values
    return list(values)


def _numbers(cells) -> tuple[np.ndarray | None, bool]:
    """float64 view of a column whose cells are all numbers (not booleans) or empty."""
    if isinstance(cells, np.ndarray):
        kind = cells.dtype.kind
        if kind in "iu":
            return cells, True  # integers stay integers: arithmetic casts to float64 inside each operation
        if kind == "f":
            return cells.astype(np.float64, copy=False), False
        if kind != "O":
            return None, False
    kinds = {type(c) for c in cells}
    if not kinds <= {int, float, type(None)}:
        return None, False
    try:
        numbers = np.array([np.nan if c is None else c for c in cells], dtype=np.float64)
    except OverflowError:
        return None, False
    return numbers, kinds == {int}


class Table:
    """A table's columns, checked for equal lengths and known names."""

    def __init__(self, table, ruleset, source: str = ""):
        self.source = source
        raw = _columns_of(table)
        lengths = {name: len(values) for name, values in raw.items()}
        if len(set(lengths.values())) > 1:
            shown = ", ".join(f"'{k}' ({v})" for k, v in list(lengths.items())[:6])
            raise EvidenceFileError([EV00.problem(f"the columns have different lengths: {shown}", Location(source))])
        self.n = next(iter(lengths.values()), 0)
        self.columns: dict[str, Column] = {}
        for index, (name, values) in enumerate(raw.items()):
            cells = _as_array(values)
            numbers, whole = _numbers(cells)
            self.columns[str(name)] = Column(str(name), index, numbers, cells, whole)
        self.by_indicator: dict[str, dict[str, Column]] = {}  # indicator id → suffix → column
        self.unknown: dict[str, dict[str, Column]] = {}  # unknown indicator id → suffix → column
        for name, column in self.columns.items():
            if name in META:
                continue
            owner, suffix = split_column(name, ruleset)  # as the table reader names fields
            group = self.by_indicator if owner in ruleset.indicators else self.unknown
            group.setdefault(owner, {})[suffix] = column

    def meta(self, name: str, row: int):
        column = self.columns.get(name)
        return None if column is None else column.cell(row)

    def cell_name(self, column: Column, row: int) -> str:
        """The spreadsheet cell of a value: header in row 1, the first unit in row 2."""
        return f"{_column_letters(column.index)}{row + 2}"


def _columns_of(table) -> dict:
    if hasattr(table, "column_names") and hasattr(table, "column"):  # pyarrow.Table
        return {name: table.column(name) for name in table.column_names}
    if hasattr(table, "columns") and hasattr(table, "iloc"):  # pandas.DataFrame
        return {str(name): table[name] for name in table.columns}
    if not hasattr(table, "items"):
        raise TypeError(f"an evidence table maps column names to sequences, got {type(table).__name__}")
    return dict(table.items())


# --- one row as the Evidence a reader would give -----------------------------------------------------------


def indicator_entry(table: Table, indicator, row: int, columns: dict | None = None):
    """The raw evidence of `indicator` in `row` (None when all its cells are empty)."""
    columns = table.by_indicator.get(indicator.id, {}) if columns is None else columns
    cells = {key: column.cell(row) for key, column in columns.items()}
    if all(value is None for value in cells.values()):
        return None, cells
    entry: dict = {}
    steps_done: list = []
    partial: dict = {}
    milestone = indicator is not None and indicator.unit == "milestone"
    for key, value in cells.items():
        step = STEP_COLUMN.match(key)
        if milestone and step:
            number = int(step.group(1))
            if value is None:
                continue
            if value is NULL:
                value = columns[key].cells[row]  # a step reads the mark as text, as the table reader does
            fraction = _fraction(value)
            if fraction == 1:
                steps_done.append(number)
            elif fraction != 0:
                partial[number] = value
            continue
        if value is None and not (indicator is not None and key == indicator.date_input):
            continue  # an empty cell is no value; an empty delivery date is "not delivered"
        if value is NULL:
            value = None
        elif hasattr(value, "isoformat"):
            value = value.isoformat()  # a date cell reaches the evidence reader as ISO text
        entry[key] = value
    if milestone and indicator.steps:
        entry["completed"] = sorted(steps_done)
        if partial:
            entry["partial"] = dict(sorted(partial.items()))
    return entry, cells


def _fraction(value):
    try:
        number = parse_number(value)
    except ValueFormatError:
        return None
    return number if math.isfinite(number) else None


def row_evidence(table: Table, ruleset, row: int) -> Evidence:
    """The `Evidence` of one row, located by cell (``file:H7``)."""
    cells: dict = {("values",): f"A{row + 2}"}
    for name in META:
        column = table.columns.get(name)
        if column is not None:
            cells[(name,)] = table.cell_name(column, row)
    values: dict = {}
    for group in (table.by_indicator, table.unknown):
        for ident, columns in group.items():
            indicator = ruleset.indicators.get(ident)
            entry, _ = indicator_entry(table, indicator, row, columns)
            if entry is None:
                continue
            values[ident] = entry
            filled = [c for c in columns.values() if c.cell(row) is not None]
            first = min(filled or columns.values(), key=lambda c: c.index)
            cells[("values", ident)] = table.cell_name(first, row)
            for key, column in columns.items():
                step = STEP_COLUMN.match(key)
                if step and indicator is not None and indicator.unit == "milestone":
                    number = int(step.group(1))
                    cells[("values", ident, "partial", number)] = table.cell_name(column, row)
                else:
                    cells[("values", ident, key)] = table.cell_name(column, row)
            if indicator is not None and indicator.unit == "milestone":
                steps = {int(STEP_COLUMN.match(k).group(1)): c for k, c in columns.items() if STEP_COLUMN.match(k)}
                if steps:
                    cells[("values", ident, "completed")] = table.cell_name(min(steps.values(),
                                                                                key=lambda c: c.index), row)
                for i, number in enumerate(entry.get("completed", ())):
                    cells[("values", ident, "completed", i)] = table.cell_name(steps[number], row)
    locator = CellLocator(table.source, None, cells, f"A{row + 2}")
    unit = table.meta("unit", row)
    evidence = Evidence(table.source, ruleset.plan.id, None if unit is None else str(unit), None,
                        locator=locator, assessment=_text(table.meta("assessment", row)))
    for ident, entry in values.items():
        evidence.entries[ident] = EvidenceEntry(ident, entry, locator, ("values", ident))
    return evidence


def _text(value):
    return None if value is None else str(value)


def evidence_cells(ruleset, evidence) -> dict:
    """One unit's `Evidence` as the cells of a units-layout row: column name → value (ISO dates as text)."""
    from datetime import date

    cells = {}
    for ident, entry in evidence.entries.items():
        indicator = ruleset.indicators.get(ident)
        values = entry.values if isinstance(entry.values, dict) else {}
        for key, value in values.items():
            if indicator is not None and indicator.unit == "milestone" and key in ("completed", "partial"):
                items = [(step, 1) for step in value or []] if key == "completed" else list((value or {}).items())
                for step, fraction in items:
                    cells[f"{ident}.step.{step}"] = fraction
            else:
                cells[f"{ident}.{key}"] = value.isoformat() if isinstance(value, date) else value
        if indicator is not None and indicator.unit == "milestone" and indicator.steps and \
                not any(k.startswith(f"{ident}.step.") for k in cells):
            cells[f"{ident}.step.{indicator.steps[0].step}"] = 0  # evidence given, nothing done yet
    return cells
