"""Diagnostic codes: each declared once, by the stage that raises it.

A `Code` is a stable identifier (two letters and two digits, e.g. ``EV05``),
a dotted name, a default severity, a one-line summary and its documentation
(a docstring with ``Failing::`` and ``Passing::`` examples). Checks of the
lint catalog declare their code in their own module; codes that a reading
stage raises itself (YAML syntax, unknown keys, evidence faults…) are
declared as constants of that stage (`kpiengine.sources.codes`,
`kpiengine.rules.codes`, `kpiengine.evidence.codes`). The lint registry
gathers them all into one catalog; a code, once published, keeps its meaning.

`Code.problem` is the one way to make a `Problem` with a code: it stamps the
code, name and severity, so a raise site never restates them.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpiengine.core.problems import NOWHERE, Location, Problem, Severity


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    severity: Severity
    summary: str
    doc: str = ""
    stage: str = ""  # the module that raises it, for codes that no lint check owns

    def problem(self, message: str, where: Location = NOWHERE, subject: str | None = None,
                severity: Severity | None = None) -> Problem:
        return Problem(self.code, message, severity or self.severity, where, subject, self.name)

    def __str__(self) -> str:
        return self.code
