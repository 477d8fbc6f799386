"""Hypothesis strategies for an indicator's evidence: valid, and invalid in each way.

Valid evidence is drawn input by input in dependency order, each value from
its hand-picked candidates (bounds, 0, 1, the deadline…) or from the whole
domain: counts as integers, other numbers as integers or finite floats,
dates around the deadline or null (not delivered), milestone completions as
a subset of the steps with fractions for others, an external score within
the scale. Shrinking goes towards the simplest candidate, the empty list of
completed steps and small whole numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hypothesis import reject
from hypothesis import strategies as st

from kpiengine.testing import FAULTS, candidates
from kpiengine.testing.domains import IndicatorDomain, InputDomain, date_offsets, shift

FRACTIONS = st.one_of(st.sampled_from([0.5, 0, 1]), st.floats(0, 1, allow_nan=False, allow_subnormal=False))


def _numbers(d: InputDomain, domain: IndicatorDomain, low, high, declared) -> st.SearchStrategy:
    if d.kind == "boolean":
        return st.booleans()
    picked = st.sampled_from(candidates.simple(d, domain, low, high, declared) or [None])
    if d.kind == "date":
        first, last = date_offsets(domain)
        if low is not None:
            first = max(first, (low - domain.anchor).days)
        if high is not None:
            last = min(last, (high - domain.anchor).days)
        if first > last:
            return picked
        return st.one_of(picked, st.integers(first, last).map(lambda n: shift(domain.anchor, n)))
    if d.type == "count":
        return st.one_of(picked, st.integers(low, high))
    whole = [st.integers(math.ceil(low), math.floor(high))] if math.ceil(low) <= math.floor(high) else []
    floats = st.floats(low, high, allow_nan=False, allow_infinity=False, allow_subnormal=False)
    return st.one_of(picked, *whole, floats)


def _steps(domain: IndicatorDomain) -> st.SearchStrategy:
    steps = domain.steps

    @st.composite
    def drawn(draw):
        completed = sorted(draw(st.lists(st.sampled_from(steps), unique=True, max_size=len(steps))))
        rest = [s for s in steps if s not in completed]
        out = {"completed": completed}
        if rest:
            partial = draw(st.dictionaries(st.sampled_from(rest), FRACTIONS, max_size=len(rest)))
            if partial:
                out["partial"] = dict(sorted(partial.items()))
        return out

    return st.one_of(st.sampled_from(candidates.step_sets(domain)), drawn())


def valid_evidence(domain: IndicatorDomain) -> st.SearchStrategy:
    """Evidence (input name → value) that satisfies every declared domain of the indicator."""
    cache: dict = {}

    def values(d: InputDomain, low, high, declared):
        key = (d.name, low, high, declared)
        if key not in cache:
            cache[key] = _numbers(d, domain, low, high, declared)
        return cache[key]

    score = None
    if domain.score is not None:
        low, high = domain.score
        score = st.one_of(st.sampled_from(candidates.scores(domain)),
                          st.floats(low, high, allow_nan=False, allow_subnormal=False))
    steps = _steps(domain) if domain.steps else None

    @st.composite
    def evidence(draw):
        drawn = {}
        for d in domain.inputs:
            low, high = d.bounds(drawn)
            if low is not None and high is not None and low > high:
                reject()  # bounds that name two other inputs can cross (a ≤ x ≤ b with a > b)
            drawn[d.name] = draw(values(d, low, high, d.declared_bounds(drawn)))
        if score is not None:
            drawn["score"] = draw(score)
        if steps is not None:
            drawn.update(draw(steps))
        return domain.arrange(drawn)

    return evidence()


# --- invalid evidence ------------------------------------------------------------------------------


@dataclass(frozen=True)
class InvalidEvidence:
    """Evidence with one fault: `kind`, the fault `code` the engine must report, the `key` at fault."""

    kind: str
    code: str
    key: str | None
    values: object



_WRONG = {
    "count": ["many", 2.5, -1, True, None, [1]],
    "number": ["many", True, None, [1], {"a": 1}],
    "date": ["soon", 5, True, "2563-09", "2563-02-30"],
    "boolean": ["maybe", 2, None],
    "score": ["high", True, None],
    "completed": ["all", 3, {"a": 1}, ["first"]],
    "partial": ["half", [0.5]],
}


def _wrong_values(domain: IndicatorDomain, key: str) -> list:
    d = domain.input(key)
    if d is None:
        return _WRONG[key]
    return _WRONG["count" if d.type == "count" else d.kind]


def _required(domain: IndicatorDomain) -> list[str]:
    keys = [d.name for d in domain.inputs]
    if domain.score is not None:
        keys.append("score")
    if domain.steps:
        keys.append("completed")
    return [k for k in domain.keys if k in keys]


def _has_bounds(domain: IndicatorDomain) -> bool:
    declared = any(d.low is not None or d.high is not None or d.above or d.below
                   for d in domain.inputs if d.kind != "boolean")
    return declared or domain.score is not None or bool(domain.steps)


def fault_kinds(domain: IndicatorDomain) -> list[str]:
    """The kinds of fault this indicator's evidence can have."""
    kinds = ["wrong-type", "missing-input"] if _required(domain) else []
    kinds += ["unknown-input", "not-a-mapping"]
    if _has_bounds(domain) and not domain.empty:
        kinds.insert(1, "out-of-bounds")
    if domain.steps:
        kinds.insert(-1, "unknown-step")
    return [k for k in FAULTS if k in kinds]


def _beyond(draw, d: InputDomain | None, low, high):
    """A value just outside [low, high] (one side chosen by the draw), or reject."""
    sides = []
    if high is not None:
        sides.append("high")
    if low is not None and (d is None or d.type != "count" or low >= 1):
        sides.append("low")  # a negative count is a wrong type (EV03), not out of bounds
    if not sides:
        reject()
    side = draw(st.sampled_from(sides))
    if d is not None and d.kind == "date":
        days = draw(st.integers(1, 400))
        return shift(high, days) if side == "high" else shift(low, -days)
    if d is not None and d.type == "count":
        return high + draw(st.integers(1, 1000)) if side == "high" else low - draw(st.integers(1, int(low)))
    delta = draw(st.one_of(st.sampled_from([1, 0.5]), st.integers(1, 1000),
                           st.floats(1e-6, 1000, allow_nan=False, allow_subnormal=False)))
    value = candidates.tidy(high + delta if side == "high" else low - delta)
    if (side == "high" and value <= high) or (side == "low" and value >= low):
        reject()  # the step vanished in rounding
    return value


def _out_of_bounds(draw, domain: IndicatorDomain, values: dict):
    options = []
    for d in domain.inputs:
        if d.kind == "boolean":
            continue
        others = {k: v for k, v in values.items() if k != d.name}
        low, high = d.declared_bounds(others)
        if low is not None or high is not None:
            options.append((d.name, d, low, high))
    if domain.score is not None:
        options.append(("score", None, *domain.score))
    if domain.steps:
        options.append(("partial", None, 0, 1))
    if not options:
        reject()
    key, d, low, high = draw(st.sampled_from(options))
    value = _beyond(draw, d, low, high)
    out = dict(values)
    if key == "partial":
        step = draw(st.sampled_from(domain.steps))
        out["completed"] = [s for s in out.get("completed", []) if s != step]
        out["partial"] = {**out.get("partial", {}), step: value}
    else:
        out[key] = value
    return key, domain.arrange(out)


def _unknown_step(draw, domain: IndicatorDomain, values: dict):
    out = dict(values)
    how = draw(st.sampled_from(["completed", "partial", "both"]))
    beyond = max(domain.steps) + draw(st.integers(1, 5))
    if how == "completed":
        out["completed"] = list(out.get("completed", [])) + [beyond]
    elif how == "partial":
        out["partial"] = {**out.get("partial", {}), beyond: 0.5}
    else:
        step = draw(st.sampled_from(domain.steps))
        out["completed"] = sorted(set(out.get("completed", [])) | {step})
        partial = {k: v for k, v in out.get("partial", {}).items() if k != step}
        out["partial"] = {**partial, step: 0.5}
    return how, domain.arrange(out)


def _unknown_name(draw, domain: IndicatorDomain) -> str:
    names = [k for k in domain.keys if len(k) > 1]
    typos = [n[:-1] for n in names] + [n + "s" for n in names]
    pool = [t for t in typos + ["value", "extra", "total_count"] if t not in domain.keys]
    return draw(st.sampled_from(pool))


def invalid_evidence(domain: IndicatorDomain, kinds=None) -> st.SearchStrategy:
    """`InvalidEvidence`: valid evidence with one fault of a kind in `kinds` (default: every kind possible)."""
    possible = fault_kinds(domain)
    chosen = [k for k in possible if kinds is None or k in kinds]
    if not chosen:
        return st.nothing()
    valid = valid_evidence(domain) if not domain.empty else st.just(domain.arrange(
        {k: 0 for k in _required(domain)}))

    @st.composite
    def invalid(draw):
        kind = draw(st.sampled_from(chosen))
        values = dict(draw(valid))
        key = None
        if kind == "wrong-type":
            key = draw(st.sampled_from(_required(domain) + (["partial"] if domain.steps else [])))
            values[key] = draw(st.sampled_from(_wrong_values(domain, key)))
        elif kind == "out-of-bounds":
            key, values = _out_of_bounds(draw, domain, values)
        elif kind == "missing-input":
            key = draw(st.sampled_from(_required(domain)))
            del values[key]
        elif kind == "unknown-input":
            key = _unknown_name(draw, domain)
            values[key] = 1
        elif kind == "unknown-step":
            key, values = _unknown_step(draw, domain, values)
        else:
            values = draw(st.sampled_from([[1], "done", 5]))
        return InvalidEvidence(kind, FAULTS[kind], key, values)

    return invalid()
