"""Targets (SPEC §4) and the `achieved` test."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kpiengine.core.numbers import format_number

# Values within this relative distance count as equal, so that float noise
# (29 / 100 * 100 = 28.999999999999996) does not decide whether a target is met.
EPSILON = 1e-9


def near(a: float, b: float) -> bool:
    return abs(a - b) <= EPSILON * max(1.0, abs(a), abs(b))


def at_least(a: float, b: float) -> bool:
    return a >= b or abs(a - b) <= EPSILON * max(1.0, abs(a), abs(b))


def compare(value: float, op: str, bound: float) -> bool:
    if op == ">=":
        return at_least(value, bound)
    if op == ">":
        return value > bound and not near(value, bound)
    if op == "<=":
        return at_least(bound, value)
    if op == "<":
        return value < bound and not near(value, bound)
    if op == "==":
        return near(value, bound)
    if op == "!=":
        return not near(value, bound)
    raise ValueError(f"unknown comparison {op!r}")


@dataclass(frozen=True)
class Target:
    """``op value`` for numbers, or ``by`` for a deadline."""

    op: str | None = None
    value: float | None = None
    by: date | None = None

    @classmethod
    def from_spec(cls, spec, direction: str) -> "Target | None":
        if spec is None:
            return None
        if spec.by is not None:
            return cls(by=spec.by)
        op = spec.op or (">=" if direction == "higher" else "<=")
        return cls(op=op, value=spec.value)

    def test(self, value) -> bool:
        """Whether `value` meets the target (a date for `by`, else a number)."""
        if value is None:
            return False
        if self.by is not None:
            return isinstance(value, date) and value <= self.by
        if isinstance(value, date):
            return False
        return compare(float(value), self.op, float(self.value))

    def to_json(self) -> dict:
        if self.by is not None:
            return {"by": self.by.isoformat()}
        return {"op": self.op, "value": self.value}

    def text(self) -> str:
        if self.by is not None:
            return f"by {self.by.isoformat()}"
        return f"{self.op} {format_number(self.value)}"
