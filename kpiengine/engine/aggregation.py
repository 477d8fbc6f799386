"""Indicator scores → dimension scores → the overall score (SPEC §6).

- dimension score = Σ wᵢ·sᵢ / Σ wᵢ over its indicators in the sums (weight > 0, a score);
- overall = Σ W_d·S_d / Σ W_d over dimensions that have a score.

Sums use `math.fsum`, so results do not depend on the order of documents or
indicators. Each indicator's and dimension's share of the result is kept as data.
"""

from __future__ import annotations

import math

from kpiengine.engine.results import DimensionResult, IndicatorResult


def aggregate(dimensions, results: list[IndicatorResult]) -> tuple[list[DimensionResult], float | None]:
    """`dimensions`: the plan's dimension specs, in plan order."""
    by_dimension: dict[str, list[IndicatorResult]] = {d.id: [] for d in dimensions}
    for r in results:
        if r.counted:
            group = by_dimension.get(r.dimension)
            if group is not None:
                group.append(r)
    out = []
    for d in dimensions:
        counted = by_dimension[d.id]
        total_weight = math.fsum([r.weight for r in counted])
        score = None
        if total_weight > 0:
            score = math.fsum([r.weight * r.score for r in counted]) / total_weight
        out.append(DimensionResult(d.id, d.name, d.number, d.weight, score, total_weight))
    scored = [d for d in out if d.score is not None and d.weight > 0]
    total = math.fsum([d.weight for d in scored])
    overall = math.fsum([d.weight * d.score for d in scored]) / total if total > 0 else None
    _shares(out, by_dimension, total)
    return out, overall


def _shares(dimensions: list[DimensionResult], by_dimension: dict, total: float) -> None:
    for d in dimensions:
        if d.score is None or d.weight_counted <= 0:
            continue
        in_overall = total > 0 and d.weight > 0
        if in_overall:
            d.share_of_overall = d.weight * d.score / total
        for r in by_dimension[d.id]:
            r.share_of_dimension = r.weight * r.score / d.weight_counted
            if in_overall:
                r.share_of_overall = r.share_of_dimension * d.weight / total
