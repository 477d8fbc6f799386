"""Make a counterexample small: replace one value at a time by a simpler one while it still fails.

Deterministic and greedy. Simpler means `candidates.complexity`: null and
false, then small whole numbers (or dates near the deadline), then
fractions. When an input gets smaller, inputs bounded by it are moved into
their new bounds (``satisfied`` follows ``respondents`` down), so that
related values shrink together.
"""

from __future__ import annotations

import math

from kpiengine.testing import candidates
from kpiengine.testing.domains import IndicatorDomain, usable

DEFAULT_BUDGET = 400  # evaluations; each is a fraction of a millisecond


def shrink(domain: IndicatorDomain, values: dict, fails, budget: int = DEFAULT_BUDGET) -> dict:
    """The simplest evidence found from `values` for which `fails(evidence)` still holds."""
    if not isinstance(values, dict):
        return values
    current = values
    while budget > 0:
        for trial in _simpler(domain, current):
            budget -= 1
            if fails(trial):
                current = trial
                break
            if budget <= 0:
                return current
        else:
            return current
    return current


def _simpler(domain: IndicatorDomain, values: dict):
    """Evidence one step simpler than `values`, the simplest changes first."""
    for d in domain.inputs:
        value = values.get(d.name)
        if d.name not in values:
            continue
        others = {k: v for k, v in values.items() if k != d.name}
        low, high = d.bounds(others)
        options = candidates.simple(d, domain, low, high)
        if usable(value, "number") and d.kind == "number":
            options += _nearer(value) + [others[n] for n in d.above + d.below if usable(others.get(n), "number")]
        mine = candidates.complexity(value, domain.anchor)
        better = sorted({repr(o): o for o in options if candidates.complexity(o, domain.anchor) < mine
                         and _within(o, low, high)}.values(),
                        key=lambda o: candidates.complexity(o, domain.anchor))
        for option in better:
            trial = domain.clamp({**values, d.name: option})
            if trial != values:
                yield trial
    if "score" in values and domain.score is not None and usable(values["score"], "number"):
        mine = candidates.complexity(values["score"])
        for option in candidates.scores(domain) + _nearer(values["score"]):
            if candidates.complexity(option) < mine and domain.score[0] <= option <= domain.score[1]:
                yield {**values, "score": option}
    yield from _simpler_steps(domain, values)


def _within(value, low, high) -> bool:
    if value is None or isinstance(value, bool):
        return True
    return (low is None or value >= low) and (high is None or value <= high)


def _nearer(value) -> list:
    """Numbers like `value` but shorter to write: rounded, truncated, halved, one nearer zero."""
    out = [candidates.tidy(float(round(value))), candidates.tidy(float(math.trunc(value))), candidates.tidy(round(value, 1)),
           candidates.tidy(round(value, 2))]
    if float(value).is_integer():
        whole = int(value)
        sign = 1 if whole > 0 else -1
        # one power of two nearer zero at a time, the largest first: a binary search for a threshold
        out += [whole - sign * (1 << k) for k in range(abs(whole).bit_length() - 1, -1, -1)]
    else:
        out.append(value / 2)
    return out


def _simpler_steps(domain: IndicatorDomain, values: dict):
    if not domain.steps:
        return
    completed = list(values.get("completed") or [])
    partial = dict(values.get("partial") or {})
    for step in completed:
        yield domain.arrange({**values, "completed": [s for s in completed if s != step]})
    for step in partial:
        rest = {k: v for k, v in partial.items() if k != step}
        trial = {k: v for k, v in values.items() if k != "partial"}
        if rest:
            trial["partial"] = rest
        yield domain.arrange(trial)
    for step, fraction in partial.items():
        for simpler in (0.5, 0, 1, candidates.tidy(round(fraction, 1))):
            if candidates.complexity(simpler) < candidates.complexity(fraction):
                yield domain.arrange({**values, "partial": {**partial, step: simpler}})
