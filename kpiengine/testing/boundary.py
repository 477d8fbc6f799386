"""The deterministic boundary phase: evidence built from each input's edge values.

Inputs are combined in dependency order, each from `candidates.edges` under
the bounds the inputs before it leave: with ``satisfied: {max: respondents}``
and ``respondents: {min: 1}``, ``respondents`` takes 1, 10^15, 2 … and for each
``satisfied`` takes 0, ``respondents``, 1 … — so ``satisfied == respondents``
and ``respondents == 1`` are always tried, whatever the seed. With many
inputs, each keeps fewer candidates so that the total stays under `limit`.
"""

from __future__ import annotations

from kpiengine.testing import candidates
from kpiengine.testing.domains import IndicatorDomain


def boundary_examples(domain: IndicatorDomain, limit: int = 200) -> list[dict]:
    """Up to `limit` pieces of valid evidence, edge cases first."""
    parts = len(domain.inputs) + (1 if domain.score is not None else 0) + (1 if domain.steps else 0)
    per = max(2, int(limit ** (1 / parts))) if parts else 1
    tails = [{}]
    if domain.score is not None:
        tails = [{"score": s} for s in candidates.scores(domain)[:per]]
    if domain.steps:
        steps = candidates.step_sets(domain)
        steps = steps if len(domain.inputs) == 0 and domain.score is None else steps[:per]
        tails = [{**t, **s} for t in tails for s in steps]
    out: list[dict] = []

    def walk(i: int, drawn: dict) -> None:
        if len(out) >= limit:
            return
        if i == len(domain.inputs):
            for tail in tails:
                if len(out) < limit:
                    out.append(domain.arrange({**drawn, **tail}))
            return
        d = domain.inputs[i]
        low, high = d.bounds(drawn)
        if low is not None and high is not None and low > high:
            return
        for value in candidates.edges(d, domain, low, high, d.declared_bounds(drawn))[:per]:
            walk(i + 1, {**drawn, d.name: value})

    walk(0, {})
    return out
