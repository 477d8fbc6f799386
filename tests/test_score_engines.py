"""`kpi score --engine`: the table engines give the same numbers as the scalar engine, unit by unit."""

import json

import duckdb
import pytest

from .conftest import DEMO_RULES, ROOT, run

TABLE = ROOT / "cases" / "demo-2563" / "units.csv"  # four units; one has an out-of-bounds input (EV04)


def results(engine, path=TABLE, *extra):
    code, out, err = run("score", DEMO_RULES, path, "--engine", engine, "--format", "json", *extra)
    return code, json.loads(out), err


@pytest.mark.parametrize("engine", ["numpy", "duckdb"])
def test_table_engines_agree_with_the_scalar_engine(engine):
    code, rows, _ = results(engine)
    assert code == 1  # a unit's evidence error, as `kpi score` of that unit alone
    code, round_report, _ = run("score", DEMO_RULES, TABLE, "--format", "json")
    scalar = json.loads(round_report)["units"]
    assert [r["unit"] for r in rows] == [u["unit"] for u in scalar]
    for row, unit in zip(rows, scalar, strict=True):
        assert row["overall"] == pytest.approx(unit["overall"]["score"], abs=1e-9)
        for d in unit["dimensions"]:
            assert row[f"dimension.{d['id']}"] == pytest.approx(d["score"], abs=1e-9)
        for ind in unit["indicators"]:
            assert row[f"{ind['id']}.status"] == ind["status"]
            assert row[f"{ind['id']}.score"] == pytest.approx(ind["score"], abs=1e-9)
        codes = {e["indicator"]: e["code"] for e in unit["errors"]}
        assert {k.removesuffix(".error"): v for k, v in row.items() if k.endswith(".error") and v} == codes
    # SPEC appendix A's unit, worked by hand: 0.7 × 3.56 + 0.3 × 3 = 3.392.
    assert rows[0]["overall"] == pytest.approx(3.392)


def test_parquet_goes_to_duckdb_and_results_can_be_written_as_parquet(tmp_path):
    parquet = tmp_path / "units.parquet"
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{TABLE}', all_varchar = true)) TO '{parquet}' (FORMAT parquet)")
    code, out, _ = run("score", DEMO_RULES, parquet, "--format", "json")  # no --engine: DuckDB for Parquet
    assert code == 1
    by_duckdb = json.loads(out)
    assert by_duckdb == results("numpy", parquet)[1]
    target = tmp_path / "results.parquet"
    code, _, _ = run("score", DEMO_RULES, parquet, "-o", target)
    assert code == 1 and target.exists()
    written = duckdb.sql(f"SELECT unit, overall FROM read_parquet('{target}')").fetchall()
    assert [(u, pytest.approx(o)) for u, o in written] == [(r["unit"], r["overall"]) for r in by_duckdb]


@pytest.mark.parametrize("args, words", [
    (["--engine", "numpy", "--format", "markdown"], "gives the results table"),
    (["--engine", "duckdb", "-o", "r.xlsx"], "cannot write 'r.xlsx'"),
])
def test_table_engines_refuse_report_formats(args, words, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run("score", DEMO_RULES, TABLE, *args)
    assert code == 2 and words in err


def test_a_table_engine_needs_one_table():
    code, _, err = run("score", DEMO_RULES, ROOT / "cases" / "demo-2563" / "evidence.yaml", "--engine", "duckdb")
    assert code == 2 and "scores one evidence table" in err


def test_the_numpy_engine_names_a_table_it_cannot_read(tmp_path):
    table = tmp_path / "x.csv"
    table.write_text("not,a,table\n1,2\n", encoding="utf-8")
    code, _, err = run("score", DEMO_RULES, table, "--engine", "numpy")
    assert code == 2 and "no 'unit' column" in err and "Traceback" not in err


def test_spark_gives_the_numbers_of_duckdb():
    pytest.importorskip("pyspark")
    code, by_spark, _ = results("spark", TABLE, "--spark-master", "local[1]")
    assert code == 1
    assert by_spark == results("duckdb")[1]
