"""`kpi score --engine`: the table engines give the same numbers as the scalar engine, unit by unit."""

import json

import duckdb
import pytest

from .conftest import DEMO_RULES, ROOT, run

TABLE = ROOT / "cases" / "demo-2563" / "units.csv"  # four units; one has an out-of-bounds input (EV04)


def results(engine, path=TABLE, *extra):
    code, out, err = run("score", DEMO_RULES, path, "--engine", engine, "--format", "json", *extra)
    return code, json.loads(out), err


def numbers(report):
    """What every engine must agree on, unit by unit: scores, statuses and error codes."""
    return [(u["unit"], round(u["overall"]["score"], 9), [(d["id"], d["score"]) for d in u["dimensions"]],
             [(i["id"], i["status"], i["score"], i["achieved"]) for i in u["indicators"]],
             sorted((e["indicator"], e["code"]) for e in u["errors"])) for u in report["units"]]


@pytest.mark.parametrize("engine", ["numpy", "duckdb"])
def test_table_engines_agree_with_the_scalar_engine(engine):
    code, by_engine, _ = results(engine)
    assert code == 1  # a unit's evidence error, as with the scalar engine
    code, by_python, _ = results("python")
    assert code == 1
    assert numbers(by_engine) == numbers(by_python)
    assert by_engine["summary"] == by_python["summary"]
    # SPEC appendix A's unit, worked by hand: 0.7 × 3.56 + 0.3 × 3 = 3.392.
    assert by_engine["units"][0]["overall"]["score"] == pytest.approx(3.392)


def test_the_numpy_engine_gives_the_scalar_engines_text_report():
    _, by_python, _ = run("score", DEMO_RULES, TABLE)
    _, by_numpy, _ = run("score", DEMO_RULES, TABLE, "--engine", "numpy")
    assert by_numpy == by_python  # the ranking, the summary and the errors with their cells and messages


def test_parquet_goes_to_duckdb_and_results_can_be_written_as_parquet(tmp_path):
    parquet = tmp_path / "units.parquet"
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{TABLE}', all_varchar = true)) TO '{parquet}' (FORMAT parquet)")
    code, out, _ = run("score", DEMO_RULES, parquet, "--format", "json")  # no --engine: DuckDB for Parquet
    assert code == 1
    by_duckdb = json.loads(out)
    assert numbers(by_duckdb) == numbers(results("numpy", parquet)[1]) == numbers(results("python")[1])
    target = tmp_path / "results.parquet"
    code, _, _ = run("score", DEMO_RULES, parquet, "-o", target)
    assert code == 1 and target.exists()
    written = duckdb.sql(f"SELECT unit, overall FROM read_parquet('{target}')").fetchall()
    assert [(u, pytest.approx(o)) for u, o in written] == [(r["unit"], r["overall"]["score"])
                                                           for r in by_duckdb["units"]]


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
    assert numbers(by_spark) == numbers(results("duckdb")[1])
