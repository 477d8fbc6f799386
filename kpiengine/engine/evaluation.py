"""Evaluation: typed evidence → a value and a score per indicator (SPEC §3–§5),
then the dimension and overall scores (`kpiengine.engine.aggregation`).

The engine only computes: evidence is typed and checked before
(`kpiengine.evidence.validate`), scoring arithmetic lives in
`kpiengine.engine.scoring`, and the words of every report are made in
`kpiengine.reports`. Nothing is rounded here. Nothing is shared between
calls: one loaded rule set may be evaluated from many threads at once.
"""

from __future__ import annotations

from kpiengine.core.errors import EvaluationError, RuleSetError
from kpiengine.core.messages import reason, say
from kpiengine.core.numbers import format_number
from kpiengine.engine import scoring
from kpiengine.engine.aggregation import aggregate
from kpiengine.engine.results import EvaluationResult, IndicatorResult
from kpiengine.evidence.codes import EV05, EV09
from kpiengine.evidence.document import Evidence, EvidenceEntry
from kpiengine.evidence.inputs import IndicatorInputs, read_inputs
from kpiengine.evidence.validate import TypedEvidence, check_plan, validate_evidence
from kpiengine.rules.ruleset import Indicator, RuleSet

__all__ = ["check_plan", "evaluate", "evaluate_entry", "evaluate_indicator"]


def evaluate(ruleset: RuleSet, evidence: Evidence | TypedEvidence) -> EvaluationResult:
    """Score `evidence` against `ruleset`.

    Raises `RuleSetError` for an invalid rule set and `EvidenceFileError` for
    evidence of another plan; every fault inside the evidence values is a
    problem in the result's ``errors``.
    """
    if not ruleset.valid:
        raise RuleSetError(ruleset.problems)
    typed = evidence if isinstance(evidence, TypedEvidence) else validate_evidence(ruleset, evidence)
    policy = ruleset.plan.on_missing
    scale = ruleset.scale
    errors = list(typed.problems)
    results = []
    for indicator in ruleset.indicators.values():
        inputs = typed.inputs.get(indicator.id)
        if inputs is None:
            result = _missing(indicator, policy)
            if policy == "error":
                errors.append(EV05.problem(say("no evidence for '{indicator}' (on_missing: error)", indicator=indicator.id),
                                           typed.values_location, indicator.id))
        else:
            result = evaluate_indicator(indicator, inputs, scale)
            if result.status == "error":
                if result.faults and result.faults[0].code == EV09.code and not inputs.faults:
                    errors.extend(result.faults)
                _count_failed_as_missing(result, policy)
        result.counted = result.weight > 0 and result.score is not None
        results.append(result)
    dimensions, overall = aggregate(ruleset.dimensions, results)
    errors.sort(key=_error_order)
    return EvaluationResult(ruleset.plan.id, typed.unit, typed.as_of, overall, dimensions, results, errors,
                            policy, ruleset.plan.title, typed.assessment, ruleset)


def _error_order(problem) -> tuple:
    """By position in the evidence (a line, or a table's row and column); unlocated ones last."""
    where = problem.location
    row, column = where.position
    return (not row, row, column if where.cell else 0, problem.subject or "", problem.message)


def _missing(indicator: Indicator, policy: str) -> IndicatorResult:
    result = IndicatorResult(indicator.id, indicator.name, indicator.dimension_id, "missing", indicator.weight,
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


def evaluate_indicator(indicator: Indicator, inputs: IndicatorInputs, scale: scoring.Scale) -> IndicatorResult:
    """Value, `achieved` and score of one indicator from its typed inputs."""
    result = IndicatorResult(indicator.id, indicator.name, indicator.dimension_id, "scored", indicator.weight,
                             None, indicator.target, None, None, inputs.values, None, None, inputs.progress,
                             inputs.completed, inputs.partial, inputs.steps_done)
    if inputs.faults:
        result.status, result.faults = "error", inputs.faults
        return result
    try:
        _score(indicator, result, scale)
    except EvaluationError as exc:
        where = inputs.entry.where(key=True) if inputs.entry is not None else None
        result.status = "error"
        message = reason(exc)
        result.faults = (EV09.problem(message, where, indicator.id) if where else EV09.problem(message,
                                                                                                subject=indicator.id),)
    return result


def evaluate_entry(ruleset, indicator: Indicator, entry: EvidenceEntry) -> IndicatorResult:
    """One indicator on its own, from its raw evidence (read, then evaluated): for kpi fuzz and tests."""
    return evaluate_indicator(indicator, read_inputs(indicator, entry, ruleset.scale), ruleset.scale)


def _score(indicator: Indicator, result: IndicatorResult, scale: scoring.Scale) -> None:
    target = indicator.target
    date_name = indicator.date_input
    if date_name is not None:
        delivered = result.inputs.get(date_name)
        result.delivered = delivered
        if delivered is not None and target is not None and target.by is not None:
            result.days_late = (delivered - target.by).days
    result.value = value = _value(indicator, result)
    if target is None:
        result.achieved = None
    elif target.by is not None:
        result.achieved = target.test(result.delivered)
    else:
        result.achieved = target.test(value)
    trace = _trace(indicator, result, scale)
    score = trace.score
    if score - score != 0.0:  # inf or nan
        raise EvaluationError(say("the score is not a finite number (value {value})", value=format_number(value)))
    result.trace = trace
    result.score = score


def _value(indicator: Indicator, result: IndicatorResult):
    formula = indicator.formula
    if formula is not None:
        names = result.inputs
        if indicator.formula_extras:
            names = dict(names)
            names["progress"] = result.progress
            names["days_late"] = result.days_late
        return formula.evaluate(names)
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


# --- one scorer per method: the arithmetic is in kpiengine.engine.scoring ---------------------------------


def _levels(indicator, result, scale):
    if result.value is None:
        return scoring.ScoreTrace("levels", scale.below, note="no value (not delivered)")
    return scoring.score_levels(float(result.value), indicator.levels, indicator.direction, indicator.interpolate,
                                scale)


def _ratio(indicator, result, scale):
    if result.value is None:
        return scoring.ScoreTrace("ratio", scale.below, note="no value (not delivered)")
    return scoring.score_ratio(float(result.value), float(indicator.target.value), indicator.direction, scale)


def _pass_fail(indicator, result, scale):
    fail = indicator.scoring.fail_score if indicator.scoring else None
    return scoring.score_pass_fail(bool(result.achieved), scale, fail)


def _deadline(indicator, result, scale):
    return scoring.score_deadline(result.days_late, indicator.step_days, scale)


def _steps(indicator, result, scale):
    return scoring.score_steps(result.steps_done or 0, len(indicator.steps), scale)


def _external(indicator, result, scale):
    value = result.value
    if value is None:
        return scoring.ScoreTrace("external", scale.below, note="no value (not delivered)")
    if not scale.low <= value <= scale.high:
        raise EvaluationError(say("score {value} is outside the scale [{low}, {high}]", value=format_number(value),
                                  low=format_number(scale.low), high=format_number(scale.high)))
    return scoring.ScoreTrace("external", float(value), note="set by an outside office")


def _trace(indicator, result, scale) -> scoring.ScoreTrace:
    return SCORERS[indicator.method](indicator, result, scale)


SCORERS = {"levels": _levels, "ratio": _ratio, "pass_fail": _pass_fail, "deadline": _deadline, "steps": _steps,
           "external": _external}
