"""Typed results of an evaluation: numbers and structured traces, no words.

Every number a report shows is here as data: the typed inputs, the value,
the target test, the `ScoreTrace` (level reached, the segment interpolated
in, days late, steps done), the weight, the weighted score and the
indicator's share of its dimension and of the overall score. Reports
(`kpiengine.reports`) turn them into text, JSON, tables and pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kpiengine.core.problems import Problem
from kpiengine.engine.scoring import ScoreTrace
from kpiengine.rules.targets import Target

# The errors of an evaluation are Problems (code, message, location, subject = the indicator id).
ErrorEntry = Problem


@dataclass(slots=True)
class IndicatorResult:
    id: str
    name: str
    dimension: str
    status: str  # scored | missing | excluded | error
    weight: float
    value: float | date | None = None
    target: Target | None = None
    achieved: bool | None = None
    score: float | None = None
    # How the value and score came about (the trace).
    inputs: dict | None = None  # typed inputs: name → number / bool / date / None
    days_late: int | None = None
    delivered: date | None = None
    progress: float | None = None
    completed: tuple = ()
    partial: dict | None = None
    steps_done: int | None = None
    trace: ScoreTrace | None = None
    counted: bool = False  # in the dimension's sums
    faults: tuple = ()  # Problems of this indicator (evidence or evaluation)
    share_of_dimension: float | None = None  # wᵢ·sᵢ / Σw of its dimension
    share_of_overall: float | None = None  # that share × W_d / Σ W

    @property
    def weighted_score(self) -> float | None:
        return None if self.score is None else self.weight * self.score / 100


@dataclass(slots=True)
class DimensionResult:
    id: str
    name: str
    number: int | None
    weight: float
    score: float | None
    weight_counted: float = 0.0  # Σ wᵢ over the indicators in the sums
    share_of_overall: float | None = None  # W_d·S_d / Σ W


@dataclass
class EvaluationResult:
    plan: str
    unit: str | None
    as_of: date | None
    overall: float | None
    dimensions: list[DimensionResult]
    indicators: list[IndicatorResult]
    errors: list[Problem]
    on_missing: str = "zero"
    plan_title: str = ""
    assessment: str | None = None
    ruleset: object = None  # the rule set it was scored with (reports read names, levels, formulas from it)

    def indicator(self, indicator_id: str) -> IndicatorResult | None:
        return next((i for i in self.indicators if i.id == indicator_id), None)

    def dimension(self, dimension_id: str) -> DimensionResult | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    def to_json(self) -> dict:
        """The SPEC §7 report (made by `kpiengine.reports.json_report`, where its words are written)."""
        from kpiengine.reports.json_report import evaluation_json  # reports come after the engine

        return evaluation_json(self)
