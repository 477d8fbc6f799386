"""Evaluation: evidence → a score per indicator → dimension scores → overall (SPEC §5–§6).

Nothing is rounded here. Sums use `math.fsum`, so results do not depend on
the order of documents or indicators.
"""

from __future__ import annotations

import math

from kpiengine.core.errors import EvaluationError, EvidenceFileError, RuleSetError
from kpiengine.core.numbers import format_number
from kpiengine.core.suggest import did_you_mean
from kpiengine.engine import scoring
from kpiengine.engine.results import DimensionResult, ErrorEntry, EvaluationResult, IndicatorResult
from kpiengine.evidence.document import Evidence, EvidenceEntry, EvidenceFault, read_inputs
from kpiengine.reports.explain import summary
from kpiengine.rules.ruleset import Indicator, RuleSet


def check_plan(evidence: Evidence, ruleset: RuleSet) -> None:
    """Evidence for another plan is refused (exit 2)."""
    if evidence.plan is None:
        raise EvidenceFileError(f"the evidence names no plan (expected plan: {ruleset.plan.id})",
                                evidence.file, evidence.line_of(), code="EV06")
    if evidence.plan != ruleset.plan.id:
        raise EvidenceFileError(f"the evidence is for plan '{evidence.plan}', but the rule set is "
                                f"plan '{ruleset.plan.id}'", evidence.file, evidence.line_of("plan"), code="EV06")


def evaluate(ruleset: RuleSet, evidence: Evidence) -> EvaluationResult:
    """Score `evidence` against `ruleset`. Raises `RuleSetError` for an invalid
    rule set and `EvidenceFileError` for evidence of another plan; every fault
    inside the evidence values is an entry in the result's ``errors``."""
    if not ruleset.valid:
        raise RuleSetError(ruleset.problems)
    check_plan(evidence, ruleset)
    policy = ruleset.plan.on_missing
    errors: list[ErrorEntry] = []
    for key, entry in evidence.entries.items():
        if key not in ruleset.indicators:
            line, column = entry.position()
            hint = did_you_mean(key, ruleset.indicators)
            errors.append(ErrorEntry(key, f"unknown indicator '{key}'{hint}", evidence.file, line, "EV01", column))
    results = []
    for indicator in ruleset.indicators.values():
        entry = evidence.entries.get(indicator.id)
        if entry is None or entry.values is None:
            result = _missing(indicator, policy)
            if policy == "error":
                errors.append(ErrorEntry(indicator.id, f"no evidence for '{indicator.id}' (on_missing: error)",
                                         evidence.file, evidence.line_of("values"), "EV05"))
        else:
            result = evaluate_indicator(ruleset, indicator, entry, evidence.file)
            if result.status == "error":
                errors.extend(ErrorEntry(f.indicator, f.message, f.file, f.line, f.code, f.column)
                              for f in result.faults)
                _count_failed_as_missing(result, policy)
        result.counted = result.weight > 0 and result.score is not None
        result.explanation = summary(indicator, result, ruleset.scale, policy)
        results.append(result)
    dimensions, overall = aggregate(ruleset, results)
    errors.sort(key=lambda e: (e.line is None, e.line or 0, e.indicator, e.message))
    return EvaluationResult(ruleset.plan.id, evidence.unit, evidence.as_of, overall, dimensions, results, errors,
                            policy, ruleset.plan.title)


def _missing(indicator: Indicator, policy: str) -> IndicatorResult:
    result = IndicatorResult(indicator.id, indicator.name, indicator.spec.dimension, "missing", indicator.weight,
                             target=indicator.target)
    if policy == "zero":
        result.score, result.achieved = 0.0, False
    elif policy == "exclude":
        result.status = "excluded"
    return result


def _count_failed_as_missing(result: IndicatorResult, policy: str) -> None:
    """An indicator in error counts like a missing one under the plan's policy."""
    result.value, result.achieved, result.trace = None, None, None
    result.score = 0.0 if policy == "zero" else None


def evaluate_indicator(ruleset: RuleSet, indicator: Indicator, entry: EvidenceEntry, file: str) -> IndicatorResult:
    """Value, `achieved` and score of one indicator from its evidence."""
    scale = ruleset.scale
    result = IndicatorResult(indicator.id, indicator.name, indicator.spec.dimension, "scored", indicator.weight,
                             target=indicator.target)
    inputs = read_inputs(indicator, entry, scale, file)
    result.inputs = inputs.values
    result.progress, result.completed, result.partial = inputs.progress, inputs.completed, inputs.partial
    result.steps_done = inputs.steps_done
    if inputs.faults:
        result.status, result.faults = "error", inputs.faults
        return result
    try:
        _score(indicator, result, scale)
    except EvaluationError as exc:
        line, column = entry.position()
        result.status = "error"
        result.faults = [EvidenceFault("EV09", indicator.id, f"'{indicator.id}': {exc}", file, line, column)]
    return result


def _score(indicator: Indicator, result: IndicatorResult, scale: scoring.Scale) -> None:
    target = indicator.target
    date_name = indicator.date_input
    if date_name is not None:
        result.delivered = result.inputs.get(date_name)
        if result.delivered is not None and target is not None and target.by is not None:
            result.days_late = (result.delivered - target.by).days
    result.value = _value(indicator, result)
    if target is None:
        result.achieved = None
    elif target.by is not None:
        result.achieved = target.test(result.delivered)
    else:
        result.achieved = target.test(result.value)
    result.trace = _trace(indicator, result, scale)
    if not math.isfinite(result.trace.score):
        raise EvaluationError(f"the score is not a finite number (value {format_number(result.value)})")
    result.score = result.trace.score


def _value(indicator: Indicator, result: IndicatorResult):
    if indicator.formula is not None:
        names = {n: v for n, v in result.inputs.items() if n in indicator.formula.names}
        if "progress" in indicator.formula.names:
            names["progress"] = result.progress
        if "days_late" in indicator.formula.names:
            names["days_late"] = result.days_late
        return indicator.formula.evaluate(names)
    if indicator.unit == "milestone":
        return result.progress
    if indicator.date_input is not None and indicator.unit == "date":
        return result.delivered
    if indicator.method == "external" and not indicator.inputs:
        return float(result.inputs["score"])
    (only,) = result.inputs.values()
    if isinstance(only, bool):
        return 1.0 if only else 0.0
    return only


def _trace(indicator: Indicator, result: IndicatorResult, scale: scoring.Scale) -> scoring.ScoreTrace:
    method, value = indicator.method, result.value
    if method == "deadline":
        return scoring.score_deadline(result.days_late, indicator.step_days, scale)
    if method == "pass_fail":
        fail = indicator.scoring.fail_score if indicator.scoring else None
        return scoring.score_pass_fail(bool(result.achieved), scale, fail)
    if method == "steps":
        return scoring.score_steps(result.steps_done or 0, len(indicator.steps), scale)
    if value is None:
        return scoring.ScoreTrace(method, scale.below, note="no value (not delivered)")
    if method == "levels":
        return scoring.score_levels(float(value), indicator.levels, indicator.direction, indicator.interpolate,
                                    scale)
    if method == "ratio":
        return scoring.score_ratio(float(value), float(indicator.target.value), indicator.direction, scale)
    if method == "external":
        if not scale.low <= value <= scale.high:
            raise EvaluationError(f"score {format_number(value)} is outside the scale "
                                  f"[{format_number(scale.low)}, {format_number(scale.high)}]")
        return scoring.ScoreTrace("external", float(value), note="set by an outside office")
    raise EvaluationError(f"unknown scoring method '{method}'")


def aggregate(ruleset: RuleSet, results: list[IndicatorResult]) -> tuple[list[DimensionResult], float | None]:
    """Dimension score = Σ wᵢ·sᵢ / Σ wᵢ over counted indicators; overall =
    Σ W_d·S_d / Σ W_d over dimensions that have a score."""
    dimensions = []
    for d in ruleset.dimensions:
        counted = [r for r in results if r.dimension == d.id and r.counted]
        total_weight = math.fsum(r.weight for r in counted)
        score = math.fsum(r.weight * r.score for r in counted) / total_weight if total_weight > 0 else None
        dimensions.append(DimensionResult(d.id, d.name, d.number, d.weight, score, total_weight))
    scored = [d for d in dimensions if d.score is not None and d.weight > 0]
    total = math.fsum(d.weight for d in scored)
    overall = math.fsum(d.weight * d.score for d in scored) / total if total > 0 else None
    return dimensions, overall
