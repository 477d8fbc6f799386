"""One diagnostic type for the whole library: a `Problem` with a code and a location."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Location:
    """Where something is: a file, a 1-based line and column, and a key path."""

    file: str = ""
    line: int | None = None
    column: int | None = None
    path: tuple = ()


@dataclass(frozen=True)
class Problem:
    """A diagnostic: code (e.g. ``SC03``), message, severity and location.

    Problems sort by file, line, column and code; two problems are "the same"
    for tests when code, line and column agree (see `key`).
    """

    code: str
    message: str
    severity: Severity = Severity.ERROR
    file: str = ""
    line: int | None = None
    column: int | None = None
    path: tuple = field(default=())

    @classmethod
    def at(cls, code: str, message: str, where: Location, severity: Severity = Severity.ERROR) -> "Problem":
        return cls(code, message, severity, where.file, where.line, where.column, where.path)

    @property
    def key(self) -> tuple:
        return (self.code, self.line, self.column)

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.column or 0, self.code, self.message)

    def with_severity(self, severity: Severity) -> "Problem":
        return Problem(self.code, self.message, severity, self.file, self.line, self.column, self.path)


def sorted_problems(problems) -> list[Problem]:
    """Sort and drop exact duplicates (the same problem found twice)."""
    seen = set()
    out = []
    for p in sorted(problems, key=Problem.sort_key):
        ident = (p.file, p.line, p.column, p.code, p.message)
        if ident not in seen:
            seen.add(ident)
            out.append(p)
    return out


def has_errors(problems) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)
