"""The declared domain of an indicator's evidence: which values are valid.

Built from the rule language alone (types, ``min``/``max`` that are numbers,
dates or other inputs' names, milestone steps, the plan's scale), and used by
the hypothesis strategies, the deterministic boundary phase of ``kpi fuzz``
and its shrinker. A bound that names another input is resolved when that
input has a value: inputs are drawn in dependency order (``respondents``
before ``satisfied`` when ``satisfied: {max: respondents}``).

Values larger than `MAGNITUDE` are outside the fuzzed domain: the same limit
the loader puts on figures in rule files (10^15), far above any real count
or budget, and low enough that sums and products of a few inputs stay finite.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from kpiengine.core import calendar
from kpiengine.core.errors import ValueFormatError
from kpiengine.core.numbers import format_number
from kpiengine.engine.scoring import Scale

MAGNITUDE = 10 ** 15
DEFAULT_ANCHOR = date(2020, 9, 30)  # the end of FY2563, when nothing else says where dates fall


def _kind(type_: str) -> str:
    return "date" if type_ == "date" else "boolean" if type_ == "boolean" else "number"


def usable(value, kind: str) -> bool:
    """Whether `value` can bound an input of `kind` (as `evidence._check_bounds` compares)."""
    if value is None or isinstance(value, bool):
        return False
    return isinstance(value, date) if kind == "date" else isinstance(value, (int, float))


@dataclass
class InputDomain:
    """One input: its type, static bounds and the inputs it is compared with."""

    name: str
    type: str
    low: object = None  # number or date; None = unbounded (after propagation)
    high: object = None
    above: tuple = ()  # inputs this one must be ≥ (its `min`, or their `max` naming it)
    below: tuple = ()  # inputs this one must be ≤
    interesting: tuple = ()  # numbers worth trying (the target and levels of a one-input indicator)

    @property
    def kind(self) -> str:
        return _kind(self.type)

    def declared_bounds(self, drawn: dict) -> tuple:
        """(low, high) as declared, once the inputs drawn so far are known; None where unbounded."""
        low, high = self.low, self.high
        for name in self.above:
            if usable(drawn.get(name), self.kind):
                low = drawn[name] if low is None else max(low, drawn[name])
        for name in self.below:
            if usable(drawn.get(name), self.kind):
                high = drawn[name] if high is None else min(high, drawn[name])
        return low, high

    def bounds(self, drawn: dict) -> tuple:
        """The declared bounds, counts whole and ≥ 0, numbers within ±`MAGNITUDE`."""
        low, high = self.declared_bounds(drawn)
        if self.type == "count":
            low = 0 if low is None else max(0, math.ceil(low))
            high = MAGNITUDE if high is None else min(MAGNITUDE, math.floor(high))
        elif self.kind == "number":
            low = -MAGNITUDE if low is None else max(low, -MAGNITUDE)
            high = MAGNITUDE if high is None else min(high, MAGNITUDE)
        return low, high


@dataclass
class IndicatorDomain:
    """All the evidence one indicator takes: inputs, milestone steps, an external score."""

    indicator_id: str
    inputs: list  # InputDomain, in drawing (dependency) order
    keys: list  # the evidence keys in declared order, as an evidence file lists them
    steps: list = field(default_factory=list)  # milestone step numbers
    score: tuple | None = None  # (low, high) of an external {score: x}
    anchor: date = DEFAULT_ANCHOR  # dates are drawn around it (the deadline)
    step_days: int = 30
    problems: list = field(default_factory=list)  # declared domains that cannot be used as written

    @property
    def empty(self) -> bool:
        """No evidence satisfies the declared bounds."""
        return any(p.startswith("no valid value") for p in self.problems)

    def input(self, name: str) -> InputDomain | None:
        return next((d for d in self.inputs if d.name == name), None)

    def arrange(self, values: dict) -> dict:
        """`values` with keys in the declared order."""
        ordered = {k: values[k] for k in self.keys if k in values}
        ordered.update((k, v) for k, v in values.items() if k not in ordered)
        return ordered

    def clamp(self, values: dict) -> dict:
        """Move each input into its bounds (in drawing order), e.g. ``satisfied`` down to ``respondents``."""
        out = dict(values)
        for d in self.inputs:
            value = out.get(d.name)
            if d.kind == "boolean" or not usable(value, d.kind):
                continue
            low, high = d.bounds(out)
            if low is not None and value < low:
                value = low
            if high is not None and value > high:
                value = high
            out[d.name] = value
        return out


def date_offsets(domain: IndicatorDomain) -> tuple[int, int]:
    """Days before and after the anchor that dates are drawn from: every level of a deadline ladder."""
    return -2 * domain.step_days, 5 * domain.step_days


def domain_of(indicator, scale: Scale | None = None, fiscal_year: int | None = None) -> IndicatorDomain:
    """The domain of `indicator`'s evidence; `scale` (for external scores) defaults to [1, 5]."""
    scale = scale or Scale()
    problems: list[str] = []
    specs = indicator.inputs
    domains = {name: InputDomain(name, spec.type) for name, spec in specs.items()}
    relations = []  # (a, b): a ≤ b
    for name, spec in specs.items():
        here = domains[name]
        for side, bound in (("min", spec.min), ("max", spec.max)):
            if bound is None:
                continue
            described = f"'{side}: {bound}' of input '{name}'"
            if here.kind == "boolean":
                problems.append(f"{described} bounds a boolean, which has no order (the bound is ignored)")
                continue
            if isinstance(bound, str) and bound in specs:
                other = domains[bound]
                if bound == name:
                    continue
                if other.kind == "boolean" or here.kind == "boolean" or other.kind != here.kind:
                    problems.append(f"{described} names the {other.type} input '{bound}', which cannot bound "
                                    f"a {here.type} (the bound is not checked as written)")
                    continue
                relations.append((name, bound) if side == "max" else (bound, name))
                continue
            value = _static_bound(bound, here.type)
            if value is None:
                if isinstance(bound, str) and not _looks_like_date(bound):
                    known = ", ".join(specs) or "none"
                    problems.append(f"{described} names no input (inputs: {known}); the bound is ignored")
                else:
                    problems.append(f"{described} is not a {'date' if here.kind == 'date' else 'number'} "
                                    f"and cannot bound a {here.type} input")
                continue
            if side == "min":
                here.low = value if here.low is None else max(here.low, value)
            else:
                here.high = value if here.high is None else min(here.high, value)
    for a, b in relations:
        domains[b].above += (a,)
        domains[a].below += (b,)
    _propagate(domains, relations)
    for d in domains.values():
        low, high = d.bounds({})
        if low is not None and high is not None and low > high:
            problems.append(f"no valid value for input '{d.name}': its bounds leave nothing between "
                            f"{_show(low)} and {_show(high)}")
    _add_interesting(indicator, domains)
    keys = list(specs)
    steps: list[int] = []
    if indicator.unit == "milestone":
        keys += ["completed", "partial"]
        steps = [s.step for s in (indicator.steps or [])]
    score = None
    if indicator.method == "external" and not specs:
        keys.append("score")
        score = (scale.low, scale.high)
    target = indicator.target
    anchor = target.by if target is not None and target.by is not None else indicator.spec.due
    if anchor is None:
        anchor = calendar.fiscal_year_bounds(fiscal_year)[1] if fiscal_year else DEFAULT_ANCHOR
    order = [domains[n] for n in _dependency_order(specs)]
    return IndicatorDomain(indicator.id, order, keys, steps, score, anchor, max(1, indicator.step_days), problems)


def _static_bound(bound, type_: str):
    if _kind(type_) == "date":
        if isinstance(bound, str):
            try:
                return calendar.parse_day(bound)
            except ValueFormatError:
                return None
        return None
    if isinstance(bound, (int, float)) and not isinstance(bound, bool):
        return bound
    return None


def _looks_like_date(text: str) -> bool:
    try:
        calendar.parse_day(text)
    except ValueFormatError:
        return False
    return True


def _propagate(domains: dict, relations: list) -> None:
    """Tighten static bounds along a ≤ b: low(b) ≥ low(a), high(a) ≤ high(b)."""
    for _ in range(len(domains) + 1):
        changed = False
        for a, b in relations:
            da, db = domains[a], domains[b]
            if da.low is not None and (db.low is None or da.low > db.low):
                db.low, changed = da.low, True
            if db.high is not None and (da.high is None or db.high < da.high):
                da.high, changed = db.high, True
        if not changed:
            return


def _dependency_order(specs: dict) -> list[str]:
    """Inputs whose bounds name other inputs come after those inputs; declared order otherwise."""
    needs = {n: {b for b in (s.min, s.max) if isinstance(b, str) and b in specs and b != n}
             for n, s in specs.items()}
    order: list[str] = []
    while len(order) < len(specs):
        ready = [n for n in specs if n not in order and needs[n] <= set(order)]
        if not ready:  # a cycle: take the next in declared order; the other side is checked when drawn
            ready = [next(n for n in specs if n not in order)]
        order.append(ready[0])
    return order


def _add_interesting(indicator, domains: dict) -> None:
    """For an indicator whose value is its one numeric input: the target and levels, and their neighbours."""
    if indicator.formula is not None or len(domains) != 1:
        return
    (d,) = domains.values()
    if d.kind != "number":
        return
    marks = list(indicator.levels or [])
    if indicator.target is not None and indicator.target.value is not None:
        t = indicator.target.value
        marks += [t - 1, t, t + 1]
    d.interesting = tuple(dict.fromkeys(_tidy(m) for m in marks))


def _tidy(number):
    return int(number) if float(number).is_integer() and abs(number) < MAGNITUDE else number


def _show(value) -> str:
    return value.isoformat() if isinstance(value, date) else format_number(value)


def shift(day: date, days: int) -> date:
    return day + timedelta(days=days)
