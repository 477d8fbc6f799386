"""Hand-picked values of a domain: its bounds, 0, 1, the deadline and its level edges.

Two orders of the same values: `simple` (simplest first, what hypothesis
shrinks towards) and `edges` (bounds first, what the boundary phase of
``kpi fuzz`` tries first, so that ``x == total`` is always among the first
examples), and `complexity`, the order the shrinker minimises.
"""

from __future__ import annotations

import math
from datetime import date

from kpiengine.testing.domains import MAGNITUDE, IndicatorDomain, InputDomain, shift


def _in(value, low, high) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


def _unique(values) -> list:
    out = []
    for v in values:
        if not any(type(v) is type(o) and v == o for o in out):
            out.append(v)
    return out


def tidy(number):
    """An int when a float is whole (``3.0`` → ``3``), so that examples read naturally."""
    if isinstance(number, float) and number.is_integer() and abs(number) <= MAGNITUDE:
        return int(number)
    return number


def edges(d: InputDomain, domain: IndicatorDomain, low, high, declared=(None, None)) -> list:
    """Declared bounds first (with their neighbours for counts), then the simple values: the boundary
    phase's candidates. `low`/`high` are `InputDomain.bounds`, `declared` its `declared_bounds`."""
    if d.kind == "boolean":
        return [False, True]
    if d.kind == "date":
        return _date_values(domain, low, high, bounds_first=True)
    has_low, has_high = declared[0] is not None or d.type == "count", declared[1] is not None
    first = [low if has_low else None, high if has_high else None]
    if d.type == "count":
        first += [low + 1, high - 1 if has_high else None]
    last = [low, high]  # ±MAGNITUDE where unbounded: overflow is a finding too
    values = first + simple(d, domain, low, high, declared) + last
    return _unique(tidy(v) for v in values if v is not None and _in(v, low, high))


def simple(d: InputDomain, domain: IndicatorDomain, low, high, declared=None) -> list:
    """The values a person would try first, simplest first; all within [low, high]. A side that is not
    `declared` (`InputDomain.declared_bounds`; default: both are) adds no bound of its own."""
    if d.kind == "boolean":
        return [False, True]
    if d.kind == "date":
        return _date_values(domain, low, high, bounds_first=False)
    declared = (low, high) if declared is None else declared
    values = [0, 1] if d.type == "count" else [0, 1, -1, 0.5]
    values += list(d.interesting)
    values += [low if declared[0] is not None or d.type == "count" else None,
               high if declared[1] is not None else None]
    if d.type == "count":
        values += [low + 1, high - 1 if declared[1] is not None else None, 10]
    return _unique(tidy(v) for v in values if v is not None and _in(v, low, high)
                   and (d.type != "count" or float(v).is_integer()))


def _date_values(domain: IndicatorDomain, low, high, bounds_first: bool) -> list:
    """The deadline, not delivered (None), a day either side, and each level edge of the ladder."""
    due, step = domain.anchor, domain.step_days
    days = [0, 1, -1] + [k * step + e for k in range(1, 5) for e in (0, 1)]
    values = [shift(due, n) for n in days]
    if bounds_first:
        values = [low, high] + values
    values = [None] + [v for v in values if isinstance(v, date) and _in(v, low, high)]
    return _unique(values)


def scores(domain: IndicatorDomain) -> list:
    low, high = domain.score
    return _unique(tidy(v) for v in (low, high, (low + high) / 2, math.floor(high)) if low <= v <= high)


def step_sets(domain: IndicatorDomain) -> list[dict]:
    """Milestone evidence: none done, all, each run of steps 1…k, each step alone, and halves."""
    steps = domain.steps
    out = [{"completed": []}, {"completed": list(steps)}]
    out += [{"completed": steps[:k]} for k in range(1, len(steps))]
    out += [{"completed": [s]} for s in steps[1:]]
    out += [{"completed": [], "partial": {steps[0]: 0.5}}] if steps else []
    out += [{"completed": steps[:k], "partial": {steps[k]: 0.5}} for k in range(1, len(steps))]
    seen, unique = set(), []
    for item in out:
        key = repr(item)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def complexity(value, anchor: date | None = None) -> tuple:
    """How hard a value is to read: None and False first, then small whole numbers (dates: near the
    deadline `anchor`), then fractions."""
    if value is None:
        return (0, 0, 0, 0)
    if isinstance(value, bool):
        return (0, int(value), 0, 0)
    if isinstance(value, date):
        offset = (value - anchor).days if anchor is not None else 0
        return (1, abs(offset), offset < 0, 0)
    if isinstance(value, (int, float)):
        whole = float(value).is_integer()
        return (1 if whole else 2, min(abs(value), MAGNITUDE * 10), value < 0, len(repr(tidy(value))))
    if isinstance(value, (list, dict)):
        return (3, len(value), 0, len(repr(value)))
    return (4, 0, 0, len(repr(value)))


def size(values) -> int:
    """A rough size of an evidence mapping, to pick the simplest of several counterexamples."""
    if not isinstance(values, dict):
        return len(repr(values))
    return sum(len(repr(tidy(v) if isinstance(v, float) else v)) + len(str(k)) for k, v in values.items())
