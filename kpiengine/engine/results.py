"""Typed results of an evaluation, and their JSON shape (SPEC §7)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kpiengine.engine.scoring import ScoreTrace
from kpiengine.rules.targets import Target


@dataclass
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
    explanation: str = ""
    # How the value and score came about, for `kpi explain`.
    inputs: dict = field(default_factory=dict)
    days_late: int | None = None
    delivered: date | None = None
    progress: float | None = None
    completed: list = field(default_factory=list)
    partial: dict = field(default_factory=dict)
    steps_done: int | None = None
    trace: ScoreTrace | None = None
    counted: bool = False  # in the dimension's sums
    faults: list = field(default_factory=list)

    @property
    def weighted_score(self) -> float | None:
        return None if self.score is None else self.weight * self.score / 100

    def to_json(self) -> dict:
        value = self.value.isoformat() if isinstance(self.value, date) else self.value
        return {
            "id": self.id,
            "dimension": self.dimension,
            "status": self.status,
            "value": value,
            "target": self.target.to_json() if self.target else None,
            "achieved": self.achieved,
            "score": self.score,
            "weight": self.weight,
            "weighted_score": self.weighted_score,
            "explanation": self.explanation,
        }


@dataclass
class DimensionResult:
    id: str
    name: str
    number: int | None
    weight: float
    score: float | None
    weight_counted: float = 0.0  # Σ wᵢ over the indicators in the sums

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "weight": self.weight, "score": self.score}


@dataclass(frozen=True)
class ErrorEntry:
    indicator: str
    message: str
    file: str
    line: int | None
    code: str = ""
    column: int | None = None

    def to_json(self) -> dict:
        return {"indicator": self.indicator, "message": self.message, "file": self.file, "line": self.line}


@dataclass
class EvaluationResult:
    plan: str
    unit: str | None
    as_of: date | None
    overall: float | None
    dimensions: list[DimensionResult]
    indicators: list[IndicatorResult]
    errors: list[ErrorEntry]
    on_missing: str = "zero"
    plan_title: str = ""

    def indicator(self, indicator_id: str) -> IndicatorResult | None:
        return next((i for i in self.indicators if i.id == indicator_id), None)

    def dimension(self, dimension_id: str) -> DimensionResult | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    def to_json(self) -> dict:
        return {
            "plan": self.plan,
            "unit": self.unit,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "overall": {"score": self.overall},
            "dimensions": [d.to_json() for d in self.dimensions],
            "indicators": [i.to_json() for i in self.indicators],
            "errors": [e.to_json() for e in self.errors],
        }
