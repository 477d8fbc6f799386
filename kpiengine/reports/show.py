"""Reports of ``kpi show``: the plan book as text, markdown and json."""

from __future__ import annotations

import json

from kpiengine.core.numbers import format_number
from kpiengine.reports import table


def money(value) -> str:
    if value is None:
        return "-"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) and not value.is_integer() \
        else f"{int(value):,}"


def _target(target) -> str:
    if target is None:
        return "-"
    return f"by {target['by']}" if "by" in target else f"{target['op']} {format_number(target['value'])}"


def _marks(p) -> str:
    """The printed plan's marks: * not funded, ** additional project."""
    return " ".join(m for m, on in (("*", p["status"] == "not funded"), ("**", p["additional"])) if on)


def to_json(book) -> str:
    return json.dumps(book, ensure_ascii=False, indent=2) + "\n"


def _totals_lines(t) -> list[str]:
    by_category = "; ".join(f"{c} {money(v)}" for c, v in t["budget_by_category"].items())
    lines = [f"indicators {t['indicators']}, projects {t['projects']}",
             f"budget {money(t['budget'])} baht" + (f" ({by_category})" if by_category else ""),
             f"projects with a budget {t['with_budget']} (funded {t['funded']}, not funded {t['not_funded']}), "
             f"without a budget {t['no_budget']}"]
    if t["projects_by_category"]:
        lines.append("projects by category: " + "; ".join(f"{c} {n}" for c, n in t["projects_by_category"].items()))
    return lines


def to_text(book) -> str:
    plan = book["plan"]
    out = [f"plan {plan['id']} — {plan['title']}"]
    if plan["organization"]:
        out.append(plan["organization"])
    out.append(f"fiscal year {plan['fiscal_year']} ({plan['fiscal_year_start']} … {plan['fiscal_year_end']}), "
               f"scale [{format_number(plan['scale'][0])}, {format_number(plan['scale'][1])}], "
               f"on_missing {plan['on_missing']}")
    indicators = {i["id"]: i for i in book["indicators"]}
    for d in book["dimensions"]:
        out += ["", f"{d['number'] or ''} {d['id']} — {d['name']} (weight {format_number(d['weight'])})".strip()]
        rows = [["indicator", "weight", "unit", "target", "method", "name"]]
        for ident in d["indicators"]:
            i = indicators[ident]
            rows.append([i["id"], format_number(i["weight"]), i["unit"], _target(i["target"]), i["method"], i["name"]])
        out.extend(table.render(rows, right={1}, indent="  "))
    if book["projects"]:
        out += ["", "projects"]
        rows = [["no.", "project", "category", "budget", "status", "marks", "name"]]
        for p in book["projects"]:
            rows.append([p["number"] or "", p["id"], p["category"] or "-", money(p["budget"]), p["status"],
                         _marks(p), p["name"]])
        out.extend(table.render(rows, right={3}, indent="  "))
    out += ["", "totals"]
    out.extend(f"  {line}" for line in _totals_lines(book["totals"]))
    return "\n".join(out) + "\n"


def _md(text) -> str:
    return str(text if text is not None else "-").replace("|", "\\|").replace("\n", " ")


def to_markdown(book) -> str:
    plan = book["plan"]
    out = [f"# {_md(plan['title'])}", "", f"Plan `{plan['id']}` · {_md(plan['organization'])} · fiscal year "
           f"{plan['fiscal_year']} ({plan['fiscal_year_start']} … {plan['fiscal_year_end']})"]
    indicators = {i["id"]: i for i in book["indicators"]}
    for d in book["dimensions"]:
        out += ["", f"## {d['number'] or ''} {_md(d['name'])} (weight {format_number(d['weight'])})".replace("##  ", "## "),
                "", "| indicator | name | weight | unit | target | method | owner | projects |",
                "|---|---|--:|---|---|---|---|---|"]
        for ident in d["indicators"]:
            i = indicators[ident]
            out.append(f"| {i['id']} | {_md(i['name'])} | {format_number(i['weight'])} | {i['unit']} | "
                       f"{_md(_target(i['target']))} | {i['method']} | {_md(', '.join(i['owner']) or '-')} | "
                       f"{_md(', '.join(i['projects']) or '-')} |")
    if book["projects"]:
        out += ["", "## Projects", "", "| no. | project | name | category | budget (baht) | status | owner |",
                "|---|---|---|---|--:|---|---|"]
        for p in book["projects"]:
            out.append(f"| {_md(p['number'] or '')} | {p['id']} | {_md(p['name'])}{_md(_marks(p))} | "
                       f"{_md(p['category'])} | {money(p['budget'])} | {p['status']} | {_md(p['owner'])} |")
    out += ["", "## Totals", ""] + [f"- {line}" for line in _totals_lines(book["totals"])]
    return "\n".join(out) + "\n"


def to_xlsx(book) -> bytes:
    from kpiengine.reports.xlsx.plan import book_workbook  # xlsxwriter only when asked for

    return book_workbook(book)


def to_html(book) -> str:
    from kpiengine.reports.html.plan import book_page

    return book_page(book)


FORMATS = {"text": to_text, "json": to_json, "markdown": to_markdown, "xlsx": to_xlsx, "html": to_html}
