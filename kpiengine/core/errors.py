"""The library's exceptions: one base, a rule side and an evaluation side.

Names never shadow Python's built-ins.
"""

from __future__ import annotations


class KpiError(Exception):
    """Base of every error kpiengine raises for bad input."""


class ProblemsError(KpiError):
    """An input that cannot be used, with every problem found in it (located `Problem`s)."""

    def __init__(self, problems, message: str | None = None):
        self.problems = list(problems)
        super().__init__(message or (self.problems[0].message if self.problems else "unusable input"))

    @property
    def problem(self):
        return self.problems[0]

    def __str__(self) -> str:
        if not self.problems:
            return self.args[0]
        more = len(self.problems) - 1
        return str(self.problems[0]) + (f" (and {more} more problem(s))" if more else "")


class RuleSetError(ProblemsError):
    """The rule set cannot be used: it holds the problems found while loading it."""

    def __init__(self, problems, message: str | None = None):
        problems = list(problems)
        errors = [p for p in problems if p.severity.value == "error"]
        super().__init__(problems, message or f"the rule set has {len(errors)} error(s)")

    def __str__(self) -> str:
        return self.args[0]


class EvidenceFileError(ProblemsError):
    """An evidence file that cannot be read as one evidence document (exit 2); the first problem is the message."""


class CaseFileError(ProblemsError):
    """Case files that cannot be read (`kpi test` exits 2), with every problem found in them."""


class ValueFormatError(KpiError, ValueError):
    """A value (number, date, target…) written in a form we cannot read."""


class EvaluationError(KpiError):
    """Evaluating one indicator failed (division by zero, a result that is not finite…).

    The engine turns it into that indicator's EV09 problem, located at its evidence.
    """
