"""Evidence templates (``kpi template``): every field of the rule set's evidence, ready to fill.

The fields are `kpiengine.evidence.columns.evidence_columns` — ``<input>``,
``step.<N>`` (fraction done, 0–1), ``score`` — so the template, the CSV
tables of a round and the intake read the same names. This module says what
each field is (type, what is allowed, help) and gathers prefilled values from
existing evidence; `kpiengine.reports.xlsx.template` writes the workbook and
`to_csv` the CSV tables (UTF-8 with a byte-order mark, so Excel reads Thai).
docs/excel.md documents the layout for other tools.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from kpiengine.core.numbers import format_number
from kpiengine.evidence.columns import Column, evidence_columns
from kpiengine.reports.i18n import _

BOM = "\ufeff"
META = ("indicator", "name", "input", "type", "allowed", "help")
DATE_FORMS = "2563-09-30, 30 ก.ย. 2563, 30 กันยายน 2563"


@dataclass
class Field:
    column: Column
    name: str  # the indicator's (Thai) name
    type: str  # column D
    allowed: str  # column E
    help: str  # column F
    validation: dict  # XlsxWriter data_validation options (without input messages)
    message: str  # the input message (Thai, then English)

    @property
    def indicator(self) -> str:
        return self.column.indicator

    @property
    def suffix(self) -> str:
        return self.column.suffix


def _bound(value) -> str:
    return format_number(value) if isinstance(value, (int, float)) else f"'{value}'"


def _bounds_text(spec) -> str:
    parts = []
    if spec.min is not None:
        parts.append(f"≥ {_bound(spec.min)}")
    if spec.max is not None:
        parts.append(f"≤ {_bound(spec.max)}")
    return ", ".join(parts)


def _number_validation(spec, whole: bool) -> dict:
    low = spec.min if isinstance(spec.min, (int, float)) and not isinstance(spec.min, bool) else None
    high = spec.max if isinstance(spec.max, (int, float)) and not isinstance(spec.max, bool) else None
    if whole:
        low = max(low, 0) if low is not None else 0
    kind = "integer" if whole else "decimal"
    if low is not None and high is not None:
        return {"validate": kind, "criteria": "between", "minimum": low, "maximum": high}
    if low is not None:
        return {"validate": kind, "criteria": ">=", "value": low}
    if high is not None:
        return {"validate": kind, "criteria": "<=", "value": high}
    return {"validate": kind, "criteria": "between", "minimum": -1e300, "maximum": 1e300}


def _both(key: str, **values) -> str:
    """A message in Thai, then in English (the template is read by both)."""
    from kpiengine.reports.i18n import catalog

    thai = catalog("th").gettext(key).format(**values)
    english = key.format(**values)
    return thai if thai == english else f"{thai}\n{english}"


def _type_words() -> dict[str, str]:
    """Input types and indicator units in the report's language (English: as the rule files spell them)."""
    return {"count": _("count"), "number": _("number"), "percent": _("percent"), "currency": _("currency"),
            "ratio": _("ratio"), "date": _("date"), "boolean": _("boolean"), "milestone": _("milestone"),
            "score": _("score")}


def type_text(kind: str, unit: str) -> str:
    """Column D: the input's type and the indicator's unit, ``count (percent)`` (``จำนวนนับ (ร้อยละ)`` in Thai)."""
    words = _type_words()
    return f"{words.get(kind, kind)} ({words.get(unit, unit)})"


def describe(ruleset, column: Column) -> Field:
    indicator = ruleset.indicators[column.indicator]
    unit = indicator.unit
    scale = ruleset.scale
    if column.kind == "step":
        step = column.spec
        return Field(column, indicator.name, _("fraction done"), "0–1 (1 = " + _("completed") + ")",
                     f"{_('step')} {step.step}: {step.title} ({format_number(step.weight)} %)",
                     {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1},
                     _both("fraction of step {step} done: 0 to 1 (1 = completed, empty = not started)",
                           step=step.step))
    if column.kind == "score":
        low, high = format_number(scale.low), format_number(scale.high)
        return Field(column, indicator.name, type_text("score", unit), f"{low}–{high}",
                     _("the score set by an outside office"),
                     {"validate": "decimal", "criteria": "between", "minimum": scale.low, "maximum": scale.high},
                     _both("a score from {low} to {high}", low=low, high=high))
    spec = column.spec
    kind = spec.type
    help_text = spec.description or ""
    if kind == "date":
        return Field(column, indicator.name, type_text("date", unit), f"{DATE_FORMS}; " + _("empty = not delivered"),
                     help_text,
                     {"validate": "date", "criteria": "between", "minimum": date(1900, 1, 1),
                      "maximum": date(2999, 12, 31)},
                     _both("a date: a date cell or text such as 30 ก.ย. 2563; empty = not delivered"))
    if kind == "boolean":
        return Field(column, indicator.name, type_text("boolean", unit), "true / false", help_text,
                     {"validate": "list", "source": ["true", "false"]}, _both("true or false"))
    bounds = _bounds_text(spec)
    if kind == "count":
        allowed = _("whole number ≥ 0") + (f", {bounds}" if bounds else "")
        message = _both("a whole number of at least 0") + (f"\n{bounds}" if bounds else "")
    else:
        allowed = bounds or _("any number")
        message = _both("a number") + (f"\n{bounds}" if bounds else "")
    return Field(column, indicator.name, type_text(kind, unit), allowed, help_text,
                 _number_validation(spec, kind == "count"), message)


def fields(ruleset) -> list[Field]:
    return [describe(ruleset, c) for c in evidence_columns(ruleset)]


def prefill(evidence, ruleset) -> dict:
    """(indicator, suffix) → the value given in `evidence` (as given: numbers, text, dates); steps as fractions.

    Fields the rule set does not have (an unknown indicator, input or step) are kept too: a converted file
    keeps its faults, and the intake reports them at their cells.
    """
    out: dict = {}
    for ident, entry in evidence.entries.items():
        indicator = ruleset.indicators.get(ident)
        values = entry.values
        if not isinstance(values, dict):
            continue
        for name, value in values.items():
            if name not in ("completed", "partial"):
                out[(ident, str(name))] = value
        if indicator is None or indicator.unit != "milestone":
            continue
        completed = values.get("completed") or []
        partial = values.get("partial") or {}
        completed = completed if isinstance(completed, list) else [completed]
        partial = partial if isinstance(partial, dict) else {}
        for s in indicator.steps or []:
            out[(ident, f"step.{s.step}")] = 0
        for step in completed:
            out[(ident, f"step.{step}")] = 1
        for step, fraction in partial.items():
            out[(ident, f"step.{step}")] = fraction
    return out


def extra_fields(all_fields, filled) -> list[tuple[str, str]]:
    """(indicator, suffix) given in prefilled evidence that no field of the rule set has, in order."""
    known = {(f.indicator, f.suffix) for f in all_fields}
    extras: list = []
    for _unit, values, _ev in filled:
        for key in values:
            if key not in known and key not in extras:
                extras.append(key)
    return extras


def unit_columns(units: list[str], evidences: list) -> list[tuple[str, object]]:
    """(unit name, its evidence or None): the named units in order, then evidence for other units."""
    out = [(u, None) for u in units]
    index = {u: n for n, u in enumerate(units)}
    for n, ev in enumerate(evidences, 1):
        name = ev.unit or (f"unit {n}" if len(evidences) > 1 else "unit")
        if name in index and out[index[name]][1] is None:
            out[index[name]] = (name, ev)
        else:
            index[name] = len(out)
            out.append((name, ev))
    return out or [("unit", None)]


NULL_MARK = "not delivered"  # one of evidence.table.NOT_DELIVERED: an explicit null (a deadline not delivered); an empty cell is no evidence


def _cell_text(value) -> str:
    if value is None:
        return NULL_MARK
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def to_csv(ruleset, units: list[tuple[str, object]], layout: str) -> str:
    """The template as CSV: ``inputs`` (a row per field, a column per unit) or ``units`` (a row per unit)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    all_fields = fields(ruleset)
    filled = [(u, prefill(ev, ruleset) if ev is not None else {}, ev) for u, ev in units]
    if layout == "inputs":
        writer.writerow(list(META) + [u for u, _, _ in filled])
        writer.writerow(["as_of", "", "", _("date"), DATE_FORMS, _("the date the evidence stands at")]
                        + [_cell_text(ev.as_of) if ev is not None and ev.as_of else "" for _, _, ev in filled])
        for f in all_fields:
            writer.writerow([f.indicator, f.name, f.suffix, f.type, f.allowed, f.help]
                            + [_cell_text(values[(f.indicator, f.suffix)]) if (f.indicator, f.suffix) in values
                               else "" for _, values, _ in filled])
        for key in extra_fields(all_fields, filled):
            writer.writerow([key[0], "", key[1], "", "", _("not in the rule set")]
                            + [_cell_text(values[key]) if key in values else "" for _, values, _ in filled])
    else:
        keys = [(f.indicator, f.suffix) for f in all_fields] + extra_fields(all_fields, filled)
        writer.writerow(["unit", "as_of"] + [f"{i}.{s}" for i, s in keys])
        for u, values, ev in filled:
            writer.writerow([u, _cell_text(ev.as_of) if ev is not None and ev.as_of else ""]
                            + [_cell_text(values[key]) if key in values else "" for key in keys])
    return BOM + buffer.getvalue()
