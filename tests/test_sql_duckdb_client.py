"""`kpi sql --dialect duckdb` runs unchanged in DuckDB's own command-line client (the `duckdb-cli` package).

The evidence table is a CSV of the documented layout made by `kpi template --layout units` from the seed
plan's year-end evidence; its numbers must be those of `kpi score` on the YAML (overall 3.89735 for the
seed plan, worked by hand in cases/bma-csc-2563/year-end-2563.yaml).
"""

import csv
import io
import shutil
import subprocess

import pytest

from kpiengine import evaluate, load_evidence, load_rules

from .conftest import ROOT, run

DUCKDB = shutil.which("duckdb")
pytestmark = pytest.mark.skipif(DUCKDB is None, reason="the duckdb command-line client is not installed")

SEED = ROOT / "rules" / "bma-csc-2563"
YEAR_END = ROOT / "cases" / "bma-csc-2563" / "year-end-2563.yaml"


def test_the_printed_query_runs_in_the_duckdb_client(tmp_path):
    table = tmp_path / "units.csv"
    code, _, err = run("template", SEED, "--evidence", YEAR_END, "--layout", "units", "-o", table)
    assert code == 0, err
    code, query, err = run("sql", SEED, "--dialect", "duckdb")
    assert code == 0, err
    script = f"CREATE VIEW evidence AS SELECT * FROM read_csv('{table}', all_varchar = true);\n{query}"
    done = subprocess.run([DUCKDB, "-csv"], input=script, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and not done.stderr, done.stderr
    (row,) = list(csv.DictReader(io.StringIO(done.stdout)))
    ruleset = load_rules(SEED)
    reference = evaluate(ruleset, load_evidence(YEAR_END))
    assert float(row["overall"]) == pytest.approx(reference.overall, abs=1e-9)
    assert float(row["overall"]) == pytest.approx(3.89735, abs=1e-9)
    for d in reference.dimensions:
        assert float(row[f"dimension.{d.id}"]) == pytest.approx(d.score, abs=1e-9)
    for r in reference.indicators:
        assert row[f"{r.id}.status"] == r.status
        assert float(row[f"{r.id}.score"]) == pytest.approx(r.score, abs=1e-9)
