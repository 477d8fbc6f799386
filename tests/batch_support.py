"""Shared by the batch tests: evidence → table cells, and one unit's batch columns vs its scalar result."""

from __future__ import annotations

import math
from datetime import date

import numpy as np

from kpiengine.engine.batch.result import STATUS

TOLERANCE = 1e-9


def entry_cells(indicator, values: dict) -> dict:
    """An evidence entry (input → value, completed / partial) as the cells of its table columns."""
    cells = {}
    for key, value in values.items():
        if key == "completed":
            for step in value or []:
                cells[f"{indicator.id}.step.{step}"] = 1
        elif key == "partial":
            for step, fraction in (value or {}).items():
                cells[f"{indicator.id}.step.{step}"] = fraction
        else:
            cells[f"{indicator.id}.{key}"] = value.isoformat() if isinstance(value, date) else value
    if indicator.unit == "milestone" and indicator.steps and not any(k.startswith(f"{indicator.id}.step.")
                                                                     for k in cells):
        cells[f"{indicator.id}.step.{indicator.steps[0].step}"] = 0  # given, nothing done yet
    return cells


def close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


def _number(x):
    if isinstance(x, np.datetime64):
        return None if np.isnat(x) else x.astype(date)
    x = float(x)
    return None if math.isnan(x) else x


def differences(batch, row: int, reference) -> list[str]:
    """Every field where the batch result of `row` differs from the scalar `reference` (an EvaluationResult)."""
    out = []
    if not close(_number(batch.overall[row]), reference.overall):
        out.append(f"overall {batch.overall[row]} != {reference.overall}")
    for d in reference.dimensions:
        if not close(_number(batch.dimensions[d.id][row]), d.score):
            out.append(f"dimension {d.id} {batch.dimensions[d.id][row]} != {d.score}")
    for r in reference.indicators:
        status = STATUS[batch.status_codes[r.id][row]]
        if status != r.status:
            out.append(f"{r.id} status {status} != {r.status}")
        if not close(_number(batch.scores[r.id][row]), r.score):
            out.append(f"{r.id} score {batch.scores[r.id][row]} != {r.score}")
        value = _number(batch.values[r.id][row])
        expected = r.value
        if isinstance(expected, date) or isinstance(value, date):
            if value != expected:
                out.append(f"{r.id} value {value} != {expected}")
        elif not close(value, None if expected is None else float(expected)):
            out.append(f"{r.id} value {value} != {expected}")
        achieved = _number(batch.achieved[r.id][row])
        if (None if achieved is None else bool(achieved)) != r.achieved:
            out.append(f"{r.id} achieved {achieved} != {r.achieved}")
    got = sorted((e.code, e.indicator or "", e.message) for e in batch.errors_of(row))
    want = sorted((e.code, e.subject or "", e.message) for e in reference.errors)
    if got != want:
        out.append(f"errors {got} != {want}")
    return out
