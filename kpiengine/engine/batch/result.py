"""`BatchResult`: the columns of a round, and the per-unit results `evaluate` would give."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kpiengine.core.problems import Location, Problem

SCORED, MISSING, EXCLUDED, ERROR = 0, 1, 2, 3
STATUS = ("scored", "missing", "excluded", "error")


@dataclass(frozen=True)
class BatchError:
    """One unit's error: its row (0-based), unit name, indicator and the `Problem` (code, message, location)."""

    row: int
    unit: str | None
    indicator: str | None
    problem: Problem

    @property
    def code(self) -> str:
        return self.problem.code

    @property
    def message(self) -> str:
        return self.problem.message

    @property
    def location(self) -> Location:
        return self.problem.location


class BatchResult:
    """Every unit of a table, scored.

    - `units`, `as_of`, `assessments`: per row, as given (None when empty);
    - `overall`: float64 array, NaN where a unit has no score;
    - `dimensions`: dimension id → float64 array (NaN: no scored indicator);
    - `scores`, `values`, `achieved` (1.0, 0.0, NaN for none) and `status`
      (``scored missing excluded error``): indicator id → array; the values of
      a deadline indicator without a formula are ``datetime64[D]`` (NaT: not
      delivered), all others float64 (NaN: none);
    - `errors`: `BatchError`s (row, unit, indicator, code, message, location).

    `reports()` gives each unit's `EvaluationResult`, with the traces that
    `kpi explain` and the JSON report read, from the scalar engine on the same
    row's evidence.
    """

    def __init__(self, ruleset, table, units, as_of, assessments, overall, dimensions, scores, values, achieved,
                 status_codes, errors):
        self.ruleset, self.table = ruleset, table
        self.units, self.as_of, self.assessments = units, as_of, assessments
        self.overall, self.dimensions = overall, dimensions
        self.scores, self.values, self.achieved = scores, values, achieved
        self.status_codes = status_codes
        self.errors = errors

    def __len__(self) -> int:
        return len(self.units)

    @property
    def status(self) -> dict:
        """indicator id → array of status words."""
        words = np.array(STATUS)
        return {ident: words[codes] for ident, codes in self.status_codes.items()}

    def errors_of(self, row: int) -> list[BatchError]:
        return [e for e in self.errors if e.row == row]

    def report(self, row: int):
        """The `EvaluationResult` of one row (what `evaluate` gives for that unit's evidence)."""
        from kpiengine.engine.batch.table import row_evidence
        from kpiengine.engine.evaluation import evaluate

        evidence = row_evidence(self.table, self.ruleset, row)
        evidence.as_of = self.as_of[row]
        result = evaluate(self.ruleset, evidence)
        extra = [e.problem for e in self.errors_of(row) if e.code == "EV00"]  # a bad as_of cell
        if extra:
            result.errors = extra + result.errors
        return result

    def reports(self) -> list:
        return [self.report(row) for row in range(len(self))]

    def result_table(self) -> tuple[list[str], list[tuple]]:
        """The results as a table (the columns `kpi sql --run` gives): ``unit``, ``overall``,
        ``dimension.<id>``, and per indicator ``.value .status .achieved .score .error`` (NaN → None;
        dates as dates; error codes of a unit's indicator sorted and separated by spaces)."""
        ruleset = self.ruleset
        columns = ["unit", "overall"] + [f"dimension.{d.id}" for d in ruleset.dimensions]
        fields = []
        status = self.status
        codes: dict = {}
        for e in self.errors:
            if e.indicator is not None:
                codes.setdefault((e.row, e.indicator), set()).add(e.code)
        for ident in ruleset.indicators:
            columns += [f"{ident}.{f}" for f in ("value", "status", "achieved", "score", "error")]
            fields.append((ident, self.values[ident], status[ident], self.achieved[ident], self.scores[ident]))
        rows = []
        for row in range(len(self)):
            cells = [self.units[row], _number(self.overall[row])]
            cells += [_number(self.dimensions[d.id][row]) for d in ruleset.dimensions]
            for ident, values, words, achieved, scores in fields:
                found = codes.get((row, ident))
                cells += [_value(values[row]), str(words[row]), _flag(achieved[row]), _number(scores[row]),
                          " ".join(sorted(found)) if found else None]
            rows.append(tuple(cells))
        return columns, rows


def _number(value):
    value = float(value)
    return None if value != value else value


def _flag(value):
    value = float(value)
    return None if value != value else value == 1.0


def _value(value):
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else value.astype("datetime64[D]").item()
    return _number(value)
