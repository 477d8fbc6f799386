"""Reports of a round: many units scored against one plan (issue 9).

A `Round` holds each unit's `EvaluationResult` in input order and the inputs
that could not be read. Formats (one function each, one signature):

- text — a ranking table (rank, unit, overall, each dimension, achieved /
  missing / error counts), the mean, median, min and max of every dimension
  and of the overall score, the assessments of one unit side by side, and
  the errors;
- json — ``{"plan", "rules_hash"?, "units": [SPEC §7 report of each unit],
  "summary", "assessments"?, "unreadable"?}``;
- csv — UTF-8 with a byte-order mark (Excel reads the Thai), one row per
  unit: unit, assessment, as_of, overall, each dimension's and indicator's
  score, unrounded; then a row of differences per unit assessed more than once;
- markdown — the same rows, rounded to 4 decimals, and the summary.

Ranks go by the overall score (1 = best; equal scores share a rank; units
without a score come last, unranked); ``--sort`` only orders the rows.
"""

from __future__ import annotations

import csv
import io
import json
import math
import statistics
from dataclasses import dataclass, field

from kpiengine.core.numbers import round_half_up
from kpiengine.reports import table
from kpiengine.reports.json_report import evaluation_json, location_json

BOM = "\ufeff"


@dataclass
class Round:
    plan: str
    plan_title: str
    dimensions: list  # the plan's dimension specs
    indicators: list  # indicator ids in rule-set order
    results: list  # EvaluationResult per unit, in input order
    unreadable: list = field(default_factory=list)  # (source, [Problem])
    on_missing: str = "zero"
    rules_hash: str | None = None  # names the rules that made the scores (JSON)

    @classmethod
    def of(cls, results: list, unreadable=(), rules_hash: str | None = None) -> Round:
        """The round of `results` (each an `EvaluationResult` with the rule set it was scored with)."""
        first = results[0]
        ruleset = first.ruleset
        dimensions = list(ruleset.dimensions) if ruleset is not None else first.dimensions
        indicators = list(ruleset.indicators) if ruleset is not None else [r.id for r in first.indicators]
        return cls(first.plan, first.plan_title, dimensions, indicators, list(results), list(unreadable),
                   first.on_missing, rules_hash)


def _fixed(value) -> str:
    return "-" if value is None else round_half_up(value, 4)


def _raw(value) -> str:
    return "" if value is None else repr(float(value))


def label(result) -> str:
    unit = result.unit or "-"
    return f"{unit} ({result.assessment})" if result.assessment else unit


def _dimension(result, ident):
    found = result.dimension(ident)
    return None if found is None else found.score


def _counts(result) -> tuple[int, int, int]:
    achieved = sum(1 for r in result.indicators if r.achieved)
    missing = sum(1 for r in result.indicators if r.status in ("missing", "excluded"))
    errors = sum(1 for r in result.indicators if r.status == "error")
    return achieved, missing, errors


def ranks(results) -> dict[int, int]:
    """Position in `results` → rank by overall score (competition ranking: 1, 2, 2, 4)."""
    scored = sorted((r.overall, i) for i, r in enumerate(results) if r.overall is not None)
    scored.reverse()
    out, previous, rank = {}, None, 0
    for position, (score, i) in enumerate(scored, start=1):
        if score != previous:
            rank, previous = position, score
        out[i] = rank
    return out


def ordered(round_: Round, sort: str = "overall") -> list[int]:
    """Positions of the units in report order: by `sort` ('overall', 'unit' or a dimension id)."""
    results = round_.results
    positions = list(range(len(results)))
    if sort == "unit":
        return sorted(positions, key=lambda i: (label(results[i]), i))

    def score(i):
        r = results[i]
        return r.overall if sort == "overall" else _dimension(r, sort)
    return sorted(positions, key=lambda i: (score(i) is None, -(score(i) or 0.0), i))


def statistics_of(values) -> dict:
    """mean, median, min and max of the scores that exist (None when no unit has one)."""
    present = [v for v in values if v is not None]
    if not present:
        return {"mean": None, "median": None, "min": None, "max": None}
    return {"mean": math.fsum(present) / len(present), "median": statistics.median(present), "min": min(present),
            "max": max(present)}


def summary(round_: Round) -> dict:
    results = round_.results
    return {"units": len(results),
            "overall": statistics_of([r.overall for r in results]),
            "dimensions": {d.id: statistics_of([_dimension(r, d.id) for r in results]) for d in round_.dimensions}}


# --- several assessments of one unit ------------------------------------------------------------------------


def assessment_groups(round_: Round) -> list[tuple[str, list]]:
    """Units assessed more than once (self, committee, …): (unit, results in input order)."""
    groups: dict[str, list] = {}
    for r in round_.results:
        if r.assessment is not None:
            groups.setdefault(r.unit or "-", []).append(r)
    return [(unit, rs) for unit, rs in groups.items() if len(rs) > 1]


def _difference(first, last):
    return None if first is None or last is None else last - first


def assessment_rows(round_: Round, results: list) -> list[tuple[str, str, list]]:
    """(kind, id, [score per assessment] + [last − first]) for the overall score, dimensions and indicators."""
    rows = []

    def add(kind, ident, scores):
        rows.append((kind, ident, scores + [_difference(scores[0], scores[-1])]))

    add("overall", "overall", [r.overall for r in results])
    for d in round_.dimensions:
        add("dimension", d.id, [_dimension(r, d.id) for r in results])
    for ident in round_.indicators:
        add("indicator", ident, [_indicator_score(r, ident) for r in results])
    return rows


def _indicator_score(result, ident):
    found = result.indicator(ident)
    return None if found is None else found.score


def _weighted(result, ident):
    found = result.indicator(ident)
    return None if found is None else found.weighted_score


def assessments_json(round_: Round) -> list[dict]:
    out = []
    for unit, results in assessment_groups(round_):
        names = [r.assessment for r in results]
        entry = {"unit": unit, "assessments": names, "difference": f"{names[-1]} - {names[0]}"}
        for kind, ident, scores in assessment_rows(round_, results):
            cell = {name: score for name, score in zip(names, scores[:-1], strict=True)}
            cell["difference"] = scores[-1]
            if kind == "indicator":
                weighted = [_weighted(r, ident) for r in results]
                cell["weighted"] = {name: w for name, w in zip(names, weighted, strict=True)}
                cell["weighted_difference"] = _difference(weighted[0], weighted[-1])
                entry.setdefault("indicators", {})[ident] = cell
            elif kind == "dimension":
                entry.setdefault("dimensions", {})[ident] = cell
            else:
                entry["overall"] = cell
        out.append(entry)
    return out


# --- formats ----------------------------------------------------------------------------------------------


def to_text(round_: Round, sort: str = "overall") -> str:
    results = round_.results
    out = [f"plan {round_.plan} — {round_.plan_title}",
           f"{len(results)} units, on_missing {round_.on_missing}, sorted by {sort}", ""]
    dims = [d.id for d in round_.dimensions]
    rows = [["rank", "unit", "overall"] + dims + ["achieved", "missing", "errors"]]
    rank = ranks(results)
    for i in ordered(round_, sort):
        r = results[i]
        achieved, missing, errors = _counts(r)
        rows.append([str(rank[i]) if i in rank else "-", label(r), _fixed(r.overall)]
                    + [_fixed(_dimension(r, d)) for d in dims] + [str(achieved), str(missing), str(errors)])
    numeric = set(range(2, 3 + len(dims) + 3)) | {0}
    out.extend(table.render(rows, right=numeric))
    out += ["", "summary"]
    stats = summary(round_)
    rows = [["", "mean", "median", "min", "max"]]
    for name, s in [("overall", stats["overall"])] + list(stats["dimensions"].items()):
        rows.append([name] + [_fixed(s[k]) for k in ("mean", "median", "min", "max")])
    out.extend(table.render(rows, right={1, 2, 3, 4}, indent="  "))
    for unit, group in assessment_groups(round_):
        names = [r.assessment for r in group]
        out += ["", f"assessments of {unit}: " + " · ".join(names) + f" (difference {names[-1]} − {names[0]})"]
        rows = [["", ""] + names + ["difference"]]
        for kind, ident, scores in assessment_rows(round_, group):
            rows.append([kind, ident] + [_fixed(s) for s in scores[:-1]] + [_signed(scores[-1])])
        out.extend(table.render(rows, right=set(range(2, 3 + len(names))), indent="  "))
    problems = [(label(r), e) for r in results for e in r.errors]
    if problems:
        out += ["", f"errors ({len(problems)}):"]
        for who, e in problems:
            out.append(f"  {who}: {e.location.format(column=False)}: {e.subject}: {e.message}")
    if round_.unreadable:
        out += ["", f"not read ({len(round_.unreadable)}):"]
        for source, problems_ in round_.unreadable:
            for p in problems_:
                out.append(f"  {p.location.format() or source}: {p.message}")
    return "\n".join(out) + "\n"


def _signed(value) -> str:
    if value is None:
        return "-"
    text = round_half_up(value, 4)
    return text if text.startswith("-") else "+" + text


def to_json(round_: Round, sort: str = "overall") -> str:
    out = {"plan": round_.plan}
    if round_.rules_hash is not None:
        out["rules_hash"] = round_.rules_hash
    out["units"] = [evaluation_json(r) for r in round_.results]
    out["summary"] = summary(round_)
    groups = assessments_json(round_)
    if groups:
        out["assessments"] = groups
    if round_.unreadable:
        out["unreadable"] = [{"source": source, "problems": [dict(location_json(p.location), code=p.code,
                                                                    message=p.message) for p in problems]}
                             for source, problems in round_.unreadable]
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def _header(round_: Round) -> list[str]:
    return (["unit", "assessment", "as_of", "overall"] + [d.id for d in round_.dimensions]
            + list(round_.indicators))


def _row(round_: Round, r, number) -> list[str]:
    return ([r.unit or "", r.assessment or "", r.as_of.isoformat() if r.as_of else "", number(r.overall)]
            + [number(_dimension(r, d.id)) for d in round_.dimensions]
            + [number(_indicator_score(r, i)) for i in round_.indicators])


def _difference_rows(round_: Round, number) -> list[list[str]]:
    rows = []
    for unit, group in assessment_groups(round_):
        names = [r.assessment for r in group]
        diffs = [scores[-1] for _, _, scores in assessment_rows(round_, group)]
        rows.append([unit, f"{names[-1]} - {names[0]}", ""] + [number(d) for d in diffs])
    return rows


def to_csv(round_: Round, sort: str = "overall") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_header(round_))
    for i in ordered(round_, sort):
        writer.writerow(_row(round_, round_.results[i], _raw))
    for row in _difference_rows(round_, _raw):
        writer.writerow(row)
    return BOM + buffer.getvalue()


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(round_: Round, sort: str = "overall") -> str:
    header = ["rank"] + _header(round_)
    out = [f"# {_md(round_.plan)} — {_md(round_.plan_title)}", "",
           f"{len(round_.results)} units · on_missing {round_.on_missing} · sorted by {sort}", "",
           "| " + " | ".join(_md(h) for h in header) + " |",
           "|" + "|".join("--:" if i == 0 or i > 3 else "---" for i in range(len(header))) + "|"]
    rank = ranks(round_.results)
    for i in ordered(round_, sort):
        cells = [str(rank.get(i, "-"))] + _row(round_, round_.results[i], _fixed)
        out.append("| " + " | ".join(_md(c or "-") for c in cells) + " |")
    for row in _difference_rows(round_, _signed):
        out.append("| | " + " | ".join(_md(c or "-") for c in row) + " |")
    out += ["", "## Summary", "", "| | mean | median | min | max |", "|---|--:|--:|--:|--:|"]
    stats = summary(round_)
    for name, s in [("overall", stats["overall"])] + list(stats["dimensions"].items()):
        out.append(f"| {_md(name)} | " + " | ".join(_fixed(s[k]) for k in ("mean", "median", "min", "max")) + " |")
    return "\n".join(out) + "\n"


FORMATS = {"text": to_text, "json": to_json, "markdown": to_markdown, "csv": to_csv}
