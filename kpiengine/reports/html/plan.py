"""HTML pages of ``kpi show`` (the plan book) and ``kpi progress`` (S-curves of planned against done)."""

from __future__ import annotations

import math
from datetime import date, timedelta

from kpiengine.core.calendar import fiscal_year_bounds
from kpiengine.core.numbers import format_number as fmt
from kpiengine.plan.progress import planned_fraction
from kpiengine.reports.html import svg
from kpiengine.reports.html.page import esc, named, page, table
from kpiengine.reports.i18n import MONTHS, _, show_date
from kpiengine.reports.show import money
from kpiengine.reports.words import problem_message


def _target(target) -> str:
    if target is None:
        return "-"
    if "by" in target:
        return f"{_('by')} {show_date(date.fromisoformat(target['by']))}"
    return f"{target['op']} {fmt(target['value'])}"


def book_page(book) -> str:
    plan = book["plan"]
    body = [f"<h1>{esc(plan['title'])}</h1>",
            f'<p class="meta">{esc(_("plan"))} <span class="id">{esc(plan["id"])}</span> · '
            f"{esc(plan['organization'] or '')} · {esc(_('fiscal year'))} {esc(plan['fiscal_year'])} "
            f"({esc(show_date(date.fromisoformat(plan['fiscal_year_start'])))} – "
            f"{esc(show_date(date.fromisoformat(plan['fiscal_year_end'])))})</p>"]
    indicators = {i["id"]: i for i in book["indicators"]}
    body.append(f"<h2>{esc(_('dimensions'))}</h2>")
    body.append(table([_("no."), _("dimension"), _("weight"), _("indicators")],
                      [[esc(d["number"] or ""), named(d["id"], d["name"]), fmt(d["weight"]),
                        str(len(d["indicators"]))] for d in book["dimensions"]], numeric={2, 3}))
    for d in book["dimensions"]:
        body.append(f"<h2>{esc(d['number'] or '')} {esc(d['name'])} <span class=\"id\">{esc(d['id'])}</span></h2>")
        rows = []
        for ident in d["indicators"]:
            i = indicators[ident]
            levels = ", ".join(fmt(v) for v in i["levels"]) if i.get("levels") else "-"
            inputs = ", ".join(f"{n} ({t})" for n, t in (i.get("inputs") or {}).items()) or "-"
            rows.append([named(i["id"], i["name"]), fmt(i["weight"]), esc(i["unit"]), esc(inputs),
                         f'<code>{esc(i.get("formula") or "-")}</code>', esc(_target(i["target"])),
                         esc(i["method"]), esc(levels)])
        body.append(table([_("indicator"), _("weight"), _("unit of measure"), _("inputs"), _("formula"),
                           _("target"), _("method"), _("levels")], rows, numeric={1}))
    if book["projects"]:
        body.append(f"<h2>{esc(_('projects'))}</h2>")
        body.append(table([_("no."), _("project"), _("category"), _("budget (baht)"), _("status")],
                          [[esc(p["number"] or ""), named(p["id"], p["name"]), esc(p["category"] or "-"),
                            esc(money(p["budget"])), esc(_(p["status"]))] for p in book["projects"]],
                          numeric={3}))
        for p in book["projects"]:
            if not p.get("milestones"):
                continue
            body.append(f"<h3>{named(p['id'], p['name'])}</h3>")
            body.append(table([_("step"), _("title"), _("weight"), _("cumulative"), _("planned months")],
                              [[str(m["step"]), esc(m["title"]), fmt(m["weight"]), fmt(m["cumulative"])
                                if m["cumulative"] is not None else "-",
                                esc(", ".join(_month(x) for x in m["months"]) or "-")] for m in p["milestones"]],
                              numeric={0, 2, 3}))
    t = book["totals"]
    body.append(f"<h2>{esc(_('totals'))}</h2>")
    body.append(table([_("indicators"), _("projects"), _("budget (baht)"), _("funded"), _("not funded"),
                       _("no budget")],
                      [[str(t["indicators"]), str(t["projects"]), esc(money(t["budget"])), str(t["funded"]),
                        str(t["not_funded"]), str(t["no_budget"])]], numeric={0, 1, 2, 3, 4, 5}))
    return page(plan["title"], body)


def _month(iso: str) -> str:
    year, month = (int(x) for x in iso.split("-")[:2])
    shown_year = year + 543 if _("Jan") != "Jan" else year
    return f"{_(MONTHS[month - 1])} {shown_year}"


def planned_curve(steps, start: date, end: date) -> list[tuple[float, float]]:
    total = (end - start).days or 1
    points, day = [], start - timedelta(days=1)
    while day <= end:
        planned = math.fsum(s.weight * planned_fraction(s, day) for s in steps)
        points.append(((day - start).days / total, planned))
        day += timedelta(days=3)
    planned = math.fsum(s.weight * planned_fraction(s, end) for s in steps)
    points.append((1.0, planned))
    return points


def planned_curves(ruleset, today: date) -> dict[str, str]:
    """project id → the SVG of its planned cumulative progress over the fiscal year (the S-curve), with
    `today` marked: for pages that show the plan (kpi serve)."""
    from kpiengine.plan.progress import step_plans

    plan = ruleset.plan
    start, end = fiscal_year_bounds(plan.fiscal_year)
    months = [_(MONTHS[(9 + n) % 12]) for n in range(12)]
    at = min(max((today - start).days / ((end - start).days or 1), 0.0), 1.0)
    return {p.id: svg.s_curve(planned_curve(step_plans(p.spec.milestones, plan.fiscal_year), start, end), None, at,
                              months, title=p.spec.name)
            for p in ruleset.projects.values() if p.spec.milestones}


def progress_page(results, ruleset, as_of: date, unknown=()) -> str:
    plan = ruleset.plan
    start, end = fiscal_year_bounds(plan.fiscal_year)
    months = [_(MONTHS[(9 + n) % 12]) for n in range(12)]
    today = min(max((as_of - start).days / ((end - start).days or 1), 0.0), 1.0)
    body = [f"<h1>{esc(plan.title)}</h1>",
            f'<p class="meta">{esc(_("progress"))} · {esc(_("as of"))} {esc(show_date(as_of))} · '
            f"{esc(_('fiscal year'))} {esc(plan.fiscal_year)}</p>"]
    body.append(table([_("project"), _("planned"), _("actual"), _("difference"), _("status")],
                      [[named(r.id, r.name), fmt(r.planned, 2), "-" if r.actual is None else fmt(r.actual, 2),
                        "-" if r.difference is None else fmt(r.difference, 2), esc(_(r.status))]
                       for r in results], numeric={1, 2, 3}))
    for r in results:
        body.append(f'<h2 class="project">{named(r.id, r.name)}</h2>')
        actual = None if r.actual is None else (today, r.actual)
        body.append(svg.s_curve(planned_curve(r.steps, start, end), actual, today, months, title=r.name))
        rows = [[str(s.step), esc(s.title), fmt(s.weight), esc(show_date(s.end)), fmt(s.planned * 100, 2),
                 fmt(s.done * 100, 2), esc(_("late") if s.late else "")] for s in r.steps]
        body.append(table([_("step"), _("title"), _("weight"), _("planned end"), _("planned %"), _("done %"), ""],
                          rows, numeric={0, 2, 4, 5}))
        for fault in r.faults:
            where = fault.location.text
            shown = f"{where}: {problem_message(fault)}" if where else problem_message(fault)
            body.append(f'<p class="status-error">{esc(shown)}</p>')
    if unknown:
        body.append(f"<h2>{esc(_('evidence errors'))}</h2><ul class=\"errors\">" + "".join(
            f'<li><span class="where">{esc(u.location.format())}</span> {esc(problem_message(u))}</li>' for u in unknown)
            + "</ul>")
    return page(f"{plan.title} — {_('progress')}", body)
