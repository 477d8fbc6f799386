"""The batch engine: every unit of an evidence table scored column by column.

For each indicator: its input columns are typed and validated column-wise
(`columns`), the formula runs as array operations (`formula`), the value is
scored by the column-wise twin of its scoring method (`scoring`), and the
weighted sums of SPEC §6 give the dimension and overall columns.

The scalar engine stays the reference. A row that is not clean for an
indicator — a cell that is not a number of the input's type, a value out of
bounds, a missing input, a division by zero, a value within the 1e-9
tolerance just under a level — is evaluated by `read_inputs` and
`evaluate_indicator` of the scalar engine for that one indicator, so its
error code and message (or its score) are those `kpi score` gives for the
same unit. A fault in one row is that unit's indicator error under the
plan's ``on_missing`` policy; it never fails the batch.
"""

from __future__ import annotations

import numpy as np

from kpiengine.core import calendar
from kpiengine.core.errors import RuleSetError, ValueFormatError
from kpiengine.core.messages import reason, say
from kpiengine.core.problems import Location
from kpiengine.engine.batch import scoring
from kpiengine.engine.batch.columns import read_column
from kpiengine.engine.batch.formula import compile_columns, either
from kpiengine.engine.batch.result import ERROR, EXCLUDED, MISSING, SCORED, BatchError, BatchResult
from kpiengine.engine.batch.table import STEP_COLUMN, Table, row_evidence
from kpiengine.engine.evaluation import evaluate_indicator
from kpiengine.evidence.codes import EV00, EV05, EV09
from kpiengine.evidence.document import EvidenceEntry
from kpiengine.evidence.inputs import read_inputs
from kpiengine.evidence.validate import validate_evidence

__all__ = ["evaluate_batch"]


class _Rows:
    """The rows' Evidence, built once per row that needs the scalar engine."""

    def __init__(self, table, ruleset):
        self.table, self.ruleset, self.cache = table, ruleset, {}

    def __call__(self, row: int):
        found = self.cache.get(row)
        if found is None:
            found = self.cache[row] = row_evidence(self.table, self.ruleset, row)
        return found


def evaluate_batch(ruleset, table, *, source: str = "<table>") -> BatchResult:
    """Score every row of `table` (column name → equal-length sequence, or a pandas / pyarrow table).

    Returns a `BatchResult` whose columns equal, unit by unit, what `evaluate`
    gives for the same row's evidence. Raises `RuleSetError` for an invalid
    rule set and `EvidenceFileError` for a table that cannot be read as one
    (columns of different lengths). `source` names the table in locations.
    """
    if not ruleset.valid:
        raise RuleSetError(ruleset.problems)
    table = table if isinstance(table, Table) else Table(table, ruleset, source)
    n = table.n
    rows = _Rows(table, ruleset)
    errors: list[BatchError] = []
    units = _texts(table, "unit")
    as_of = _as_of(table, n, errors, units)
    assessments = _texts(table, "assessment")
    status, values, achieved, scores = {}, {}, {}, {}
    for indicator in ruleset.indicators.values():
        out = _Indicator(indicator, table, ruleset, rows, errors, units).run()
        status[indicator.id], values[indicator.id], achieved[indicator.id], scores[indicator.id] = out
    _unknown_indicators(table, ruleset, rows, errors, units)
    dimensions, overall = _aggregate(ruleset, scores, n)
    errors.sort(key=lambda e: (e.row, e.indicator or "", e.message))
    return BatchResult(ruleset, table, units, as_of, assessments, overall, dimensions, scores, values, achieved,
                       status, errors)


def _text(value):
    return None if value is None else str(value)


def _texts(table, name) -> list:
    column = table.columns.get(name)
    if column is None:
        return [None] * table.n
    return [_text(column.cell(i)) for i in range(table.n)]


def _as_of(table, n, errors, units) -> list:
    column = table.columns.get("as_of")
    out = [None] * n
    if column is None:
        return out
    memo: dict = {}
    for row in range(n):
        cell = column.cell(row)
        if cell is None:
            continue
        key = (type(cell), cell)
        if key not in memo:
            try:
                memo[key] = calendar.parse_day(cell, "as_of date")
            except ValueFormatError as exc:
                memo[key] = exc
        found = memo[key]
        if isinstance(found, ValueFormatError):
            where = Location(table.source, path=("as_of",), cell=table.cell_name(column, row))
            problem = EV00.problem(say("invalid 'as_of': {reason}", reason=reason(found)), where)
            errors.append(BatchError(row, units[row], None, problem))
        else:
            out[row] = found
    return out


def _unknown_indicators(table, ruleset, rows, errors, units) -> None:
    """Columns of an indicator the rule set lacks: the scalar engine's EV01 for each row that fills one."""
    if not table.unknown:
        return
    for row in range(table.n):
        if any(c.cell(row) is not None for columns in table.unknown.values() for c in columns.values()):
            evidence = rows(row)
            known = [k for k in evidence.entries if k in ruleset.indicators]
            only = type(evidence)(evidence.file, evidence.plan, evidence.unit, None, locator=evidence.locator,
                                  assessment=evidence.assessment)
            only.entries = {k: v for k, v in evidence.entries.items() if k not in known}
            for problem in validate_evidence(ruleset, only).problems:
                errors.append(BatchError(row, units[row], problem.subject, problem))


def _aggregate(ruleset, scores: dict, n: int):
    """dimension = Σ wᵢ·sᵢ / Σ wᵢ over its counted indicators; overall = Σ W_d·S_d / Σ W_d over scored dimensions."""
    dimensions = {}
    top = np.zeros(n)
    bottom = np.zeros(n)
    for d in ruleset.dimensions:
        num = np.zeros(n)
        den = np.zeros(n)
        for indicator in ruleset.indicators_in(d.id):
            w = float(indicator.weight)
            if w <= 0:
                continue
            s = scores[indicator.id]
            if not np.isnan(s).any():
                num += w * s
                den += w
            else:
                counted = ~np.isnan(s)
                num += np.where(counted, w * np.where(counted, s, 0.0), 0.0)
                den += np.where(counted, w, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            score = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
        dimensions[d.id] = score
        weight = float(d.weight)
        if weight > 0:
            has = ~np.isnan(score)
            top += np.where(has, weight * np.where(has, score, 0.0), 0.0)
            bottom += np.where(has, weight, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        overall = np.where(bottom > 0, top / np.where(bottom > 0, bottom, 1.0), np.nan)
    return dimensions, overall


class _Indicator:
    """One indicator over all rows."""

    def __init__(self, indicator, table, ruleset, rows, errors, units):
        self.indicator, self.table, self.ruleset = indicator, table, ruleset
        self.rows, self.errors, self.units = rows, errors, units
        self.n = table.n
        self.scale = ruleset.scale
        self.policy = ruleset.plan.on_missing
        self._shared = None  # the value column when it is the table's own input column

    def run(self):
        indicator, n = self.indicator, self.n
        columns = self.table.by_indicator.get(indicator.id, {})
        status = np.zeros(n, dtype=np.int8)  # SCORED
        dated = indicator.formula is None and indicator.date_input is not None and indicator.unit == "date"
        computed = None
        if not columns:
            absent, slow = np.ones(n, dtype=bool), None
        else:
            absent, slow, computed = self._fast(columns)
        if computed is None:
            achieved, scores = np.full(n, np.nan), np.full(n, np.nan)
            values = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]") if dated else np.full(n, np.nan)
        else:
            value, achieved, scores = computed
            if dated:
                ordinal = np.where(np.isnan(value), 0.0, value).astype(np.int64) - _EPOCH
                values = np.where(np.isnan(value), np.datetime64("NaT"), ordinal.astype("datetime64[D]"))
            else:
                values = value if value is not self._shared else value.copy()
            if scores is value or scores is self._shared:  # an external score is its value
                scores = scores.copy()
        if absent is not None and absent.any():
            self._missing(absent, status, values, achieved, scores)
        if slow is not None:
            for row in np.flatnonzero(slow):
                self._scalar(int(row), status, values, achieved, scores)
        return status, values, achieved, scores

    # --- rows without evidence ---------------------------------------------------------------------------

    def _missing(self, absent, status, values, achieved, scores):
        policy = self.policy
        values[absent] = np.datetime64("NaT") if values.dtype.kind == "M" else np.nan
        if policy == "zero":
            status[absent], scores[absent], achieved[absent] = MISSING, 0.0, 0.0
            return
        status[absent] = EXCLUDED if policy == "exclude" else MISSING
        scores[absent], achieved[absent] = np.nan, np.nan
        if policy == "error":
            ident = self.indicator.id
            for row in np.flatnonzero(absent):
                where = Location(self.table.source, None, None, ("values",), None, f"A{int(row) + 2}")
                problem = EV05.problem(say("no evidence for '{indicator}' (on_missing: error)", indicator=ident), where, ident)
                self.errors.append(BatchError(int(row), self.units[row], ident, problem))

    # --- the reference, for the rows that need it -----------------------------------------------------------

    def _scalar(self, row, status, values, achieved, scores):
        indicator, scale = self.indicator, self.scale
        evidence = self.rows(row)
        entry = evidence.entries.get(indicator.id)
        if entry is None:  # nothing given after all (e.g. only empty cells of unknown steps)
            entry = EvidenceEntry(indicator.id, {}, evidence.locator, ("values", indicator.id))
        inputs = read_inputs(indicator, entry, scale)
        result = evaluate_indicator(indicator, inputs, scale)
        for problem in inputs.faults:
            self.errors.append(BatchError(row, self.units[row], indicator.id, problem))
        if result.status == "error":
            if result.faults and result.faults[0].code == EV09.code and not inputs.faults:
                for problem in result.faults:
                    self.errors.append(BatchError(row, self.units[row], indicator.id, problem))
            status[row] = ERROR
            values[row] = np.datetime64("NaT") if values.dtype.kind == "M" else np.nan
            achieved[row] = np.nan
            scores[row] = 0.0 if self.policy == "zero" else np.nan
            return
        status[row] = SCORED
        value = result.value
        if values.dtype.kind == "M":
            values[row] = np.datetime64("NaT") if value is None else np.datetime64(value, "D")
        else:
            values[row] = np.nan if value is None or not isinstance(value, (int, float)) else float(value)
        achieved[row] = np.nan if result.achieved is None else float(result.achieved)
        scores[row] = result.score

    # --- the vectorized path -------------------------------------------------------------------------------

    def _fast(self, columns: dict):
        """(absent rows, rows for the scalar engine, (value, achieved, score) columns or None)."""
        indicator, n = self.indicator, self.n
        expected = dict(indicator.inputs)
        step_keys = {}
        if indicator.unit == "milestone":
            for key in columns:
                match = STEP_COLUMN.match(key)
                if match:
                    step_keys[key] = int(match.group(1))
        external = indicator.method == "external" and not indicator.inputs
        present = None  # rows with any non-empty cell of this indicator
        slow = None
        env: dict = {}
        kinds = {name: spec.type for name, spec in expected.items()}
        if external:
            kinds["score"] = "score"
        for key, column in columns.items():
            if key in kinds or key in step_keys:
                continue
            cells_here = self._nonempty(column)  # an unknown input: the scalar engine words it (EV02)
            present, slow = either(present, cells_here), either(slow, cells_here)
        empties = {}
        for name, kind in kinds.items():
            value, empty, faulty = read_column(columns.get(name), kind, n)
            env[name] = value
            empties[name] = empty
            filled = ~empty if empty is not None else np.ones(n, dtype=bool)
            present = either(present, filled)
            slow = either(slow, faulty)
            if empty is not None and kind != "date":
                slow = either(slow, empty)  # a missing input (EV05), unless nothing at all is given
        progress = done = None
        if step_keys:
            progress, done, present, slow = self._steps(columns, step_keys, present, slow)
        elif indicator.unit == "milestone":
            present = either(present, np.zeros(n, dtype=bool))
            slow = either(slow, present)  # no step columns: the scalar engine asks for 'completed'
        if present is None:
            return np.ones(n, dtype=bool), None, None
        absent = ~present
        if not self._supported(kinds):
            return absent, present, None
        slow = either(slow, self._bounds(env, kinds, external))
        value, none, slow = self._value(env, kinds, empties, progress, slow)
        date_none = None
        delivered = None
        if indicator.date_input is not None:
            delivered = env[indicator.date_input]
            date_none = empties[indicator.date_input]
        ach = self._achieved(value, none, delivered, date_none)
        score, doubtful = self._score(value, none, ach, delivered, date_none, done)
        slow = either(slow, doubtful)
        marks = self._marks()
        if marks:
            near = scoring.near_marks(value, marks)
            if near is not None and none is not None:
                near &= ~none
            slow = either(slow, near)
        if slow is not None:
            slow &= present
            if not slow.any():
                slow = None
        return absent, slow, (value, ach, score)

    def _nonempty(self, column):
        if column.numbers is not None:
            return ~np.isnan(column.numbers)
        return np.array([column.cell(i) is not None for i in range(self.n)], dtype=bool)

    def _supported(self, kinds) -> bool:
        """Shapes of indicators this path computes; anything else goes row by row to the scalar engine."""
        indicator = self.indicator
        if indicator.method not in ("levels", "ratio", "pass_fail", "deadline", "steps", "external"):
            return False
        if indicator.method == "levels" and not indicator.levels:
            return False
        if indicator.method == "ratio" and (indicator.target is None or indicator.target.value is None
                                            or float(indicator.target.value) == 0):
            return False
        if indicator.method == "steps" and not indicator.steps:
            return False
        if indicator.unit == "milestone" and not indicator.steps:
            return False
        if indicator.formula is None:
            plain = [k for k in kinds if k != "score"]
            if indicator.unit == "milestone" or indicator.method == "external" and not indicator.inputs:
                return True
            if indicator.date_input is not None and indicator.unit == "date":
                return indicator.method in ("deadline", "pass_fail", "steps")
            if len(plain) != 1 or kinds[plain[0]] == "date":
                return False
        target = indicator.target
        if target is not None and target.by is None and (target.value is None or target.op is None):
            return False
        if target is not None and target.by is not None and indicator.date_input is None:
            return False
        return True

    def _steps(self, columns, step_keys, present, slow):
        """Progress = Σ weight · fraction done; steps done = consecutive completed steps from step 1."""
        n = self.n
        table_steps = {s.step: s for s in (self.indicator.steps or [])}
        fractions = {}
        for key, number in step_keys.items():
            value, empty, faulty = read_column(columns[key], "number", n)
            filled = ~empty if empty is not None else np.ones(n, dtype=bool)
            present = either(present, filled)
            slow = either(slow, faulty)
            if number not in table_steps:
                slow = either(slow, filled)  # an unknown step: EV07 (or nothing) from the scalar engine
                continue
            if empty is not None:
                value = np.where(empty, 0.0, value)
            with np.errstate(invalid="ignore"):
                out = (value < 0) | (value > 1)
            if out.any():
                slow = either(slow, out)
            fractions[number] = value
        progress = np.zeros(n)
        for number, step in table_steps.items():
            if number in fractions:
                progress += float(step.weight) * fractions[number]
        done = np.zeros(n, dtype=np.int64)
        running = np.ones(n, dtype=bool)
        k = 1
        while k in table_steps:
            if k not in fractions:
                break
            running &= fractions[k] == 1.0
            done += running
            k += 1
        return progress, done, present, slow

    def _bounds(self, env, kinds, external):
        """Rows with a value outside its min / max (numbers, dates or another input): EV04 from the scalar engine."""
        indicator, n = self.indicator, self.n
        out = None
        for name, spec in indicator.inputs.items():
            kind = kinds[name]
            if kind == "boolean":
                continue
            for side, bound in (("min", spec.min), ("max", spec.max)):
                if bound is None:
                    continue
                limit = self._limit(bound, kind, env, kinds)
                if limit is _ALL:
                    return np.ones(n, dtype=bool)
                if limit is None:
                    continue
                column = env[name]
                if isinstance(limit, float):  # one reduction tells whether any row is beyond
                    extreme = column.min() if side == "min" else column.max()  # NaN when a cell is empty
                    if extreme == extreme and not (extreme < limit if side == "min" else extreme > limit):
                        continue
                with np.errstate(invalid="ignore"):
                    beyond = column < limit if side == "min" else column > limit
                if beyond.any():
                    out = either(out, beyond)
        if external:
            score = env["score"]
            beyond = (score < self.scale.low) | (score > self.scale.high)
            if beyond.any():
                out = either(out, beyond)
        return out

    def _limit(self, bound, kind, env, kinds):
        if isinstance(bound, bool):
            return _ALL
        if isinstance(bound, str) and bound in kinds:
            other = kinds[bound]
            if other == "boolean":
                return None
            if (other == "date") != (kind == "date"):
                return _ALL  # a date bound on a number: the scalar engine's EV09 (fix the rule set)
            return env[bound]
        if isinstance(bound, str):
            if kind != "date":
                return None
            try:
                return float(calendar.parse_day(bound).toordinal())
            except ValueFormatError:
                return None
        if isinstance(bound, (int, float)):
            return _ALL if kind == "date" else float(bound)
        if hasattr(bound, "toordinal"):
            return float(bound.toordinal()) if kind == "date" else _ALL
        return _ALL

    def _value(self, env, kinds, empties, progress, slow):
        """The value column and the rows without a value (None)."""
        indicator, n = self.indicator, self.n
        formula = indicator.formula
        days_late = None
        date_none = None
        if indicator.date_input is not None:
            date_none = empties[indicator.date_input]
            target = indicator.target
            if target is not None and target.by is not None:
                days_late = env[indicator.date_input] - float(target.by.toordinal())
            else:
                date_none = np.ones(n, dtype=bool)
                days_late = np.zeros(n)
        if formula is not None:
            columns = dict(env)
            none = None
            if "progress" in formula.names:
                columns["progress"] = progress if progress is not None else np.zeros(n)
            if "days_late" in formula.names:
                columns["days_late"] = days_late if days_late is not None else np.zeros(n)
                none = date_none
            value, bad = compile_columns(formula)(columns, n)
            if none is not None:
                value = np.where(none, np.nan, value)
                if bad is not None:
                    bad &= ~none
            return value, none, either(slow, bad)
        if indicator.unit == "milestone":
            return progress, None, slow
        if indicator.date_input is not None and indicator.unit == "date":
            value = env[indicator.date_input]
            none = empties[indicator.date_input]
            return (np.where(none, np.nan, value) if none is not None else value), none, slow
        if indicator.method == "external" and not indicator.inputs:
            value = env["score"]
            if value.dtype != np.float64:
                return value.astype(np.float64), None, slow
            self._shared = value
            return value, None, slow
        (only,) = [k for k in kinds if k != "score"]
        value = env[only]
        if value.dtype != np.float64:
            return value.astype(np.float64), None, slow
        self._shared = value  # a column of the table: copied before rows are overwritten
        return value, None, slow

    def _achieved(self, value, none, delivered, date_none):
        target = self.indicator.target
        n = self.n
        if target is None:
            return np.full(n, np.nan)
        if target.by is not None:
            out = (delivered <= float(target.by.toordinal())).astype(np.float64)
            if date_none is not None:
                out[date_none] = 0.0
            return out
        if self.indicator.formula is None and self.indicator.date_input is not None and self.indicator.unit == "date":
            return np.zeros(n)  # a date value against a number target
        return scoring.achieved_column(value, none, target)

    def _marks(self) -> list[float]:
        """The target's number, where the 1e-9 tolerance decides `achieved` (levels find their own)."""
        indicator = self.indicator
        target = indicator.target
        if target is None or target.by is not None or target.value is None or (
                indicator.formula is None and indicator.date_input is not None and indicator.unit == "date"):
            return []
        if indicator.method == "levels" and float(target.value) in (indicator.levels or ()):
            return []
        return [float(target.value)]

    def _score(self, value, none, ach, delivered, date_none, done):
        indicator, scale = self.indicator, self.scale
        method = indicator.method
        if method == "levels":
            return scoring.levels(value, none, indicator, scale)
        if method == "ratio":
            return scoring.ratio(value, none, indicator, scale), None
        if method == "pass_fail":
            return scoring.pass_fail(ach, indicator, scale), None
        if method == "deadline":
            target = indicator.target
            n = self.n
            if delivered is None or target is None or target.by is None:
                return np.full(n, scale.below), None
            days = (delivered - float(target.by.toordinal())).astype(np.int64)
            return scoring.deadline(days, date_none, indicator, scale), None
        if method == "steps":
            return scoring.steps(done if done is not None else np.zeros(self.n, dtype=np.int64), indicator,
                                 scale), None
        # external: the value itself; a value outside the scale is the scalar engine's EV09
        with np.errstate(invalid="ignore"):
            outside = (value < scale.low) | (value > scale.high)
        if none is not None:
            outside &= ~none
            value = np.where(none, scale.below, value)
        return value, (outside if outside.any() else None)


_ALL = object()
_EPOCH = 719163  # date(1970, 1, 1).toordinal()
