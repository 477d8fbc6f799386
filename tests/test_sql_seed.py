"""The seed plan through SQL: every golden case and evidence file of cases/bma-csc-2563 as one row
of an evidence table, scored by DuckDB (and Spark in test_sql_spark.py) and by the scalar engine."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kpiengine import load_rules
from kpiengine.engine.sql import evidence_columns
from kpiengine.engine.sql.run import run_duckdb
from tests.sql_support import differences, evidence_to_row, reference, write_csv

ROOT = Path(__file__).resolve().parent.parent
SEED_RULES = ROOT / "rules" / "bma-csc-2563"
SEED_CASES = sorted((ROOT / "cases" / "bma-csc-2563").glob("*.yaml"))


def seed_table(directory: Path):
    """(rule set, rows, CSV path, expected overall by unit from the cases' hand-worked figures)."""
    ruleset = load_rules(SEED_RULES)
    rows, expected = [], {}
    for path in SEED_CASES:
        for n, data in enumerate(yaml.safe_load_all(path.read_text(encoding="utf-8"))):
            unit = path.stem if n == 0 else f"{path.stem}-{n + 1}"
            evidence = data.get("evidence", data)
            rows.append(evidence_to_row(ruleset, unit, evidence["values"]))
            if "expect" in data and "overall" in data["expect"]:
                expected[unit] = data["expect"]["overall"]
    table = directory / "seed-units.csv"
    write_csv(table, evidence_columns(ruleset), rows)
    return ruleset, rows, table, expected


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    directory = tmp_path_factory.mktemp("seed")
    ruleset, rows, table, expected = seed_table(directory)
    got = run_duckdb(ruleset, table).records()
    return ruleset, rows, table, expected, {r["unit"]: r for r in got}, got


def test_seed_plan_cases_on_duckdb_equal_the_scalar_engine(seed):
    ruleset, _, table, _, _, got = seed
    assert differences(reference(ruleset, table), got) == []


def test_seed_plan_year_end_overall_is_the_hand_worked_figure(seed):
    # cases/bma-csc-2563/year-end-2563.yaml works it out: (60·3.55 + 15·4.6 + 15·4.099 + 10·4.625) / 100 = 3.89735
    by_unit = seed[4]
    year_end = by_unit["year-end-2563"]
    assert year_end["overall"] == pytest.approx(3.89735, abs=1e-12)
    assert year_end["dimension.effectiveness"] == pytest.approx(3.55, abs=1e-12)
    assert year_end["district-services-surveyed.score"] == pytest.approx(4.25, abs=1e-12)  # 92.5 % between 90 and 100
    assert year_end["performance-pay-draft-delivered.score"] == 4.0  # 23 days late, 1…30 → level 4


@pytest.mark.parametrize("case", ["all-targets-met", "typical-year", "late-deliveries", "partial-milestones"])
def test_seed_plan_golden_cases_keep_their_overall_through_a_table(seed, case):
    expected, by_unit = seed[3], seed[4]
    assert by_unit[case]["overall"] == pytest.approx(expected[case], abs=1e-9)
