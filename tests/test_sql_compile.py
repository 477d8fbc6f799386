"""kpi sql: the printed query (DuckDB through its Python API, other dialects transpiled), the
command's options and errors, typed Parquet columns, and SPEC appendix A worked by hand."""

from __future__ import annotations

import csv
import io
import re
import shlex
from pathlib import Path

import duckdb
import pytest
import sqlglot
from click.testing import CliRunner

from kpiengine import load_rules
from kpiengine.cli.main import kpi
from kpiengine.engine.sql import DIALECTS, evidence_columns, result_columns, to_sql
from kpiengine.engine.sql.run import run_duckdb
from tests.sql_support import differences, reference, write_csv
from tests.test_sql_seed import SEED_RULES, seed_table

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "rules" / "demo-2563"
APPENDIX_A = {"unit": "appendix-a", "satisfaction.satisfied": "33", "satisfaction.respondents": "50",
              "review-steps.step.1": "1", "review-steps.step.2": "1", "review-steps.step.3": "0.5",
              "review-steps.step.4": "", "report-delivered.delivered": "2563-10-20"}


def run_cli(*args):
    result = CliRunner().invoke(kpi, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.output


def demo_table(directory: Path, rows) -> Path:
    path = directory / "units.csv"
    write_csv(path, evidence_columns(load_rules(DEMO)), rows)
    return path


def test_appendix_a_through_the_printed_duckdb_query(tmp_path):
    # SPEC appendix A: satisfaction 66 → 3.6; progress 10 + 50 + 20·0.5 = 70 → 3.5; 20 days late → 3;
    # effectiveness (60·3.6 + 40·3.5)/100 = 3.56; efficiency 3; overall 0.7·3.56 + 0.3·3 = 3.392
    table = demo_table(tmp_path, [APPENDIX_A])
    code, query = run_cli("sql", DEMO, "--dialect", "duckdb")
    assert code == 0
    con = duckdb.connect()
    con.execute(f"CREATE VIEW evidence AS SELECT * FROM read_csv('{table}', all_varchar = true)")
    result = con.sql(query.rstrip().rstrip(";"))
    row = dict(zip(result.columns, result.fetchall()[0], strict=True))
    assert result.columns == result_columns(load_rules(DEMO))
    assert row["satisfaction.score"] == pytest.approx(3.6, abs=1e-12)
    assert row["review-steps.value"] == pytest.approx(70, abs=1e-12)
    assert row["review-steps.score"] == pytest.approx(3.5, abs=1e-12)
    assert row["report-delivered.score"] == 3.0
    assert row["dimension.effectiveness"] == pytest.approx(3.56, abs=1e-12)
    assert row["overall"] == pytest.approx(3.392, abs=1e-12)


@pytest.mark.parametrize("all_varchar", [True, False])
def test_printed_seed_query_runs_unchanged_over_a_csv(tmp_path, all_varchar):
    # The query `kpi sql rules/bma-csc-2563 --dialect duckdb` prints, run by DuckDB's engine (the Python API
    # is the engine of the duckdb command-line client) over a CSV read as text, or with DuckDB's type detection.
    ruleset, rows, table, _ = seed_table(tmp_path)
    code, query = run_cli("sql", SEED_RULES, "--dialect", "duckdb")
    assert code == 0
    con = duckdb.connect()
    con.execute(f"CREATE VIEW evidence AS SELECT * FROM read_csv('{table}', all_varchar = {str(all_varchar).lower()})")
    result = con.sql(query.rstrip().rstrip(";"))
    got = [dict(zip(result.columns, r, strict=True)) for r in result.fetchall()]
    assert differences(reference(ruleset, table), got) == []


@pytest.mark.parametrize("dialect", [d for d in DIALECTS if d not in ("duckdb", "spark")])
def test_other_dialects_transpile_to_sql_their_parser_reads(dialect):
    # Transpiled only: postgres, bigquery, snowflake and sqlite are not executed here (see docs/warehouse.md).
    text = to_sql(load_rules(SEED_RULES), dialect)
    tree = sqlglot.parse_one(text, read=dialect)
    assert tree.find(sqlglot.exp.With) is not None
    assert '"district-services-surveyed.score"' in text or "`district-services-surveyed.score`" in text


def test_sql_quotes_every_identifier_and_names_the_table():
    code, text = run_cli("sql", DEMO, "--table", "analytics.units_2563")
    assert code == 0
    assert 'FROM "analytics"."units_2563"' in text
    code, spark = run_cli("sql", DEMO, "--dialect", "spark")
    assert code == 0 and "`satisfaction.satisfied`" in spark
    assert not re.search(r"FROM evidence\b", text)


def test_run_prints_the_result_table_and_exits_1_on_unit_errors(tmp_path):
    faulty = dict(APPENDIX_A, unit="faulty", **{"satisfaction.satisfied": "๓๓", "satisfaction.respondents": "0"})
    table = demo_table(tmp_path, [APPENDIX_A, faulty])
    code, out = run_cli("sql", DEMO, "--run", table)
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert [r["unit"] for r in rows] == ["appendix-a", "faulty"]
    assert float(rows[0]["overall"]) == pytest.approx(3.392, abs=1e-12)
    # respondents 0 is below min 1 (EV04); satisfied ๓๓ = 33 is above max respondents (EV04)
    assert rows[1]["satisfaction.status"] == "error" and rows[1]["satisfaction.error"] == "EV04"
    assert rows[1]["satisfaction.score"] == "0.0"  # on_missing zero: an indicator in error counts as 0


def test_run_writes_parquet_whole_and_reads_typed_parquet(tmp_path):
    con = duckdb.connect()
    source = tmp_path / "typed.parquet"
    con.execute(f"""COPY (SELECT 'typed' AS unit, 33::BIGINT AS "satisfaction.satisfied",
                    50::BIGINT AS "satisfaction.respondents", 1.0::DOUBLE AS "review-steps.step.1",
                    1.0::DOUBLE AS "review-steps.step.2", 0.5::DOUBLE AS "review-steps.step.3",
                    NULL::DOUBLE AS "review-steps.step.4", DATE '2020-10-20' AS "report-delivered.delivered")
                    TO '{source}' (FORMAT parquet)""")
    out = tmp_path / "results.parquet"
    code, _ = run_cli("sql", DEMO, "--run", source, "-o", out)
    assert code == 0
    row = duckdb.connect().execute(f"SELECT overall, \"report-delivered.value\" FROM '{out}'").fetchone()
    assert row[0] == pytest.approx(3.392, abs=1e-12) and str(row[1]) == "2020-10-20"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".kpi-")]


def test_typed_columns_equal_the_scalar_engine(tmp_path):
    ruleset = load_rules(DEMO)
    rows = [dict(APPENDIX_A, unit="a"), dict(APPENDIX_A, unit="b", **{"report-delivered.delivered": "2563-11-30"})]
    table = demo_table(tmp_path, rows)
    parquet = tmp_path / "typed.parquet"
    duckdb.connect().execute(f"COPY (SELECT * FROM read_csv('{table}')) TO '{parquet}' (FORMAT parquet)")
    assert differences(reference(ruleset, table), run_duckdb(ruleset, parquet).records()) == []


@pytest.mark.parametrize("content, message", [
    ("who,satisfaction.satisfied\nx,1\n", "has no 'unit' column"),
])
def test_a_table_without_units_is_refused_with_exit_2(tmp_path, content, message):
    table = tmp_path / "units.csv"
    table.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(kpi, ["sql", str(DEMO), "--run", str(table)])
    assert result.exit_code == 2
    assert message in result.output and str(table) in result.output


def test_other_file_kinds_and_own_inputs_are_refused(tmp_path):
    table = demo_table(tmp_path, [APPENDIX_A])
    other = tmp_path / "units.xlsx"
    other.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(kpi, ["sql", str(DEMO), "--run", str(other)])
    assert result.exit_code == 2 and "expected an evidence table ending in .csv or .parquet" in result.output
    result = CliRunner().invoke(kpi, ["sql", str(DEMO), "--run", str(table), "-o", str(table)])
    assert result.exit_code == 2 and "one of the input files" in result.output
    assert table.read_text(encoding="utf-8").startswith("unit,")


def test_a_formula_sql_cannot_express_is_a_located_error(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("""\
kind: plan
id: r-2563
title: ทดสอบ
fiscal_year: 2563
dimensions: [{id: efficiency, number: 1, name: ประสิทธิภาพ, weight: 100}]
---
kind: indicator
id: rounded
name: ปัดเศษ
dimension: efficiency
weight: 0
unit: number
inputs: {x: {type: number}, d: {type: count, max: 5}}
formula: round(x, d)
target: ">= 1"
""", encoding="utf-8")
    result = CliRunner().invoke(kpi, ["sql", str(rules)])
    assert result.exit_code == 2
    assert re.search(r"rules\.yaml:\d+:\d+: indicator 'rounded': round\(\) with a computed number of digits",
                     result.output)


def test_an_invalid_rule_set_exits_2(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("kind: plan\nid: x\n", encoding="utf-8")
    assert CliRunner().invoke(kpi, ["sql", str(rules)]).exit_code == 2


def doc_commands() -> list[list[str]]:
    """The `kpi sql` commands shown in docs/warehouse.md (Spark ones run in test_sql_spark.py's way)."""
    text = (ROOT / "docs" / "warehouse.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    lines = [line.split("#")[0].strip() for block in blocks for line in block.splitlines()]
    return [shlex.split(line)[1:] for line in lines if line.startswith("kpi sql") and "--engine spark" not in line]


@pytest.mark.parametrize("args", doc_commands(), ids=" ".join)
def test_every_kpi_sql_command_of_the_warehouse_page_works(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = [str(ROOT / a) if a.startswith(("rules/", "cases/")) else a for a in args]
    result = CliRunner().invoke(kpi, args)
    assert result.exit_code in (0, 1), result.output
    if "-o" in args:
        assert (tmp_path / args[args.index("-o") + 1]).stat().st_size > 0
