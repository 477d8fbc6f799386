"""Reports of ``kpi progress``: text and json."""

from __future__ import annotations

import json

from kpiengine.core.numbers import format_number, round_half_up
from kpiengine.plan.progress import days_late
from kpiengine.reports import table
from kpiengine.reports.i18n import _, show_date
from kpiengine.reports.json_report import error_json
from kpiengine.reports.words import problem_message
from kpiengine.rules.hash import rules_hash


def _pct(value) -> str:
    return "-" if value is None else round_half_up(value, 2)


def to_text(results, ruleset, as_of, unknown=()) -> str:
    out = [f"{_('progress of plan')} {ruleset.plan.id} {_('as of')} {show_date(as_of)} "
           f"({_('fiscal year')} {ruleset.plan.fiscal_year})", ""]
    rows = [[_("project"), _("planned"), _("actual"), _("difference"), _("status"), _("name")]]
    for r in results:
        diff = "-" if r.difference is None else ("+" if r.difference > 0 else "") + round_half_up(r.difference, 2)
        rows.append([r.id, _pct(r.planned), _pct(r.actual), diff, _(r.status), r.name])
    out.extend(table.render(rows, right={1, 2, 3}, indent="  "))
    late = [(r, s) for r in results for s in r.late_steps if r.actual is not None]
    if late:
        out += ["", "late steps:"]
        for r, s in late:
            done = f", {format_number(s.done * 100)}% done" if s.done else ""
            out.append(f"  {r.id} step {s.step} ({format_number(s.weight)}%): planned by {s.end.isoformat()}, "
                       f"{days_late(s, as_of)} days late{done} — {s.title}")
    unscheduled = [(r, s) for r in results for s in r.steps if not s.scheduled]
    if unscheduled:
        out += ["", "steps without planned months (taken as due by the end of the fiscal year):"]
        for r in results:
            numbers = [str(s.step) for s in r.steps if not s.scheduled]
            if numbers:
                out.append(f"  {r.id}: step {', '.join(numbers)}")
    problems = [f"{r.id}: {problem_message(f)}" for r in results for f in r.faults] + \
        [f"{u.location.format(column=False)}: {problem_message(u)}" for u in unknown]
    if problems:
        out += ["", "evidence problems:"] + [f"  {p}" for p in problems]
    return "\n".join(out) + "\n"


def to_json(results, ruleset, as_of, unknown=()) -> str:
    doc = {
        "plan": ruleset.plan.id,
        "as_of": as_of.isoformat(),
        "projects": [{
            "id": r.id, "name": r.name, "planned": r.planned, "actual": r.actual, "difference": r.difference,
            "status": r.status, "source": r.source or None,
            "late_steps": [{"step": s.step, "title": s.title, "weight": s.weight, "planned_end": s.end.isoformat(),
                            "days_late": days_late(s, as_of), "done": s.done} for s in r.late_steps
                           if r.actual is not None],
            "steps": [{"step": s.step, "weight": s.weight, "planned_start": s.start.isoformat() if s.scheduled else None,
                       "planned_end": s.end.isoformat(), "scheduled": s.scheduled, "planned": s.planned,
                       "done": s.done} for s in r.steps],
            "errors": [error_json(f) for f in r.faults],
        } for r in results],
        "errors": [error_json(u) for u in unknown],
        "rules_hash": rules_hash(ruleset),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def to_xlsx(results, ruleset, as_of, unknown=()) -> bytes:
    from kpiengine.reports.xlsx.plan import progress_workbook  # xlsxwriter only when asked for

    return progress_workbook(results, ruleset, as_of, unknown)


def to_html(results, ruleset, as_of, unknown=()) -> str:
    from kpiengine.reports.html.plan import progress_page

    return progress_page(results, ruleset, as_of, unknown)


FORMATS = {"text": to_text, "json": to_json, "xlsx": to_xlsx, "html": to_html}
