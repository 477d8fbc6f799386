"""Spark `local[2]` against the scalar engine (one Spark session for the module; skipped where
pyspark or Java is missing — CI installs both, see .ci/run)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kpiengine import inspect_rules
from kpiengine.engine.sql import evidence_columns
from kpiengine.engine.sql.run import run_duckdb, run_spark, spark_session
from tests.sql_support import differences, evidence_rows, reference, rule_sets, write_csv, write_rules
from tests.test_sql_seed import seed_table

pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java", allow_module_level=True)


@pytest.fixture(scope="module")
def spark():
    session = spark_session("local[2]")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_runs_in_ansi_mode(spark):
    # Spark 4 aborts a query on 1/0 in ANSI mode: the compiled query must never divide by zero.
    assert spark.conf.get("spark.sql.ansi.enabled") == "true"


def test_seed_plan_cases_on_spark_equal_the_scalar_engine(spark, tmp_path):
    ruleset, rows, table, _ = seed_table(tmp_path)
    got = run_spark(ruleset, table, session=spark).records()
    assert differences(reference(ruleset, table), got) == []
    year_end = next(r for r in got if r["unit"] == "year-end-2563")
    assert year_end["overall"] == pytest.approx(3.89735, abs=1e-12)  # worked out in year-end-2563.yaml


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.data())
def test_spark_and_duckdb_equal_the_scalar_engine(spark, data):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        plan, docs = data.draw(rule_sets(max_indicators=5))
        ruleset = inspect_rules(write_rules(tmp, plan, docs))
        assume(ruleset.valid)
        rows = data.draw(evidence_rows(ruleset, max_rows=10))
        table = tmp / "units.csv"
        write_csv(table, evidence_columns(ruleset), rows)
        expected = reference(ruleset, table)
        assert differences(expected, run_spark(ruleset, table, session=spark).records()) == []
        assert differences(expected, run_duckdb(ruleset, table).records()) == []
