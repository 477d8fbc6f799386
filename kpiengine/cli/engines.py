"""``kpi score --engine``: which engine scores an evidence table.

- ``python`` — the scalar reference, unit by unit: every report format (the default for YAML, workbooks and
  CSV tables up to `LARGE_TABLE_BYTES`);
- ``numpy`` — `evaluate_batch`, column by column;
- ``duckdb`` — the rule set compiled to SQL and run on embedded DuckDB (the default for Parquet files and
  for CSV tables larger than `LARGE_TABLE_BYTES`);
- ``spark`` — the same query on Spark (``--spark-master``, default ``local[*]``).

The table engines compute the results table of ``kpi sql --run`` (a row per unit with ``unit``,
``overall``, ``dimension.<id>`` and per indicator ``.value .status .achieved .score .error``); ``-o
FILE.parquet`` writes that table, every other output is the round report (text, json, csv, markdown,
xlsx, html) made from it, as for the scalar engine. They agree with the scalar engine unit by unit
(differential tests); the scalar engine alone gives the explanations, which need its traces.
"""

from __future__ import annotations

import os
import sys

from kpiengine.cli.common import EXIT_OK, EXIT_PROBLEMS, Failure, emit
from kpiengine.core.errors import KpiError

ENGINES = ("python", "numpy", "duckdb", "spark")
TABLE_SUFFIXES = (".csv", ".parquet", ".pq")
LARGE_TABLE_BYTES = 50 * 1024 * 1024  # CSV tables beyond this go to DuckDB unless --engine says otherwise


def choose_engine(engine: str | None, evidence: tuple) -> str:
    """--engine if given; else DuckDB for one Parquet file or one large CSV table; else the scalar engine."""
    if engine is not None:
        return engine
    if len(evidence) == 1 and os.path.isfile(evidence[0]):
        path = evidence[0].lower()
        if path.endswith((".parquet", ".pq")):
            return "duckdb"
        if path.endswith(".csv") and os.path.getsize(evidence[0]) > LARGE_TABLE_BYTES:
            return "duckdb"
    return "python"


def score_table(ruleset, evidence: tuple, engine: str, spark_master: str, output: str | None, rules: str):
    """Score one evidence table with a table engine: the `EvaluationResult`s of its units (numbers, statuses,
    errors; no traces), after writing the result table itself when ``-o`` names a Parquet file (then exit)."""
    from kpiengine.engine.table_results import results_from_table

    if len(evidence) != 1 or not os.path.isfile(evidence[0]) or \
            not evidence[0].lower().endswith(TABLE_SUFFIXES):
        raise Failure(f"--engine {engine} scores one evidence table (.csv or .parquet), got "
                      f"{', '.join(evidence)}")
    path = evidence[0]
    try:
        results, problems_of = _RUNNERS[engine](ruleset, path, spark_master)
    except KpiError as exc:
        raise Failure(str(exc)) from None
    if output is not None and os.path.splitext(output)[1].lower() in (".parquet", ".pq"):
        emit_results(results, None, output, (rules, path), f"--engine {engine}")
    return results_from_table(ruleset, results.columns, results.rows, path, problems_of)


def emit_results(results, fmt: str | None, output: str | None, inputs, who: str) -> None:
    """Print or write a results table (CSV with a byte-order mark, JSON, or -o FILE.parquet) and exit
    0, or 1 when a unit has an indicator error."""
    from kpiengine.engine.sql import run as runner

    suffix = os.path.splitext(output)[1].lower() if output else ""
    if suffix in (".parquet", ".pq"):
        _refuse_inputs(output, inputs)
        try:
            runner.write_parquet(results, output)
        except KpiError as exc:
            raise Failure(str(exc)) from None
    else:
        kind = fmt or ("json" if suffix == ".json" else "csv")
        if output is not None and suffix not in (".csv", ".json", ".txt", ""):
            raise Failure(f"cannot write '{output}': {who} writes .csv, .json or .parquet")
        writer = runner.results_json if kind == "json" else runner.results_csv
        emit(writer(results), output, inputs=inputs)
    sys.exit(EXIT_PROBLEMS if results.error_count() else EXIT_OK)


def _numpy(ruleset, path: str, master: str):
    from kpiengine.engine.batch import evaluate_batch
    from kpiengine.engine.sql.run import Results

    columns = _columns(path)
    if "unit" not in columns:
        shown = ", ".join(list(columns)[:8]) or "none"
        raise KpiError(f"{path}: --engine numpy reads a table with a row per unit: no 'unit' column (columns: "
                       f"{shown}); a table with a row per input goes through --engine python")
    batch = evaluate_batch(ruleset, columns, source=path)
    columns, rows = batch.result_table()
    found: dict = {}
    for error in batch.errors:
        found.setdefault((error.row, error.indicator), []).append(error.problem)
    return Results(columns, rows), lambda row, ident: found.get((row, ident), ())


def _columns(path: str) -> dict:
    """The columns of a CSV table (text, read as evaluators type them) or a Parquet file (typed)."""
    if path.lower().endswith(".csv"):
        from kpiengine.evidence.table import csv_grid

        grid = csv_grid(path)
        if not grid:
            return {}
        header = [str(h).strip() for h in grid[0]]
        return {name: [row[i] if i < len(row) else "" for row in grid[1:]] for i, name in enumerate(header)}
    import duckdb
    import numpy as np

    try:
        columns = duckdb.sql("SELECT * FROM read_parquet(?)", params=[path]).fetchnumpy()
    except duckdb.Error as exc:
        raise KpiError(f"{path}: not a readable Parquet file ({str(exc).splitlines()[0]})") from None
    # NULL cells arrive masked: as empty cells (None) they mean what an empty CSV cell means
    return {name: (values.tolist() if np.ma.isMaskedArray(values) else values) for name, values in columns.items()}


def _duckdb(ruleset, path: str, master: str):
    from kpiengine.engine.sql import run as runner

    return runner.run_duckdb(ruleset, path), None


def _spark(ruleset, path: str, master: str):
    from kpiengine.engine.sql import run as runner

    return runner.run_spark(ruleset, path, master), None


_RUNNERS = {"numpy": _numpy, "duckdb": _duckdb, "spark": _spark}


def _refuse_inputs(output: str, inputs) -> None:
    target = os.path.realpath(output)
    for item in inputs:
        real = os.path.realpath(item)
        if real == target or (os.path.isdir(real) and target.startswith(real.rstrip(os.sep) + os.sep)):
            raise Failure(f"refusing to write '{output}': it is one of the input files")
