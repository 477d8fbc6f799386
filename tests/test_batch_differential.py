"""The batch engine equals the scalar reference engine, unit by unit (issue 9, point 4).

Random rule sets (every scoring method, both directions, every on_missing
policy, weights 0, shorthand levels) and random tables with faulty cells
(text that is not a number, negative counts, values out of bounds, zero
divisors, unknown steps, scores off the scale, Thai digits and dates) are
scored by `evaluate_batch`; each row is read by the table reader
(`kpiengine.evidence.table.read_grid`, which knows nothing of the batch
engine) and scored by `evaluate`. Status, value, achieved, score, dimension
and overall scores agree within 1e-9, and the errors (code, indicator,
message, cell) are the same.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpiengine import evaluate, inspect_rules
from kpiengine.engine.batch import evaluate_batch
from kpiengine.evidence.table import read_grid
from tests.batch_support import differences

NAMES = ["a", "b", "c"]
DUE = "2563-09-30"  # 2020-09-30

numbers = st.one_of(st.integers(-3, 120), st.floats(-5, 150, allow_nan=False, allow_infinity=False),
                    st.sampled_from([0, 1, 2, 50, 100, 60, 59.99999999999999, 1e300]))
texts = st.sampled_from(["๓๓", "1,000", "12.5", " 7 ", "many", "", "-4", "0"])
clean = st.one_of(st.integers(0, 100), st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 2)))
cells_number = st.one_of(clean, clean, clean, clean, numbers, texts, st.none())
cells_date = st.sampled_from(["2020-09-30", "2563-09-15", "15 ต.ค. 2563", "2020-11-29", "2021-03-01",
                              "2563-09", "not a date", None, "30 กันยายน 2563", "2020-12-30", "2020-10-31"])
cells_step = st.sampled_from([0, 1, 1, 0.5, 0.25, None, "x", 1.5, "๑"])
cells_score = st.one_of(st.floats(0, 6, allow_nan=False), st.sampled_from([1, 5, 3, "4.5", "bad", None]))


@st.composite
def numeric_indicator(draw, ident, dimension):
    names = NAMES[:draw(st.integers(1, 3))]
    inputs = {}
    for name in names:
        inputs[name] = {"type": draw(st.sampled_from(["count", "number", "percent", "currency", "boolean"]))}
    for name, spec in inputs.items():
        if spec["type"] == "boolean":
            continue  # booleans have no bounds
        others = [n for n in names if n != name and inputs[n]["type"] != "boolean"]
        for side, bound in (("min", st.integers(-5, 5)), ("max", st.integers(5, 100))):
            if draw(st.booleans()):
                spec[side] = draw(st.one_of(bound, st.sampled_from(others)) if others else bound)
    leaf = st.one_of(st.sampled_from(names), st.sampled_from(["0", "1", "2", "10", "100", "0.5"]))
    formula = draw(st.recursive(leaf, lambda e: st.one_of(
        st.tuples(e, st.sampled_from(["+", "-", "*", "/", "//", "%", "**"]), e).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(e, e).map(lambda t: f"max({t[0]}, {t[1]})"),
        st.tuples(e, e).map(lambda t: f"min({t[0]}, {t[1]})"),
        e.map(lambda x: f"abs({x})"), e.map(lambda x: f"round({x}, 1)"), e.map(lambda x: f"(not {x})"),
        st.tuples(e, e).map(lambda t: f"({t[0]} and {t[1]})"), st.tuples(e, e).map(lambda t: f"({t[0]} or {t[1]})"),
        st.tuples(e, e, e).map(lambda t: f"({t[0]} < {t[1]} <= {t[2]})"),
        st.tuples(e, e, e).map(lambda t: f"({t[0]} if {t[1]} > 0 else {t[2]})")), max_leaves=5))
    direction = draw(st.sampled_from(["higher", "lower"]))
    doc = {"kind": "indicator", "id": ident, "name": ident, "dimension": dimension,
           "weight": draw(st.sampled_from([0, 10, 25, 40])), "unit": "number", "inputs": inputs,
           "direction": direction}
    if len(names) > 1 or draw(st.booleans()):
        doc["formula"] = formula if len(names) > 1 or draw(st.booleans()) else names[0]
    elif inputs[names[0]]["type"] == "boolean" and draw(st.booleans()):
        inputs[names[0]]["type"] = "count"
    method = draw(st.sampled_from(["levels", "levels", "shorthand", "pass_fail", "ratio"]))
    if method == "levels":
        levels = sorted(draw(st.lists(st.integers(-20, 100), min_size=2, max_size=5, unique=True)))
        doc["scoring"] = {"levels": levels if direction == "higher" else levels[::-1],
                          "interpolate": draw(st.booleans())}
        if draw(st.booleans()):
            doc["target"] = draw(st.integers(-10, 100))
    elif method == "shorthand":
        doc["target"] = draw(st.integers(20, 80))
        doc["scoring"] = {"target_level": 3, "step": draw(st.sampled_from([5, 10, 2.5]))}
    elif method == "ratio":
        doc["scoring"], doc["target"] = {"method": "ratio"}, draw(st.integers(1, 100))
    else:
        doc["target"] = draw(st.sampled_from([">= 5", "<= 5", "== 1", "> 0", "!= 3", "< 60", 60]))
        if draw(st.booleans()):
            doc["scoring"] = {"fail_score": draw(st.sampled_from([0, 1, 2.5]))}
    return doc


@st.composite
def deadline_indicator(draw, ident, dimension):
    doc = {"kind": "indicator", "id": ident, "name": ident, "dimension": dimension,
           "weight": draw(st.sampled_from([0, 10, 30])), "unit": "date", "inputs": {"delivered": {"type": "date"}},
           "target": {"by": DUE}, "scoring": {"method": "deadline", "step_days": draw(st.sampled_from([15, 30]))}}
    if draw(st.booleans()):  # a formula over days_late, scored by levels (fewer days late is better)
        doc["formula"] = "days_late"
        doc["direction"] = "lower"
        doc.pop("target")
        doc["scoring"] = {"levels": [120, 90, 60, 30, 0], "interpolate": draw(st.booleans())}
        if draw(st.booleans()):
            doc["target"] = "<= 0"
    return doc


@st.composite
def milestone_indicator(draw, ident, dimension):
    weights = draw(st.sampled_from([[10, 50, 20, 20], [25, 25, 25, 25], [40, 60]]))
    steps = [{"step": i + 1, "title": f"step {i + 1}", "weight": w} for i, w in enumerate(weights)]
    doc = {"kind": "indicator", "id": ident, "name": ident, "dimension": dimension,
           "weight": draw(st.sampled_from([0, 20, 40])), "unit": "milestone", "milestones": steps}
    if draw(st.booleans()):
        doc["scoring"] = {"method": "steps"}
    else:
        doc["scoring"] = {"levels": [20, 40, 60, 80, 100], "interpolate": draw(st.booleans())}
        doc["target"] = ">= 100"
        if draw(st.booleans()):
            doc["formula"] = "progress / 2 + 50"
    return doc


def external_indicator(ident, dimension):
    return st.sampled_from([0, 15]).map(lambda w: {
        "kind": "indicator", "id": ident, "name": ident, "dimension": dimension, "weight": w, "unit": "score",
        "target": ">= 4"})


@st.composite
def rule_sets(draw):
    plan = {"kind": "plan", "id": "r-2563", "title": "ทดสอบ", "fiscal_year": 2563,
            "scale": draw(st.sampled_from([[1, 5], [0, 10]])),
            "below_first_level": draw(st.sampled_from([0, 0.5])),
            "on_missing": draw(st.sampled_from(["zero", "exclude", "error"])),
            "dimensions": [{"id": "d1", "number": 1, "name": "หนึ่ง", "weight": draw(st.sampled_from([0, 60]))},
                           {"id": "d2", "number": 2, "name": "สอง", "weight": 40}]}
    kinds = draw(st.lists(st.sampled_from(["numeric", "numeric", "deadline", "milestone", "external"]),
                          min_size=1, max_size=4))
    docs = [plan]
    makers = {"numeric": numeric_indicator, "deadline": deadline_indicator, "milestone": milestone_indicator,
              "external": external_indicator}
    for i, kind in enumerate(kinds):
        docs.append(draw(makers[kind](f"k{i}", draw(st.sampled_from(["d1", "d2"])))))
    return docs


def _cells(draw, ruleset):
    columns = {}
    for indicator in ruleset.indicators.values():
        if indicator.unit == "milestone":
            names = {f"{indicator.id}.step.{s.step}": cells_step for s in indicator.steps}
            if draw(st.integers(0, 9)) == 0:
                names[f"{indicator.id}.step.9"] = cells_step  # a step the table lacks
        elif indicator.method == "external" and not indicator.inputs:
            names = {f"{indicator.id}.score": cells_score}
        else:
            near = _near_marks(indicator)
            names = {f"{indicator.id}.{n}": (cells_date if s.type == "date" else
                                             st.one_of(st.booleans(), texts) if s.type == "boolean" else
                                             st.one_of(cells_number, near, near))
                     for n, s in indicator.inputs.items()}
        if draw(st.integers(0, 9)) == 0:
            names[f"{indicator.id}.typo"] = cells_number  # an input the indicator lacks
        columns.update(names)
    if draw(st.integers(0, 9)) == 0:
        columns["nope.x"] = cells_number  # an indicator the rule set lacks
    return columns


def _near_marks(indicator):
    """Values on and within the 1e-9 tolerance of the levels and the target, where rounding decides."""
    marks = list(indicator.levels or [])
    if indicator.target is not None and indicator.target.value is not None:
        marks.append(float(indicator.target.value))
    values = [0.0]
    for m in marks:
        values += [m, math.nextafter(m, -math.inf), math.nextafter(m, math.inf), m - 1e-10 * max(1, abs(m)),
                   m + 1e-10 * max(1, abs(m)), m - 1e-8 * max(1, abs(m))]
    return st.sampled_from(values)


@st.composite
def rounds(draw):
    docs = draw(rule_sets())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rules.yaml"
        path.write_text(yaml.safe_dump_all(docs, allow_unicode=True), encoding="utf-8")
        ruleset = inspect_rules(path)
    if not ruleset.valid:
        return None, None
    strategies = _cells(draw, ruleset)
    n = draw(st.integers(1, 6))
    table = {"unit": [f"u{i}" for i in range(n)]}
    for name, strategy in strategies.items():
        table[name] = [draw(strategy) if draw(st.integers(0, 5)) else None for _ in range(n)]
    return ruleset, table


def _grid(table: dict) -> list[list]:
    names = list(table)
    n = len(table["unit"])
    return [names] + [[table[name][i] for name in names] for i in range(n)]


@settings(max_examples=250, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(rounds())
def test_batch_equals_scalar_on_random_rule_sets_and_tables(drawn):
    ruleset, table = drawn
    if ruleset is None:
        return
    batch = evaluate_batch(ruleset, table, source="round.csv")
    evidences = read_grid(_grid(table), "round.csv", None, ruleset)
    assert len(evidences) == len(batch)
    for row, evidence in enumerate(evidences):
        reference = evaluate(ruleset, evidence)
        assert differences(batch, row, reference) == [], (row, table)
        locations = sorted(e.location.text for e in batch.errors_of(row))
        assert locations == sorted(e.location.text for e in reference.errors)


@st.composite
def boundary_rounds(draw):
    """One number input scored by levels or a target, and values on and within 1e-9 of every mark."""
    direction = draw(st.sampled_from(["higher", "lower"]))
    levels = draw(st.one_of(  # steep ladders (1e6, 1e6 + 1) make the tolerance band visible in the score
        st.sampled_from([[60, 70, 80, 90, 100], [1e6, 1e6 + 1, 1e6 + 2], [0, 0.1, 1], [29, 60, 1e6, 1e6 + 1]]),
        st.lists(st.sampled_from([-20, 0, 0.1, 1, 29, 60, 70, 80, 1e6, 1e6 + 1]), min_size=2, max_size=5,
                 unique=True).map(sorted)))
    doc = {"kind": "indicator", "id": "k", "name": "k", "dimension": "d1", "weight": 10, "unit": "number",
           "inputs": {"a": {"type": "number"}}, "direction": direction,
           "target": draw(st.sampled_from([">= 60", "> 60", "<= 60", "< 60", "== 60", "!= 60", "== 0"])),
           "scoring": draw(st.sampled_from([
               {"levels": levels if direction == "higher" else levels[::-1], "interpolate": True},
               {"levels": levels if direction == "higher" else levels[::-1], "interpolate": False},
               {"method": "pass_fail"}]))}
    if draw(st.booleans()):
        doc["formula"] = "a * 100 / 100"
    plan = {"kind": "plan", "id": "r-2563", "title": "t", "fiscal_year": 2563,
            "dimensions": [{"id": "d1", "number": 1, "name": "หนึ่ง", "weight": 100}]}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rules.yaml"
        path.write_text(yaml.safe_dump_all([plan, doc], allow_unicode=True), encoding="utf-8")
        ruleset = inspect_rules(path)
    assert ruleset.valid, ruleset.problems
    values = draw(st.lists(_near_marks(ruleset.indicators["k"]), min_size=1, max_size=12))
    return ruleset, {"unit": [f"u{i}" for i in range(len(values))], "k.a": values}


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(boundary_rounds())
def test_batch_equals_scalar_within_the_tolerance_of_levels_and_targets(drawn):
    ruleset, table = drawn
    batch = evaluate_batch(ruleset, table, source="round.csv")
    for row, evidence in enumerate(read_grid(_grid(table), "round.csv", None, ruleset)):
        assert differences(batch, row, evaluate(ruleset, evidence)) == [], (row, table["k.a"][row])
