"""The SPEC §7 JSON of an evaluation, with each indicator's explanation in words."""

from __future__ import annotations

from datetime import date

from kpiengine.reports.explain import summary


def location_json(location) -> dict:
    """A location's parts for JSON: file and line always; column, key path, sheet and cell when known."""
    out = {"file": location.file, "line": location.line}
    if location.column is not None:
        out["column"] = location.column
    if location.path:
        out["path"] = [p if isinstance(p, (int, str)) else str(p) for p in location.path]
    if location.cell:
        out["sheet"] = location.sheet
        out["cell"] = location.cell
    return out


def error_json(problem) -> dict:
    """An entry of ``errors``: indicator, message, file, line (SPEC §7), then code and the rest of the location."""
    out = {"indicator": problem.subject, "message": problem.message}
    out.update(location_json(problem.location))
    out["code"] = problem.code
    return out


def indicator_json(result, explanation: str) -> dict:
    value = result.value.isoformat() if isinstance(result.value, date) else result.value
    return {
        "id": result.id,
        "dimension": result.dimension,
        "status": result.status,
        "value": value,
        "target": result.target.to_json() if result.target else None,
        "achieved": result.achieved,
        "score": result.score,
        "weight": result.weight,
        "weighted_score": result.weighted_score,
        "explanation": explanation,
    }


def evaluation_json(evaluation) -> dict:
    ruleset = evaluation.ruleset
    indicators = []
    for r in evaluation.indicators:
        explanation = ""
        traced = r.status != "scored" or r.trace is not None  # a table engine's results carry no traces
        if ruleset is not None and r.id in ruleset.indicators and traced:
            explanation = summary(ruleset.indicators[r.id], r, ruleset.scale, evaluation.on_missing)
        indicators.append(indicator_json(r, explanation))
    out = {
        "plan": evaluation.plan,
        "unit": evaluation.unit,
        "as_of": evaluation.as_of.isoformat() if evaluation.as_of else None,
        "overall": {"score": evaluation.overall},
        "dimensions": [{"id": d.id, "name": d.name, "weight": d.weight, "score": d.score}
                       for d in evaluation.dimensions],
        "indicators": indicators,
        "errors": [error_json(e) for e in evaluation.errors],
    }
    if evaluation.assessment is not None:
        out["assessment"] = evaluation.assessment
    return out
