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
        return Field(column, indicator.name, f"score ({unit})", f"{low}–{high}",
                     _("the score set by an outside office"),
                     {"validate": "decimal", "criteria": "between", "minimum": scale.low, "maximum": scale.high},
                     _both("a score from {low} to {high}", low=low, high=high))
    spec = column.spec
    kind = spec.type
    help_text = spec.description or ""
    if kind == "date":
        return Field(column, indicator.name, f"date ({unit})", f"{DATE_FORMS}; " + _("empty = not delivered"),
                     help_text,
                     {"validate": "date", "criteria": "between", "minimum": date(1900, 1, 1),
                      "maximum": date(2999, 12, 31)},
                     _both("a date: a date cell or text such as 30 ก.ย. 2563; empty = not delivered"))
    if kind == "boolean":
        return Field(column, indicator.name, f"boolean ({unit})", "true / false", help_text,
                     {"validate": "list", "source": ["true", "false"]}, _both("true or false"))
    bounds = _bounds_text(spec)
    if kind == "count":
        allowed = _("whole number ≥ 0") + (f", {bounds}" if bounds else "")
        message = _both("a whole number of at least 0") + (f"\n{bounds}" if bounds else "")
    else:
        allowed = bounds or _("any number")
        message = _both("a number") + (f"\n{bounds}" if bounds else "")
    return Field(column, indicator.name, f"{kind} ({unit})", allowed, help_text,
                 _number_validation(spec, kind == "count"), message)


def fields(ruleset) -> list[Field]:
    return [describe(ruleset, c) for c in evidence_columns(ruleset)]


def prefill(evidence, ruleset) -> dict:
    """Column name → the value given in `evidence` (as given: numbers, text, dates); steps as fractions."""
    out: dict = {}
    for ident, entry in evidence.entries.items():
        indicator = ruleset.indicators.get(ident)
        values = entry.values
        if indicator is None or not isinstance(values, dict):
            continue
        for name, value in values.items():
            if name in ("completed", "partial"):
                continue
            out[f"{ident}.{name}"] = value
        if indicator.unit == "milestone" and indicator.steps:
            completed = values.get("completed") or []
            partial = values.get("partial") or {}
            for s in indicator.steps:
                if s.step in completed or str(s.step) in [str(c) for c in completed]:
                    out[f"{ident}.step.{s.step}"] = 1
                elif s.step in partial or str(s.step) in partial:
                    out[f"{ident}.step.{s.step}"] = partial.get(s.step, partial.get(str(s.step)))
                else:
                    out[f"{ident}.step.{s.step}"] = 0
    return out


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


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_number(value, 15)
    return str(value)


def to_csv(ruleset, units: list[tuple[str, object]], layout: str) -> str:
    """The template as CSV: ``inputs`` (a row per field, a column per unit) or ``units`` (a row per unit)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    all_fields = fields(ruleset)
    filled = [(u, prefill(ev, ruleset) if ev is not None else {}, ev) for u, ev in units]
    if layout == "inputs":
        writer.writerow(list(META) + [u for u, _, _ in filled])
        writer.writerow(["as_of", "", "", "date", DATE_FORMS, _("the date the evidence stands at")]
                        + [_cell_text(ev.as_of) if ev is not None else "" for _, _, ev in filled])
        for f in all_fields:
            writer.writerow([f.indicator, f.name, f.suffix, f.type, f.allowed, f.help]
                            + [_cell_text(values.get(f.column.name)) for _, values, _ in filled])
    else:
        writer.writerow(["unit", "as_of"] + [f.column.name for f in all_fields])
        for u, values, ev in filled:
            writer.writerow([u, _cell_text(ev.as_of) if ev is not None else ""]
                            + [_cell_text(values.get(f.column.name)) for f in all_fields])
    return BOM + buffer.getvalue()
