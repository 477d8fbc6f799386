"""The evidence template workbook (``kpi template RULES -o evidence.xlsx``).

Sheet ``evidence`` (layout ``inputs``, the default): row 1 the headers —
A ``indicator``, B ``name``, C ``input``, D ``type``, E ``allowed``, F ``help``,
then one column per unit from G (header = the unit's name); row 2 ``as_of``
per unit; then one row per field (`kpiengine.reports.template.fields`), so
``A.C`` is the field's column name in an evidence table. Unit cells carry
data validation (a warning, so text such as Thai digits or ``30 ก.ย. 2563``
can still be typed) and an input message in Thai and English; columns A–F are
locked (the sheet is protected without a password). Layout ``units``: a row
per unit, columns ``unit``, ``as_of`` and one per field.

Sheet ``คำอธิบาย``: how to fill it, in Thai and English. Sheet ``plan``: the
dimensions and indicators with formulas, targets and levels, read-only.
"""

from __future__ import annotations

from datetime import date

from kpiengine.core.numbers import format_number
from kpiengine.reports.i18n import _, catalog
from kpiengine.reports.template import DATE_FORMS, META, NULL_MARK, extra_fields, fields, prefill
from kpiengine.reports.xlsx.book import Book

UNIT_COL = 6  # G
WIDTHS = (30, 44, 14, 18, 26, 36)
PROTECTION = {"select_locked_cells": True, "select_unlocked_cells": True, "format_columns": True,
              "format_rows": True, "insert_columns": False, "insert_rows": False, "sort": False,
              "autofilter": True}

INSTRUCTIONS = [
    ("How to fill this workbook",),
    ("1. Fill the sheet 'evidence': one column per unit (from column G), one row per input.",),
    ("2. Row 2 is the date the evidence stands at (as_of).",),
    ("3. Numbers: type them as you read them; Thai digits and thousands separators are accepted.",),
    ("4. Dates: a date cell, or text such as 30 ก.ย. 2563 or 2563-09-30; an empty delivery date is 'not delivered'.",),
    ("5. Milestone steps: the fraction done, 0 to 1 (1 = completed; empty or 0 = not started).",),
    ("6. Leave a unit's column empty when the unit has no evidence.",),
    ("7. Do not rename the sheet 'evidence' or change columns A to F: kpi reads them.",),
    ("8. Score the workbook: kpi score RULES evidence.xlsx -o report.xlsx",),
]


def _both(text: str) -> tuple[str, str]:
    return catalog("th").gettext(text), text


_ABSENT = object()


def _write_value(book: Book, ws, row: int, col: int, value) -> None:
    """A prefilled value as given; an explicit null as the not-delivered mark, an absent one as an empty cell."""
    if value is _ABSENT:
        value = None
    elif value is None:
        value = NULL_MARK
    fmt = "input_date" if isinstance(value, date) else "input"
    if isinstance(value, str):
        ws.write_string(row, col, value, book[fmt])
    else:
        book.write(ws, row, col, value, fmt)


def _validate(ws, first_row: int, first_col: int, last_row: int, last_col: int, field) -> None:
    options = dict(field.validation)
    options.update({"error_type": "warning", "ignore_blank": True,
                    "input_title": field.suffix[:32], "input_message": field.message[:255],
                    "error_title": field.suffix[:32], "error_message": (field.allowed or field.type)[:255]})
    ws.data_validation(first_row, first_col, last_row, last_col, options)


def template_workbook(ruleset, units: list[tuple[str, object]], layout: str = "inputs") -> bytes:
    book = Book(ruleset.plan.title)
    all_fields = fields(ruleset)
    filled = [(u, prefill(ev, ruleset) if ev is not None else {}, ev) for u, ev in units]
    if layout == "inputs":
        _inputs_sheet(book, all_fields, filled)
    else:
        _units_sheet(book, all_fields, filled)
    _instructions(book)
    _plan_sheet(book, ruleset)
    return book.bytes()


def _inputs_sheet(book: Book, all_fields, filled) -> None:
    ws = book.sheet("evidence", freeze=(2, UNIT_COL))
    for col, title in enumerate(META):
        ws.write_string(0, col, title, book["header"])
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width, book["locked"])
    last_col = UNIT_COL + len(filled) - 1
    ws.set_column(UNIT_COL, last_col, 16, book["input"])
    for n, (unit, _values, ev) in enumerate(filled):
        ws.write_string(0, UNIT_COL + n, unit, book["header"])
        _write_value(book, ws, 1, UNIT_COL + n, ev.as_of if ev is not None and ev.as_of else _ABSENT)
    th, en = _both("the date the evidence stands at")
    for col, text in enumerate(("as_of", "", "", _("date"), DATE_FORMS, f"{th} / {en}")):
        ws.write_string(1, col, text, book["locked"])
    ws.data_validation(1, UNIT_COL, 1, last_col, {
        "validate": "date", "criteria": "between", "minimum": date(1900, 1, 1), "maximum": date(2999, 12, 31),
        "error_type": "warning", "ignore_blank": True, "input_title": "as_of",
        "input_message": "\n".join(_both("a date: a date cell or text such as 30 ก.ย. 2563"))[:255]})
    for k, f in enumerate(all_fields):
        row = 2 + k
        for col, text in enumerate((f.indicator, f.name, f.suffix, f.type, f.allowed, f.help)):
            ws.write_string(row, col, text, book["locked"])
        for n, (_unit, values, _ev) in enumerate(filled):
            _write_value(book, ws, row, UNIT_COL + n, values.get((f.indicator, f.suffix), _ABSENT))
        _validate(ws, row, UNIT_COL, row, last_col, f)
    for k, key in enumerate(extra_fields(all_fields, filled)):
        row = 2 + len(all_fields) + k
        for col, text in enumerate((key[0], "", key[1], "", "", _("not in the rule set"))):
            ws.write_string(row, col, text, book["locked"])
        for n, (_unit, values, _ev) in enumerate(filled):
            _write_value(book, ws, row, UNIT_COL + n, values.get(key, _ABSENT))
    ws.protect("", PROTECTION)


def _units_sheet(book: Book, all_fields, filled) -> None:
    ws = book.sheet("evidence", freeze=(1, 1))
    ws.write_string(0, 0, "unit", book["header"])
    ws.write_string(0, 1, "as_of", book["header"])
    extras = extra_fields(all_fields, filled)
    keys = [(f.indicator, f.suffix) for f in all_fields] + extras
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1 + len(keys), 16)
    for k, (indicator, suffix) in enumerate(keys):
        ws.write_string(0, 2 + k, f"{indicator}.{suffix}", book["header"])
    for k, f in enumerate(all_fields):
        ws.write_comment(0, 2 + k, f"{f.name}\n{f.type}; {f.allowed}\n{f.help}"[:1000])
    for n, (unit, values, ev) in enumerate(filled):
        row = 1 + n
        ws.write_string(row, 0, unit)
        _write_value(book, ws, row, 1, ev.as_of if ev is not None and ev.as_of else _ABSENT)
        for k, key in enumerate(keys):
            _write_value(book, ws, row, 2 + k, values.get(key, _ABSENT))
    last_row = max(len(filled), 1) + 200
    for k, f in enumerate(all_fields):
        _validate(ws, 1, 2 + k, last_row, 2 + k, f)


def _instructions(book: Book) -> None:
    ws = book.sheet("คำอธิบาย", landscape=False, freeze=())
    ws.set_column(0, 0, 110, book["wrap"])
    row = 0
    for (text,) in INSTRUCTIONS:
        th, en = _both(text)
        fmt = book["title"] if row == 0 else book["wrap"]
        ws.write_string(row, 0, th, fmt)
        ws.write_string(row + 1, 0, en, fmt)
        row += 3 if row == 0 else 2


def _plan_sheet(book: Book, ruleset) -> None:
    ws = book.sheet("plan")
    headers = ("indicator", "name", "dimension", "weight", "unit", "inputs", "formula", "target", "method",
               "levels")
    for col, title in enumerate(headers):
        ws.write_string(0, col, title, book["header"])
    for col, width in enumerate((28, 48, 18, 8, 10, 30, 30, 16, 10, 26)):
        ws.set_column(col, col, width, book["wrap"])
    row = 1
    for d in ruleset.dimensions:
        ws.write_string(row, 0, d.id, book["bold"])
        ws.write_string(row, 1, d.name, book["bold"])
        ws.write_number(row, 3, d.weight, book["weight"])
        row += 1
        for ind in ruleset.indicators_in(d.id):
            target = ind.target.text() if ind.target else "-"
            levels = ", ".join(format_number(v) for v in ind.levels) if ind.levels else "-"
            inputs = ", ".join(f"{n} ({s.type})" for n, s in ind.inputs.items()) or "-"
            cells = (ind.id, ind.name, d.id, ind.weight, ind.unit, inputs,
                     ind.formula.text if ind.formula else "-", target, ind.method, levels)
            for col, value in enumerate(cells):
                book.write(ws, row, col, value, "weight" if col == 3 else "wrap")
            row += 1
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
