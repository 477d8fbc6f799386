"""The library's exceptions: one base, a rule side and an evaluation side.

Names never shadow Python's built-ins.
"""

from __future__ import annotations


class KpiError(Exception):
    """Base of every error kpiengine raises for bad input."""


class RuleSetError(KpiError):
    """The rule set cannot be used: it holds the problems found while loading it."""

    def __init__(self, problems, message: str | None = None):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity.value == "error"]
        super().__init__(message or f"the rule set has {len(errors)} error(s)")


class EvidenceFileError(KpiError):
    """An evidence (or case) file that cannot be read as one evidence document (exit 2).

    It carries the problems that say why; the first one is the message.
    """

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(self.problems[0].message if self.problems else "unreadable evidence")

    @property
    def problem(self):
        return self.problems[0]

    def __str__(self) -> str:
        return str(self.problems[0]) if self.problems else self.args[0]


class ValueFormatError(KpiError, ValueError):
    """A value (number, date, target…) written in a form we cannot read."""


class EvaluationError(KpiError):
    """Evaluating one indicator failed (division by zero, a result that is not finite…).

    The engine turns it into that indicator's EV09 problem, located at its evidence.
    """
