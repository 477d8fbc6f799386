"""Input columns → typed float64 columns, validated column-wise.

`read_column` gives, for one input of one indicator, ``(values, empty,
faulty)``: the values as float64 (dates as day ordinals, booleans as 1 / 0),
the empty cells and the cells that are not a clean value of the input's type
(None when there are none). Clean numeric columns are judged with a few
whole-column reductions; text cells (Thai digits, thousands separators, Thai
dates) go through the scalar coercion of `kpiengine.evidence.inputs`, once
per distinct text. A faulty cell sends its row to the scalar engine, which
words the fault exactly as for a YAML file.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from kpiengine.core.errors import ValueFormatError
from kpiengine.core.numbers import parse_number
from kpiengine.engine.batch.table import NULL
from kpiengine.evidence.inputs import COERCE

_FAIL = object()


def _mask_or_none(mask):
    return mask if mask.any() else None


def _number_column(column, kind: str):
    values = column.numbers
    if column.whole:
        empty = None
        low = values.min() if len(values) else 0.0
    else:
        low = values.min() if len(values) else 0.0
        empty = _mask_or_none(np.isnan(values)) if low != low else None
    faulty = None
    if kind == "count":
        if not column.whole:
            with np.errstate(invalid="ignore"):
                fraction = values != np.floor(values)
                if empty is not None:
                    fraction &= ~empty
                fraction |= np.isinf(values)
            faulty = _mask_or_none(fraction)
        if not low >= 0:  # negative counts (or NaN: the empty cells, already known)
            with np.errstate(invalid="ignore"):
                negative = _mask_or_none(values < 0)
            if negative is not None:
                faulty = negative if faulty is None else faulty | negative
    elif not column.whole:
        infinite = np.isinf(values)
        if infinite.any():
            faulty = infinite
    return values, empty, faulty


def _cell_value(kind: str, cell, memo: dict):
    key = (type(cell), cell)
    try:
        found = memo.get(key, None)
    except TypeError:  # an unhashable cell (a list, a mapping)
        return _FAIL
    if found is not None:
        return found
    try:
        if kind == "score":
            value = parse_number(cell)
        else:
            value = COERCE[kind](cell)
    except ValueFormatError:
        value = _FAIL
    if value is not _FAIL:
        if isinstance(value, date):
            value = float(value.toordinal())
        elif isinstance(value, bool):
            value = 1.0 if value else 0.0
        else:
            try:
                value = float(value)
            except OverflowError:  # a whole number beyond floats: the scalar engine's exact integers decide
                value = _FAIL
    memo[key] = value
    return value


def _cell_column(column, kind: str, n: int):
    values = np.zeros(n, dtype=np.float64)
    empty = np.zeros(n, dtype=bool)
    faulty = np.zeros(n, dtype=bool)
    memo: dict = {}
    for row in range(n):
        cell = column.cell(row)
        if cell is None:
            empty[row] = True
            continue
        if cell is NULL:  # an explicit null: the scalar engine reads it (not delivered, or a missing value)
            faulty[row] = True
            continue
        value = _cell_value(kind, cell, memo)
        if value is _FAIL:
            faulty[row] = True
        else:
            values[row] = value
    return values, _mask_or_none(empty), _mask_or_none(faulty)


def read_column(column, kind: str, n: int):
    """`kind`: an input type (count, number, percent, currency, date, boolean) or 'score' (an external score)."""
    if column is None:
        return np.zeros(n, dtype=np.float64), np.ones(n, dtype=bool), None
    if column.numbers is not None and kind not in ("date", "boolean"):
        return _number_column(column, kind if kind != "score" else "number")
    return _cell_column(column, kind, n)
