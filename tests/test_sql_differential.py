"""DuckDB and Spark against the scalar engine, unit by unit: hypothesis rule sets (every node of
the formula language, every scoring method, both directions, every on_missing policy, weights 0)
with evidence tables holding faulty cells, and the seed plan with its golden cases."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kpiengine import inspect_rules
from kpiengine.engine.sql import evidence_columns
from kpiengine.engine.sql.run import run_duckdb
from tests.sql_support import differences, evidence_rows, reference, rule_sets, write_csv, write_rules


def _case(data, tmp: Path):
    plan, docs = data.draw(rule_sets())
    ruleset = inspect_rules(write_rules(tmp, plan, docs))
    assume(ruleset.valid)
    rows = data.draw(evidence_rows(ruleset))
    table = tmp / "units.csv"
    write_csv(table, evidence_columns(ruleset), rows)
    return ruleset, rows, table


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.data())
def test_duckdb_equals_the_scalar_engine(data):
    with tempfile.TemporaryDirectory() as tmp:
        ruleset, rows, table = _case(data, Path(tmp))
        expected = reference(ruleset, table)
        got = run_duckdb(ruleset, table).records()
    assert differences(expected, got) == []


OPERANDS = ["-7", "-2.5", "-1", "0", "1", "2.5", "7", "0.1", "-0.7", "3", "1e300", "๑๒"]
FORMULAS = {
    "add": "a + b", "sub": "a - b", "mul": "a * b", "div": "a / b", "floordiv": "a // b", "mod": "a % b",
    "pow": "a ** b", "neg": "-a", "not": "not a", "and": "a and b", "or": "a or b", "chain": "a < b <= 3",
    "if": "a if b else b / a", "min": "min(a, b)", "max": "max(a, b, 2)", "abs": "abs(a)",
    "round": "round(a * b)", "round2": "round(a / 7, 2)", "round-1": "round(a * 5, -1)", "eq": "a == b",
}


def test_every_operator_over_a_grid_of_operands(tmp_path):
    # Every node type and operator of the formula language, over every pair of operands: negatives
    # for floor division and Python's %, zeros for the guarded divisions, 1e300 for overflow.
    plan = {"kind": "plan", "id": "ops-2563", "title": "ตัวดำเนินการ", "fiscal_year": 2563,
            "dimensions": [{"id": "d", "number": 1, "name": "มิติ", "weight": 100}]}
    docs = [{"kind": "indicator", "id": name, "name": name, "dimension": "d", "weight": 1, "unit": "number",
             "inputs": {"a": {"type": "number"}, "b": {"type": "number"}}, "formula": formula,
             "target": ">= 1", "scoring": {"method": "levels", "levels": [-5, 0, 5]}}
            for name, formula in FORMULAS.items()]
    ruleset = inspect_rules(write_rules(tmp_path, plan, docs))
    assert ruleset.valid, ruleset.problems
    rows = []
    for a in OPERANDS:
        for b in OPERANDS:
            row = {"unit": f"{a} {b}"}
            for name in FORMULAS:
                row[f"{name}.a"], row[f"{name}.b"] = a, b
            rows.append(row)
    table = tmp_path / "units.csv"
    write_csv(table, evidence_columns(ruleset), rows)
    expected = reference(ruleset, table)
    assert differences(expected, run_duckdb(ruleset, table).records()) == []
    statuses = {r[f"{n}.status"] for r in expected for n in FORMULAS}
    assert statuses == {"scored", "error"}  # both branches are exercised
