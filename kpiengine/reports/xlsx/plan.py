"""Workbooks of ``kpi show`` (the plan book) and ``kpi progress`` (planned against done)."""

from __future__ import annotations

import math
from datetime import date

from kpiengine.reports.i18n import _, show_date
from kpiengine.reports.xlsx.book import Book, cell


def _header(book: Book, ws, titles, widths) -> None:
    for col, (title, width) in enumerate(zip(titles, widths, strict=True)):
        ws.write_string(0, col, _(title), book["header"])
        ws.set_column(col, col, width)


def book_workbook(book) -> bytes:
    """Sheets: dimensions, indicators, projects (the budget total a live SUM), milestones."""
    plan = book["plan"]
    wb = Book(plan["title"])
    ws = wb.sheet(_("dimensions"))
    _header(wb, ws, ("no.", "dimension", "name", "weight", "indicators"), (6, 26, 48, 10, 12))
    for n, d in enumerate(book["dimensions"], 1):
        for col, v in enumerate((d["number"], d["id"], d["name"], d["weight"], len(d["indicators"]))):
            wb.write(ws, n, col, v, "weight" if col == 3 else "wrap")
    ws = wb.sheet(_("indicators"), freeze=(1, 1))
    _header(wb, ws, ("indicator", "name", "dimension", "weight", "unit of measure", "inputs", "formula", "target",
                     "method", "levels"), (28, 48, 18, 8, 10, 26, 30, 16, 10, 24))
    for n, i in enumerate(book["indicators"], 1):
        target = i["target"] or {}
        target_text = (f"{_('by')} {show_date(date.fromisoformat(target['by']))}" if "by" in target else
                       f"{target['op']} {target['value']}" if target else "-")
        levels = ", ".join(str(v) for v in i.get("levels") or []) or "-"
        inputs = ", ".join(f"{k} ({t})" for k, t in (i.get("inputs") or {}).items()) or "-"
        for col, v in enumerate((i["id"], i["name"], i["dimension"], i["weight"], i["unit"], inputs,
                                 i.get("formula") or "-", target_text, i["method"], levels)):
            wb.write(ws, n, col, v, "weight" if col == 3 else "wrap")
    ws = wb.sheet(_("projects"), freeze=(1, 1))
    _header(wb, ws, ("no.", "project", "name", "category", "budget (baht)", "status"), (6, 28, 48, 12, 16, 12))
    projects = book["projects"]
    for n, p in enumerate(projects, 1):
        for col, v in enumerate((p["number"], p["id"], p["name"], p["category"], p["budget"], _(p["status"]))):
            wb.write(ws, n, col, v, "money" if col == 4 else "wrap")
    last = len(projects) + 1
    ws.write_string(last, 2, _("totals"), wb["bold"])
    wb.formula(ws, last, 4, f"SUM(E2:E{last})" if projects else "0", book["totals"]["budget"], "money")
    ws = wb.sheet(_("milestones"), freeze=(1, 0))
    _header(wb, ws, ("project", "step", "title", "weight", "cumulative", "planned months"), (28, 6, 48, 8, 10, 30))
    row = 1
    for p in projects:
        first = row
        for m in p.get("milestones") or []:
            for col, v in enumerate((p["id"], m["step"], m["title"], m["weight"])):
                wb.write(ws, row, col, v, "weight" if col == 3 else "wrap")
            cumulative = math.fsum(x["weight"] for x in p["milestones"][:row - first + 1])
            wb.formula(ws, row, 4, f"SUM(D{first + 1}:D{row + 1})", cumulative, "weight")
            wb.write(ws, row, 5, ", ".join(m["months"]))
            row += 1
    return wb.bytes()


def progress_workbook(results, ruleset, as_of: date, unknown=()) -> bytes:
    """Sheets: projects (difference = actual − planned as a formula) and steps."""
    wb = Book(ruleset.plan.title)
    ws = wb.sheet(_("progress"), freeze=(1, 1))
    _header(wb, ws, ("project", "name", "planned", "actual", "difference", "status"), (28, 48, 10, 10, 12, 12))
    for n, r in enumerate(results, 1):
        wb.write(ws, n, 0, r.id)
        wb.write(ws, n, 1, r.name, "wrap")
        wb.write(ws, n, 2, r.planned, "percent")
        wb.write(ws, n, 3, r.actual, "percent")
        p, a = cell(n, 2), cell(n, 3)
        wb.formula(ws, n, 4, f'IF(ISNUMBER({a}),{a}-{p},"")', r.difference, "percent")
        wb.write(ws, n, 5, _(r.status))
    ws.write_string(len(results) + 2, 0, f"{_('as of')} {show_date(as_of)}", wb["bold"])
    ws = wb.sheet(_("steps"), freeze=(1, 2))
    _header(wb, ws, ("project", "step", "title", "weight", "planned end", "planned %", "done %", "late"),
            (28, 6, 48, 8, 14, 10, 10, 8))
    row = 1
    for r in results:
        for s in r.steps:
            for col, v in enumerate((r.id, s.step, s.title, s.weight, s.end, s.planned * 100, s.done * 100,
                                     _("late") if s.late else "")):
                wb.write(ws, row, col, v, "percent" if col in (5, 6) else "wrap")
            row += 1
    return wb.bytes()
