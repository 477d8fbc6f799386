"""How fast is the compiled SQL? Prints figures (not a test).

A rule set of 20 percent indicators (``part * 100 / whole``, a five-level ladder 60…100, weights
over two dimensions), an evidence table of typed Parquet columns, and the `kpi sql` query run

- through DuckDB on 1,000,000 units (the query and a COPY of its result to Parquet), and
- through Spark ``local[2]`` on 100,000 units (session start-up timed separately, result written
  to Parquet),

each engine in its own process so that its peak memory (DuckDB: the process's high-water mark;
Spark: the JVM's VmHWM plus the Python driver) is its own. `evaluate_batch` (issue 9) will run in
the same script: `run_batch` is the hook, used as soon as `kpiengine.evaluate_batch` exists.

    python benchmarks/sql_speed.py [--units 1000000] [--spark-units 100000] [--no-spark]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

INDICATORS = 20


def write_rules(directory: Path) -> Path:
    plan = {"kind": "plan", "id": "bench-2563", "title": "แผนทดสอบความเร็ว", "fiscal_year": 2563,
            "dimensions": [{"id": "effectiveness", "number": 1, "name": "ประสิทธิผล", "weight": 70},
                           {"id": "efficiency", "number": 2, "name": "ประสิทธิภาพ", "weight": 30}]}
    docs = [plan]
    for k in range(INDICATORS):
        docs.append({"kind": "indicator", "id": f"p{k:02d}", "name": f"ร้อยละ {k}",
                     "dimension": "effectiveness" if k < 14 else "efficiency", "weight": 10 if k < 14 else 100 / 6,
                     "unit": "percent", "inputs": {"part": {"type": "count", "max": "whole"},
                                                   "whole": {"type": "count", "min": 1}},
                     "formula": "part * 100 / whole", "target": ">= 80",
                     "scoring": {"method": "levels", "levels": [60, 70, 80, 90, 100]}})
    path = directory / "rules.yaml"
    path.write_text("\n---\n".join(yaml.safe_dump(d, allow_unicode=True, sort_keys=False) for d in docs),
                    encoding="utf-8")
    return path


def write_table(path: Path, units: int) -> None:
    """Typed Parquet columns: unit, then per indicator part (0…whole) and whole (50…149)."""
    import duckdb

    columns = ["'unit-' || i AS unit"]
    for k in range(INDICATORS):
        whole = f"(50 + (i * {k + 7}) % 100)"
        columns.append(f'{whole}::BIGINT AS "p{k:02d}.whole"')
        columns.append(f'((i * {k + 13} + {k}) % ({whole} + 1))::BIGINT AS "p{k:02d}.part"')
    duckdb.connect().execute(f"COPY (SELECT {', '.join(columns)} FROM range({units}) t(i)) TO '{path}' "
                             "(FORMAT parquet)")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_duckdb(rules: Path, table: Path, out: Path) -> dict:
    import duckdb

    from kpiengine import load_rules
    from kpiengine.engine.sql import build_query

    ruleset = load_rules(rules)
    start = time.perf_counter()
    con = duckdb.connect()
    relation = con.read_parquet(str(table))
    relation.create_view("evidence")
    from kpiengine.engine.sql.run import _kind

    types = {name: _kind(str(kind)) for name, kind in zip(relation.columns, relation.types, strict=False)}
    query = build_query(ruleset, "evidence", types).sql("duckdb")
    compiled = time.perf_counter()
    con.execute(f"COPY ({query}) TO '{out}' (FORMAT parquet)")
    done = time.perf_counter()
    overall = con.execute(f"SELECT avg(overall), count(*) FROM '{out}'").fetchone()
    return {"engine": "duckdb", "compile_s": compiled - start, "run_s": done - compiled, "mean_overall": overall[0],
            "units": overall[1], "peak_mb": peak_mb()}


def run_spark(rules: Path, table: Path, out: Path) -> dict:
    from kpiengine import load_rules
    from kpiengine.engine.sql import build_query
    from kpiengine.engine.sql.run import spark_session

    ruleset = load_rules(rules)
    start = time.perf_counter()
    spark = spark_session("local[2]")
    spark.sparkContext.setLogLevel("ERROR")
    started = time.perf_counter()
    frame = spark.read.parquet(str(table))
    frame.createOrReplaceTempView("evidence")
    from kpiengine.engine.sql.run import _kind

    query = build_query(ruleset, "evidence", {name: _kind(kind) for name, kind in frame.dtypes}).sql("spark")
    result = spark.sql(query)
    result.write.mode("overwrite").parquet(str(out))
    done = time.perf_counter()
    back = spark.read.parquet(str(out)).selectExpr("avg(overall)", "count(*)").collect()[0]
    jvm_pid = spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid()
    jvm_mb = _vm_hwm_mb(jvm_pid)
    spark.stop()
    return {"engine": "spark local[2]", "startup_s": started - start, "run_s": done - started,
            "mean_overall": back[0], "units": back[1], "peak_mb": peak_mb() + jvm_mb, "jvm_peak_mb": jvm_mb}


def run_batch(rules: Path, table: Path) -> dict | None:
    """The hook for issue 9's batch engine: the same rule set and table through `evaluate_batch`."""
    import kpiengine

    if not hasattr(kpiengine, "evaluate_batch"):
        return None
    raise NotImplementedError("evaluate_batch landed: read the Parquet columns and time evaluate_batch here")


def _vm_hwm_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def child(engine: str, rules: Path, table: Path, out: Path) -> dict:
    """Run one engine in a fresh process; its figures come back as JSON on stdout."""
    code = (f"import json, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import sql_speed as s; "
            f"from pathlib import Path; print(json.dumps(s.run_{engine}(Path({str(rules)!r}), Path({str(table)!r}), "
            f"Path({str(out)!r}))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    if done.returncode != 0:
        raise SystemExit(f"{engine} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--spark-units", type=int, default=100_000)
    parser.add_argument("--no-spark", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        rules = write_rules(tmp)
        big, small = tmp / "units.parquet", tmp / "units-spark.parquet"
        start = time.perf_counter()
        write_table(big, args.units)
        print(f"table: {args.units:,} units × {INDICATORS} indicators ({2 * INDICATORS} input columns), "
              f"{big.stat().st_size / 1e6:.1f} MB Parquet, written in {time.perf_counter() - start:.1f} s")
        d = child("duckdb", rules, big, tmp / "duckdb-results.parquet")
        evaluations = d["units"] * INDICATORS
        print(f"duckdb: {d['units']:,} units, compile {d['compile_s']:.2f} s, query {d['run_s']:.2f} s "
              f"({evaluations / d['run_s']:,.0f} indicator-evaluations/s), peak {d['peak_mb']:.0f} MB, "
              f"mean overall {d['mean_overall']:.6f}")
        batch = run_batch(rules, big)
        if batch is None:
            print("evaluate_batch: not in this kpiengine yet (hook: run_batch in benchmarks/sql_speed.py)")
        if not args.no_spark:
            write_table(small, args.spark_units)
            s = child("spark", rules, small, tmp / "spark-results")
            evaluations = s["units"] * INDICATORS
            print(f"spark local[2]: {s['units']:,} units, start-up {s['startup_s']:.1f} s, query {s['run_s']:.1f} s "
                  f"({evaluations / s['run_s']:,.0f} indicator-evaluations/s), peak {s['peak_mb']:.0f} MB "
                  f"(JVM {s['jvm_peak_mb']:.0f} MB), mean overall {s['mean_overall']:.6f}")


if __name__ == "__main__":
    main()
