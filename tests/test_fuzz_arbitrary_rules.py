"""kpi fuzz on arbitrary small rule sets: it never raises, and its own machinery never misfires."""

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpiengine import inspect_rules
from kpiengine.testing.fuzz import fuzz

PLAN = {"kind": "plan", "id": "r-2563", "title": "ทดสอบ", "fiscal_year": 2563,
        "dimensions": [{"id": "effectiveness", "number": 1, "name": "ประสิทธิผล", "weight": 100}]}
NAMES = ["a", "b", "c"]
# Findings that would mean a fault of the engine or of the fuzzer itself, never of the rules.
OURS = {"no-crash", "evidence-accepted", "deterministic", "invalid-evidence-reported", "levels-continuous"}


@st.composite
def indicators(draw):
    """One indicator: 1–3 inputs of any type with number or input-name bounds, a random formula."""
    names = NAMES[:draw(st.integers(1, 3))]
    inputs = {}
    for name in names:
        spec = {"type": draw(st.sampled_from(["count", "number", "percent", "currency", "boolean"]))}
        others = [n for n in names if n != name]
        for side, numbers in (("min", st.integers(-5, 5)), ("max", st.integers(0, 50))):
            if draw(st.booleans()):
                spec[side] = draw(st.one_of(numbers, st.sampled_from(others)) if others else numbers)
        if draw(st.booleans()):
            spec["effect"] = draw(st.sampled_from(["increases", "decreases"]))
        inputs[name] = spec
    leaf = st.one_of(st.sampled_from(names), st.sampled_from(["0", "1", "2", "10", "-3", "0.5"]))
    formula = draw(st.recursive(leaf, lambda e: st.one_of(
        st.tuples(e, st.sampled_from(["+", "-", "*", "/", "//", "%", "**"]), e).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(e, e).map(lambda t: f"max({t[0]}, {t[1]})"),
        e.map(lambda x: f"abs({x})"),
        st.tuples(e, e, e).map(lambda t: f"({t[0]} if {t[1]} > 0 else {t[2]})")), max_leaves=6))
    direction = draw(st.sampled_from(["higher", "lower"]))
    doc = {"kind": "indicator", "id": "x", "name": "x", "dimension": "effectiveness", "weight": 10, "unit": "number",
           "inputs": inputs, "formula": formula, "direction": direction}
    method = draw(st.sampled_from(["levels", "pass_fail", "ratio"]))
    if method == "levels":
        levels = sorted(draw(st.lists(st.integers(-20, 100), min_size=2, max_size=5, unique=True)))
        doc["scoring"] = {"levels": levels if direction == "higher" else levels[::-1],
                          "interpolate": draw(st.booleans())}
    elif method == "ratio":
        doc["scoring"], doc["target"] = {"method": "ratio"}, draw(st.integers(1, 100))
    else:
        doc["target"] = draw(st.sampled_from([">= 5", "<= 5", "== 1", "> 0", "!= 3"]))
    return doc


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(indicators())
def test_fuzz_never_raises_and_never_blames_itself(doc):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rules.yaml"
        path.write_text(yaml.safe_dump_all([PLAN, doc], allow_unicode=True), encoding="utf-8")
        ruleset = inspect_rules(path)
        if not ruleset.valid:
            return
        report = fuzz(ruleset, max_examples=5)
        id_line = path.read_text(encoding="utf-8").splitlines().index("id: x") + 1
    assert [(f.property, f.message, f.evidence) for f in report.findings if f.property in OURS] == []
    for f in report.findings:
        assert f.indicator == "x" and f.line == id_line
        if f.evidence is not None and f.property not in ("domain-valid",):
            assert set(f.evidence) <= set(doc["inputs"])
