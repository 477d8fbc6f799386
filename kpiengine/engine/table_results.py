"""A table engine's results (a row per unit, the columns of `kpi sql --run`) as `EvaluationResult`s.

The batch (numpy) and SQL (DuckDB, Spark) engines give numbers, statuses and error codes per unit, not
the scalar engine's traces. Turned into `EvaluationResult`s — value, target, achieved, score, weight
and status per indicator, dimension and overall scores, the errors with their codes — they feed the
same round reports as the scalar engine's results. Explanations need the traces: the reports leave them
empty for these results (``kpi score --engine python`` gives them).
"""

from __future__ import annotations

from kpiengine.core.messages import Message
from kpiengine.core.problems import Location, Problem
from kpiengine.engine.results import DimensionResult, EvaluationResult, IndicatorResult
from kpiengine.evidence import codes as evidence_codes


def results_from_table(ruleset, columns: list[str], rows: list[tuple], source: str,
                       problems_of=None) -> list[EvaluationResult]:
    """One `EvaluationResult` per row. `problems_of(row, indicator id)` gives a unit's problems when the engine
    has them (the batch engine); otherwise each error code of the table is a problem named by its code."""
    plan = ruleset.plan
    out = []
    for number, row in enumerate(rows):
        cells = dict(zip(columns, row, strict=True))
        indicators, errors = [], []
        for ident, indicator in ruleset.indicators.items():
            status = cells.get(f"{ident}.status") or "missing"
            score = cells.get(f"{ident}.score")
            result = IndicatorResult(ident, indicator.name, indicator.dimension_id, status, indicator.weight,
                                     value=cells.get(f"{ident}.value"), target=indicator.target,
                                     achieved=cells.get(f"{ident}.achieved"), score=score)
            result.counted = result.weight > 0 and score is not None
            codes = (cells.get(f"{ident}.error") or "").split()
            found = list(problems_of(number, ident)) if problems_of is not None else []
            if not found and codes:
                found = [_problem(code, source, ident) for code in codes]
            result.faults = tuple(found)
            errors.extend(found)
            indicators.append(result)
        dimensions = [DimensionResult(d.id, d.name, d.number, d.weight, cells.get(f"dimension.{d.id}"))
                      for d in ruleset.dimensions]
        unit = cells.get("unit")
        out.append(EvaluationResult(plan.id, None if unit is None else str(unit), cells.get("as_of"),
                                    cells.get("overall"), dimensions, indicators, errors, plan.on_missing,
                                    plan.title, None, ruleset))
    return out


def _problem(code: str, source: str, ident: str) -> Problem:
    """A problem known by its code only (the SQL engines give codes): its summary is the message."""
    declared = getattr(evidence_codes, code, None)
    summary = declared.summary if declared is not None else code
    return Problem(code, Message(summary), location=Location(source), subject=ident, name=getattr(declared, "name", ""))
