"""Reports of ``kpi diff``: text, markdown (a pull-request comment), github (annotations) and json.

Only what moved is listed: rule changes, then per evidence file (unit) the
overall score, the dimensions and the indicators whose score, weighted score
or status differ, each with the rule changes that bear on it. Numbers as in
the score reports: 4 decimals, half up.
"""

from __future__ import annotations

import json

from kpiengine.core.numbers import round_half_up
from kpiengine.reports import table


def _num(value) -> str:
    return "-" if value is None else round_half_up(value, 4)


def _delta(row) -> str:
    if row.delta is None:
        return "-" if row.old_status == row.new_status else f"{row.old_status or 'none'} → {row.new_status or 'none'}"
    sign = "+" if row.delta > 0 else "−" if row.delta < 0 else "±"
    return sign + round_half_up(abs(row.delta), 4)


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "…"


def _rule_lines(report) -> list[str]:
    lines = []
    for change in report.rules:
        if change.change != "changed":
            lines.append(f"{change.kind} '{change.id}' {change.change}")
            continue
        parts = [f"{k.key} {_short(k.old)} → {_short(k.new)}" for k in change.keys]
        lines.append(f"{change.kind} '{change.id}': " + "; ".join(parts))
    return lines


def _summary(report) -> str:
    moved = sum(1 for unit in report.units if unit.changed)
    return (f"{len(report.rules)} rule change(s); scores changed for {moved} of {len(report.units)} "
            f"evidence file(s)")


def to_text(report) -> str:
    out = [f"old {report.old_label} ({report.old_hash})", f"new {report.new_label} ({report.new_hash})", ""]
    rule_lines = _rule_lines(report)
    out.append("rule changes:" if rule_lines else "rule changes: none (the same rules_hash)")
    out += [f"  {line}" for line in rule_lines]
    for unit in report.units:
        out.append("")
        why = f"; {', '.join(unit.overall.why)}" if unit.overall.changed and unit.overall.why else ""
        out.append(f"{unit.evidence} (unit {unit.unit or '-'}): overall {_num(unit.overall.old)} → "
                   f"{_num(unit.overall.new)} ({_delta(unit.overall)}){why}")
        rows = [["", "id", "old", "new", "change", "why"]]
        rows += [["dimension", r.id, _num(r.old), _num(r.new), _delta(r), ", ".join(r.why)]
                 for r in unit.dimensions if r.changed]
        rows += [["indicator", r.id, _num(r.old), _num(r.new), _delta(r), ", ".join(r.why) or _weighted(r)]
                 for r in unit.indicators if r.changed]
        if len(rows) > 1:
            out += table.render(rows, right={2, 3, 4}, indent="  ")
        else:
            out.append("  no score changed")
    out += ["", _summary(report)]
    return "\n".join(out) + "\n"


def _weighted(row) -> str:
    if row.old_weighted != row.new_weighted:
        return f"weighted {_num(row.old_weighted)} → {_num(row.new_weighted)}"
    return ""


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(report) -> str:
    out = ["## kpi diff", "", f"- old: `{report.old_label}` (`{report.old_hash}`)",
           f"- new: `{report.new_label}` (`{report.new_hash}`)", ""]
    rule_lines = _rule_lines(report)
    out += ["### Rule changes", ""] + ([f"- {_md(line)}" for line in rule_lines] or ["none"]) + [""]
    out += ["### Scores", "", "| evidence | unit | what | id | old | new | change | why |",
            "|---|---|---|---|---:|---:|---:|---|"]
    for unit in report.units:
        rows = [("overall", unit.overall)] + [("dimension", r) for r in unit.dimensions if r.changed] \
            + [("indicator", r) for r in unit.indicators if r.changed]
        for what, r in rows:
            ident = "" if what == "overall" else r.id
            out.append(f"| {_md(unit.evidence)} | {_md(unit.unit or '-')} | {what} | {_md(ident)} | {_num(r.old)} | "
                       f"{_num(r.new)} | {_delta(r)} | {_md(', '.join(r.why) or _weighted(r))} |")
    out += ["", f"_{_summary(report)}_"]
    return "\n".join(out) + "\n"


def _escape(text: str) -> str:
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _escape(text).replace(":", "%3A").replace(",", "%2C")


def to_github(report, locate=None) -> str:
    """One ``::notice`` per changed indicator score, at the indicator in the new rules (`locate(id)` →
    (file, line) or None), and one for each changed overall score."""
    out = []
    for unit in report.units:
        if unit.overall.changed:
            out.append(f"::notice title={_property('kpi diff overall')}::{_escape(unit.evidence)}: overall "
                       f"{_num(unit.overall.old)} → {_num(unit.overall.new)} ({_delta(unit.overall)})")
        for r in unit.indicators:
            if not r.changed:
                continue
            where = locate(r.id) if locate else None
            props = f"file={_property(where[0])},line={where[1]}," if where and where[1] else ""
            why = ", ".join(r.why) or _weighted(r)
            out.append(f"::notice {props}title={_property('kpi diff ' + r.id)}::{_escape(unit.evidence)}: {r.id} "
                       f"{_num(r.old)} → {_num(r.new)} ({_delta(r)}){'; ' + _escape(why) if why else ''}")
    out.append(f"::notice title=kpi diff::{_escape(_summary(report))}")
    return "".join(line + "\n" for line in out)


def _row(r) -> dict:
    return {"id": r.id, "old": r.old, "new": r.new, "change": r.delta, "old_status": r.old_status,
            "new_status": r.new_status, "old_weighted": r.old_weighted, "new_weighted": r.new_weighted,
            "why": r.why}


def to_json(report) -> str:
    doc = {
        "old": {"rules": report.old_label, "rules_hash": report.old_hash},
        "new": {"rules": report.new_label, "rules_hash": report.new_hash},
        "rule_changes": [{"kind": c.kind, "id": c.id, "change": c.change,
                          "keys": [{"key": k.key, "old": k.old, "new": k.new} for k in c.keys]}
                         for c in report.rules],
        "units": [{"evidence": u.evidence, "unit": u.unit, "changed": u.changed,
                   "overall": {"old": u.overall.old, "new": u.overall.new, "change": u.overall.delta},
                   "dimensions": [_row(r) for r in u.dimensions],
                   "indicators": [_row(r) for r in u.indicators]} for u in report.units],
        "changed": report.changed,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


FORMATS = ("text", "markdown", "github", "json")
