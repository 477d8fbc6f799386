"""One diagnostic type for the whole library: a `Problem` with a code and one `Location`.

A location is a place in a YAML file (file, 1-based line and column, and the
key path inside the document, like pydantic's ``loc``) or a cell of a table
(file, sheet, cell such as ``H7``; a CSV file has no sheet). `Location.text`
is the one formatter every report uses: ``rules/plan.yaml:12:5`` or
``evidence.xlsx:evidence!H7``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Location:
    """Where something is: file:line:column (+ key path) or file:sheet!cell."""

    file: str = ""
    line: int | None = None
    column: int | None = None
    path: tuple = ()
    sheet: str | None = None  # a workbook's sheet (None for CSV files and YAML)
    cell: str | None = None  # a table cell, e.g. "H7"

    @property
    def text(self) -> str:
        """``file:line:column`` or ``file:sheet!cell`` (``file:cell`` for CSV), as far as known."""
        return self.format()

    def format(self, column: bool = True) -> str:
        """The one formatter of locations; `column=False` stops at the line (evaluation reports)."""
        where = self.file
        if self.cell:
            return f"{where}:{self.sheet}!{self.cell}" if self.sheet else f"{where}:{self.cell}"
        if self.line:
            where += f":{self.line}"
            if self.column and column:
                where += f":{self.column}"
        return where

    @property
    def key_path(self) -> str:
        """The key path as dotted text (``values.satisfaction.satisfied``); empty when unknown."""
        return ".".join(str(part) for part in self.path)

    @property
    def position(self) -> tuple[int, int]:
        """(line, column) for sorting: a cell's row and column number, 0 when unknown."""
        if self.cell:
            letters = self.cell.rstrip("0123456789")
            column = 0
            for ch in letters:
                column = column * 26 + (ord(ch.upper()) - 64)
            digits = self.cell[len(letters):]
            return (int(digits) if digits else 0, column)
        return (self.line or 0, self.column or 0)

    def below(self, *path) -> Location:
        return replace(self, path=self.path + tuple(path))


NOWHERE = Location()


@dataclass(frozen=True)
class Problem:
    """A diagnostic: code (e.g. ``SC03``), message, severity, location and the
    indicator or project it is about (`subject`).

    `name` is the code's dotted name, stamped by the registry that owns the
    code. Problems sort by position; two problems are "the same" for tests
    when code, line and column agree (see `key`).
    """

    code: str
    message: str
    severity: Severity = Severity.ERROR
    location: Location = NOWHERE
    subject: str | None = None
    name: str = ""

    @classmethod
    def at(cls, code: str, message: str, where: Location, severity: Severity = Severity.ERROR,
           subject: str | None = None) -> Problem:
        return cls(code, message, severity, where, subject)

    # The location's parts, for readers that only want a position.
    @property
    def file(self) -> str:
        return self.location.file

    @property
    def line(self) -> int | None:
        return self.location.line

    @property
    def column(self) -> int | None:
        return self.location.column

    @property
    def path(self) -> tuple:
        return self.location.path

    @property
    def indicator(self) -> str | None:
        """The indicator an evaluation error is about (the `subject`; the name `ErrorEntry` had)."""
        return self.subject

    @property
    def key(self) -> tuple:
        return (self.code, self.line, self.column)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple:
        return (self.file, self.location.sheet or "", *self.location.position, self.code, self.message)

    def with_severity(self, severity: Severity) -> Problem:
        return replace(self, severity=severity)

    def __str__(self) -> str:
        where = self.location.text
        return f"{where}: {self.message}" if where else self.message


def sorted_problems(problems) -> list[Problem]:
    """Sort and drop exact duplicates (the same problem found twice)."""
    seen = set()
    out = []
    for p in sorted(problems, key=Problem.sort_key):
        ident = (p.location, p.code, p.message)
        if ident not in seen:
            seen.add(ident)
            out.append(p)
    return out


def has_errors(problems) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)
