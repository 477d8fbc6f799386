"""Reports of an evaluation: text, markdown, csv and json (SPEC §7)."""

from __future__ import annotations

import io
from datetime import date

from kpiengine.core.numbers import format_number
from kpiengine.reports import table, words
from kpiengine.reports.i18n import _, show_date
from kpiengine.reports.json_report import evaluation_json


def _indicator_row(r) -> list[str]:
    return [r.id, words.value(r.value), words.target(r.target), words.achieved(r.achieved), words.score(r.score),
            format_number(r.weight), words.score(r.weighted_score), words.status(r.status)]


HEADER = ["indicator", "value", "target", "achieved", "score", "weight", "weighted", "status"]


def _dimension_title(d) -> str:
    number = f"{d.number} " if d.number is not None else ""
    return f"{number}{d.id} — {d.name} ({_('weight')} {format_number(d.weight)})"


def to_json(evaluation, rules_hash: str | None = None) -> str:
    """SPEC §7's report; with `rules_hash`, a top-level ``"rules_hash"`` names the rules that made it."""
    doc = evaluation_json(evaluation)
    if rules_hash is not None:
        doc["rules_hash"] = rules_hash
    import json  # only for the JSON report

    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def no_evidence_line(evaluation) -> str | None:
    """How many indicators had no evidence (status missing or excluded), or None when all had."""
    missing = [r.id for r in evaluation.indicators if r.status in ("missing", "excluded")]
    if not missing:
        return None
    shown = ", ".join(missing[:5]) + (_(", … ({count} more)").format(count=len(missing) - 5)
                                      if len(missing) > 5 else "")
    return _("no evidence for {missing} of {total} indicators (on_missing {policy}): {shown}").format(
        missing=len(missing), total=len(evaluation.indicators), policy=evaluation.on_missing, shown=shown)


def to_text(evaluation) -> str:
    """The text report; words and dates in the language of `kpiengine.reports.i18n.use`, names beside ids."""
    out = [f"{_('plan')} {evaluation.plan} — {evaluation.plan_title}"]
    out.append(f"{_('unit')} {evaluation.unit or '-'}, {_('as of')} {show_date(evaluation.as_of)}, "
               f"on_missing {evaluation.on_missing}")
    for d in evaluation.dimensions:
        out.append("")
        out.append(_dimension_title(d))
        rows = [[_(h) for h in HEADER] + [_("name")]]
        rows += [_indicator_row(r) + [r.name] for r in evaluation.indicators if r.dimension == d.id]
        rows.append([_("dimension score"), "", "", "", words.score(d.score)])
        out.extend(table.render(rows, right={1, 4, 5, 6}, indent="  "))
    out.append("")
    out.append(f"{_('overall score')} {words.score(evaluation.overall)}")
    if no_evidence_line(evaluation):
        out.append(no_evidence_line(evaluation))
    if evaluation.errors:
        out.append("")
        out.append(f"{_('errors')} ({len(evaluation.errors)}):")
        for e in evaluation.errors:
            out.append(f"  {e.location.format(column=False)}: {e.subject}: {words.problem_message(e)}")
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(evaluation) -> str:
    out = [f"# {_md(evaluation.plan)} — {_md(evaluation.plan_title)}", ""]
    as_of = evaluation.as_of.isoformat() if evaluation.as_of else "-"
    out.append(f"Unit: {_md(evaluation.unit or '-')} · as of {as_of} · on_missing {evaluation.on_missing}")
    out.append("")
    out.append(f"**Overall score: {words.score(evaluation.overall)}**")
    for d in evaluation.dimensions:
        out += ["", f"## {_md(_dimension_title(d))}: {words.score(d.score)}", ""]
        out.append("| indicator | name | value | target | achieved | score | weight | weighted | status |")
        out.append("|---|---|--:|---|---|--:|--:|--:|---|")
        for r in evaluation.indicators:
            if r.dimension != d.id:
                continue
            cells = _indicator_row(r)
            cells.insert(1, r.name)
            out.append("| " + " | ".join(_md(c) for c in cells) + " |")
    if evaluation.errors:
        out += ["", "## Errors", ""]
        for e in evaluation.errors:
            out.append(f"- `{_md(e.location.format(column=False))}` {_md(e.subject)}: {_md(words.problem_message(e))}")
    return "\n".join(out) + "\n"


BOM = "\ufeff"  # so Excel on Thai Windows opens the CSV as UTF-8
CSV_COLUMNS = ["level", "dimension", "id", "name", "status", "value", "target", "achieved", "score", "weight",
               "weighted_score"]


def _raw(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return repr(value) if isinstance(value, float) else str(value)


def to_csv(evaluation) -> str:
    """One row per indicator, then per dimension, then the overall score; numbers unrounded; UTF-8 with BOM."""
    buffer = io.StringIO()
    import csv  # only for the CSV report

    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in evaluation.indicators:
        writer.writerow(["indicator", r.dimension, r.id, r.name, r.status, _raw(r.value), (r.target.text() if r.target else "-"),
                         _raw(r.achieved), _raw(r.score), _raw(r.weight), _raw(r.weighted_score)])
    for d in evaluation.dimensions:
        writer.writerow(["dimension", d.id, d.id, d.name, "", "", "", "", _raw(d.score), _raw(d.weight), ""])
    writer.writerow(["overall", "", "", evaluation.plan_title, "", "", "", "", _raw(evaluation.overall), "", ""])
    return BOM + buffer.getvalue()


def to_xlsx(evaluation) -> bytes:
    from kpiengine.reports.xlsx.score import unit_workbook  # xlsxwriter is imported only when asked for

    return unit_workbook(evaluation)


def to_html(evaluation) -> str:
    from kpiengine.reports.html.score import unit_page

    return unit_page(evaluation)


def round_xlsx(evaluations) -> bytes:
    from kpiengine.reports.xlsx.score import round_workbook

    return round_workbook(evaluations)


def round_html(evaluations) -> str:
    from kpiengine.reports.html.score import round_page

    return round_page(evaluations)


FORMATS = {"text": to_text, "json": to_json, "markdown": to_markdown, "csv": to_csv, "xlsx": to_xlsx,
           "html": to_html}
# A round of several units (a table or workbook with many, several files): text, json, csv and markdown
# from kpiengine.reports.round (ranking, summary, assessments side by side), xlsx and html workbooks/pages.
ROUND_FORMATS = {"xlsx": round_xlsx, "html": round_html, "text": None, "json": None, "csv": None, "markdown": None}


def round_report(fmt: str, evaluations, sort: str = "overall", unreadable=(), rules_hash: str | None = None):
    """The round report of `evaluations` in `fmt` (`sort`, `unreadable` and `rules_hash` for the text-like ones)."""
    from kpiengine.reports import round as rounds

    if fmt in rounds.FORMATS:
        return rounds.FORMATS[fmt](rounds.Round.of(evaluations, list(unreadable), rules_hash), sort)
    return ROUND_FORMATS[fmt](evaluations)
