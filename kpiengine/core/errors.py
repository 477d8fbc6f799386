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
    """An evidence (or case) file that cannot be read as one evidence document."""

    def __init__(self, message: str, file: str = "", line: int | None = None, column: int | None = None,
                 code: str = "EV00"):
        self.file, self.line, self.column, self.code = str(file), line, column, code
        super().__init__(message)

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: {self.args[0]}" if where else self.args[0]


class ValueFormatError(KpiError, ValueError):
    """A value (number, date, target…) written in a form we cannot read."""


class EvaluationError(KpiError):
    """Evaluating one indicator failed (division by zero, bad evidence…)."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(message)
