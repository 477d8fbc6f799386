"""The scalar reference for the SQL engines: an evidence table read by the Python table reader and
scored by `kpiengine.evaluate`, compared unit by unit with the rows a SQL engine returns; plus
hypothesis strategies for rule sets and evidence tables with faulty cells."""

from __future__ import annotations

import csv
import math
from datetime import date
from pathlib import Path

import yaml
from hypothesis import strategies as st

from kpiengine import evaluate
from kpiengine.engine.sql.layout import UNIT, cells
from kpiengine.evidence.table import read_table

TOLERANCE = 1e-9


def reference(ruleset, table: Path) -> list[dict]:
    """Each unit of the CSV table scored by the scalar engine (read by `kpiengine.evidence.table`, the
    Python reader of evidence tables), as a flat record like the SQL result rows."""
    out = []
    for evidence in read_table(table, ruleset):
        result = evaluate(ruleset, evidence)
        record = {UNIT: result.unit, "overall": result.overall}
        for d in result.dimensions:
            record[f"dimension.{d.id}"] = d.score
        codes = {}
        for e in result.errors:
            codes.setdefault(e.indicator, set()).add(e.code)
        for r in result.indicators:
            record[f"{r.id}.value"] = r.value
            record[f"{r.id}.status"] = r.status
            record[f"{r.id}.achieved"] = r.achieved
            record[f"{r.id}.score"] = r.score
            record[f"{r.id}.error"] = codes.get(r.id, set())
        out.append(record)
    return out


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, date) or isinstance(b, date):
        return a == b
    a, b = float(a), float(b)
    return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE)


def differences(expected: list[dict], got: list[dict]) -> list[str]:
    """Every field on which the SQL rows differ from the reference, as readable lines."""
    if len(expected) != len(got):
        return [f"{len(got)} result rows for {len(expected)} units"]
    out = []
    for want, have in zip(expected, got, strict=True):
        unit = want[UNIT]
        if str(have[UNIT]) != unit:
            out.append(f"row of unit {unit!r} holds unit {have[UNIT]!r}")
            continue
        for key, value in want.items():
            other = have.get(key)
            if key.endswith(".error"):
                other = set(other.split()) if other else set()
                same = other == value
            elif key.endswith((".status", ".achieved")) or key == UNIT:
                same = other == value
            else:
                same = _close(value, other)
            if not same:
                out.append(f"unit {unit!r} {key}: reference {value!r}, sql {other!r}")
    return out


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else row[c] for c in columns])


# --- hypothesis: rule sets --------------------------------------------------------------------------------

SMALL = st.sampled_from([0, 1, 2, 3, 5, 7, 10, 100, 0.5, 2.5, 0.1])


@st.composite
def expressions(draw, names: list[str], depth: int = 3):
    """A formula over `names` from every node type the formula language allows."""
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        if draw(st.booleans()):
            return draw(st.sampled_from(names))
        return repr(draw(SMALL))
    kind = draw(st.sampled_from(["bin", "bin", "bin", "unary", "compare", "bool", "if", "call", "pow"]))
    sub = expressions(names, depth - 1)
    if kind == "bin":
        op = draw(st.sampled_from(["+", "-", "*", "/", "//", "%"]))
        return f"({draw(sub)} {op} {draw(sub)})"
    if kind == "pow":
        return f"({draw(sub)} ** {draw(st.sampled_from(['2', '3', '0.5', '-1', '0', '(-2)']))})"
    if kind == "unary":
        return f"({draw(st.sampled_from(['-', '+', 'not ']))}{draw(sub)})"
    if kind == "compare":
        ops = draw(st.lists(st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), min_size=1, max_size=2))
        text = draw(sub)
        for op in ops:
            text += f" {op} {draw(sub)}"
        return f"({text})"
    if kind == "bool":
        return f"({draw(sub)} {draw(st.sampled_from(['and', 'or']))} {draw(sub)})"
    if kind == "if":
        return f"({draw(sub)} if {draw(sub)} else {draw(sub)})"
    name = draw(st.sampled_from(["min", "max", "abs", "round", "round2", "round-1"]))
    if name in ("min", "max"):
        return f"{name}({draw(sub)}, {draw(sub)})"
    if name == "round2":
        return f"round({draw(sub)}, 2)"
    if name == "round-1":
        return f"round({draw(sub)}, -1)"
    return f"{name}({draw(sub)})"


def _scoring(draw, direction: str):
    method = draw(st.sampled_from(["levels", "levels", "ratio", "pass_fail"]))
    if method == "levels":
        start = draw(st.integers(-20, 60))
        gaps = draw(st.lists(st.integers(1, 25), min_size=1, max_size=5))
        levels = [start]
        for gap in gaps:
            levels.append(levels[-1] + gap)
        if direction == "lower":
            levels.reverse()
        return {"method": "levels", "levels": levels, "interpolate": draw(st.booleans())}
    if method == "pass_fail" and draw(st.booleans()):
        return {"method": "pass_fail", "fail_score": draw(st.sampled_from([0, 0.5, 1]))}
    return {"method": method}


@st.composite
def formula_indicator(draw, ident: str):
    types = draw(st.lists(st.sampled_from(["count", "count", "number", "percent", "boolean"]), min_size=1, max_size=3))
    inputs = {}
    for n, kind in enumerate(types):
        spec = {"type": kind}
        if kind != "boolean" and draw(st.integers(0, 3)) == 0:
            spec["min"] = draw(st.sampled_from([0, 1, -5]))
        if kind != "boolean" and n > 0 and types[0] != "boolean" and draw(st.integers(0, 3)) == 0:
            spec["max"] = "x0"
        elif kind != "boolean" and draw(st.integers(0, 4)) == 0:
            spec["max"] = draw(st.sampled_from([100, 1000]))
        inputs[f"x{n}"] = spec
    direction = draw(st.sampled_from(["higher", "lower"]))
    formula = draw(expressions(list(inputs)))
    doc = {"kind": "indicator", "id": ident, "name": ident, "unit": "number", "direction": direction,
           "inputs": inputs, "formula": formula,
           "target": f"{draw(st.sampled_from(['>=', '<=', '>', '<', '==', '!=']))} {draw(st.sampled_from([1, 5, 50, -2, 0.5]))}",
           "scoring": _scoring(draw, direction)}
    if doc["scoring"]["method"] == "ratio":
        doc["target"] = draw(st.sampled_from([10, 50, 0.5, 3]))
    return doc


@st.composite
def single_input_indicator(draw, ident: str):
    kind = draw(st.sampled_from(["count", "number", "percent", "boolean"]))
    direction = draw(st.sampled_from(["higher", "lower"]))
    spec = {"type": kind}
    if kind != "boolean" and draw(st.booleans()):
        spec["max"] = 1000
    return {"kind": "indicator", "id": ident, "name": ident, "unit": "count" if kind == "count" else "number",
            "direction": direction, "inputs": {"v": spec},
            "target": draw(st.sampled_from([">= 1" if kind == "boolean" else ">= 3", "== 1", 40])),
            "scoring": _scoring(draw, direction) if kind != "boolean" else {"method": "pass_fail"}}


@st.composite
def deadline_indicator(draw, ident: str):
    doc = {"kind": "indicator", "id": ident, "name": ident, "unit": "date",
           "inputs": {"delivered": {"type": "date"}}, "target": {"by": "2563-09-30"},
           "scoring": {"method": "deadline", "step_days": draw(st.sampled_from([1, 7, 15, 30, 45]))}}
    if draw(st.integers(0, 3)) == 0:
        doc["formula"] = draw(st.sampled_from(["days_late", "max(days_late, 0)", "days_late // 7"]))
        doc["unit"] = "date"
    return doc


@st.composite
def milestone_indicator(draw, ident: str):
    n = draw(st.integers(2, 4))
    cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=n - 1, max_size=n - 1, unique=True)))
    bounds = [0] + cuts + [100]
    steps = [{"step": k + 1, "title": f"ขั้น {k + 1}", "weight": bounds[k + 1] - bounds[k],
              "cumulative": bounds[k + 1]} for k in range(n)]
    method = draw(st.sampled_from(["levels", "steps"]))
    scoring = {"method": "steps"} if method == "steps" else \
        {"method": "levels", "levels": [20, 40, 60, 80, 100], "interpolate": draw(st.booleans())}
    doc = {"kind": "indicator", "id": ident, "name": ident, "unit": "milestone", "milestones": steps,
           "target": ">= 100", "scoring": scoring}
    if draw(st.integers(0, 3)) == 0:
        doc["formula"] = "progress / 10"
        doc["scoring"] = {"method": "levels", "levels": [2, 4, 6, 8, 10]}
        doc["target"] = ">= 10"
    return doc


def external_indicator(ident: str):
    return st.just({"kind": "indicator", "id": ident, "name": ident, "unit": "score",
                    "scoring": {"method": "external"}})


KINDS = {"formula": formula_indicator, "single": single_input_indicator, "deadline": deadline_indicator,
         "milestone": milestone_indicator, "external": external_indicator}
KIND_CHOICES = ["formula"] * 5 + sorted(KINDS)  # formulas hold most of the arithmetic


@st.composite
def rule_sets(draw, max_indicators: int = 6):
    """(plan document, indicator documents) of a rule set that may well be valid."""
    dimensions = [{"id": f"d{i}", "number": i + 1, "name": f"มิติ {i + 1}",
                   "weight": draw(st.sampled_from([0, 10, 30, 60]))} for i in range(draw(st.integers(1, 3)))]
    low, high = draw(st.sampled_from([(1, 5), (0, 100), (1, 10)]))
    plan = {"kind": "plan", "id": "p-2563", "title": "แผน", "fiscal_year": 2563, "scale": [low, high],
            "below_first_level": draw(st.sampled_from([0, 0.5])) if low >= 0.5 else 0,
            "on_missing": draw(st.sampled_from(["zero", "exclude", "error"])), "dimensions": dimensions}
    docs = []
    for i in range(draw(st.integers(1, max_indicators))):
        doc = draw(KINDS[draw(st.sampled_from(KIND_CHOICES))](f"k{i}"))
        doc["dimension"] = draw(st.sampled_from(dimensions))["id"]
        doc["weight"] = draw(st.sampled_from([0, 10, 25, 40]))
        docs.append(doc)
    return plan, docs


def write_rules(directory: Path, plan: dict, docs: list[dict]) -> Path:
    path = directory / "rules.yaml"
    text = "\n---\n".join(yaml.safe_dump(d, allow_unicode=True, sort_keys=False) for d in [plan] + docs)
    path.write_text(text, encoding="utf-8")
    return path


# --- hypothesis: evidence tables with faulty cells ---------------------------------------------------------

THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def _number_text(draw, value) -> str:
    text = repr(value) if isinstance(value, float) else str(value)
    style = draw(st.integers(0, 6))
    if style == 1:
        text = text.translate(THAI)
    elif style == 2 and isinstance(value, int) and abs(value) >= 1000:
        text = f"{value:,}"
    elif style == 3:
        text = f" {text} "
    elif style == 4 and not text.startswith("-"):
        text = f"{text}%"
    return text


NUMBERS = st.one_of(st.integers(-60, 120), st.integers(0, 5_000_000), st.sampled_from([0, 0.5, 2.5, 33.3, -0.5, 1e3]))
GARBAGE = st.sampled_from(["x", "1,23", "12a", "--1", "1e999", "true", "๑.๒.๓", "nan"])
DATES = st.sampled_from(["2563-09-30", "2563-10-20", "2020-09-01", "23 ต.ค. 2563", "30 ก.ย. 2563", "1 ตค 2563",
                         "15 กันยายน 2563", "31/12/2563", "2563-02-30", "29 ก.พ. 2563", "ก.ย. 2563", "2563-09",
                         "30 Sep 2020", "12 ธ.ค. 63", "๓๐ ก.ย. ๒๕๖๓", "2564-03-01", "1 foo 2563", "7 ต.ค. พ.ศ. 2563"])


@st.composite
def cell_value(draw, kind: str):
    choice = draw(st.integers(0, 19))
    if choice == 0:
        return ""
    if choice == 1:
        return draw(GARBAGE)
    if kind == "date":
        return draw(DATES)
    if kind == "boolean":
        return draw(st.sampled_from(["true", "false", "yes", "no", "TRUE", " No ", "1"]))
    if kind == "step":
        return draw(st.sampled_from(["1", "0", "0.5", "0.25", "1.5", "-0.2", "", "1.0", "๑"]))
    if kind == "score":
        return _number_text(draw, draw(st.sampled_from([1, 2.5, 3.75, 5, 0, 7, 10, 100, 120])))
    return _number_text(draw, draw(NUMBERS))


@st.composite
def evidence_rows(draw, ruleset, max_rows: int = 8):
    rows = []
    for n in range(draw(st.integers(1, max_rows))):
        row = {UNIT: f"u{n}"}
        for indicator in ruleset.indicators.values():
            blank = draw(st.integers(0, 7)) == 0  # now and then no evidence for the indicator
            for c in cells(indicator):
                row[c.column] = "" if blank else draw(cell_value(c.kind))
        rows.append(row)
    return rows


# --- evidence documents as table rows (the seed plan's cases) ------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def evidence_to_row(ruleset, unit: str, values: dict) -> dict:
    """An evidence mapping's ``values`` as one table row (what cannot be said in a table is dropped:
    unknown indicators, unknown steps)."""
    row = {UNIT: unit}
    for indicator in ruleset.indicators.values():
        entry = values.get(indicator.id)
        for c in cells(indicator):
            row[c.column] = ""
            if not isinstance(entry, dict):
                continue
            if c.kind == "step":
                completed = entry.get("completed") or []
                partial = entry.get("partial") or {}
                if c.step in completed:
                    row[c.column] = "1"
                elif c.step in partial:
                    row[c.column] = _cell_text(partial[c.step])
            else:
                row[c.column] = _cell_text(entry.get(c.name))
    return row
