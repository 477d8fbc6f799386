"""kpi sql: the rule set as one SQL query, printed for a dialect or run on DuckDB / Spark."""

from __future__ import annotations

import sys

import click

from kpiengine.cli.common import EXIT_OK, PATH, Failure, emit, open_rules
from kpiengine.cli.engines import emit_results
from kpiengine.core.errors import KpiError
from kpiengine.engine.sql import DIALECTS, to_sql
from kpiengine.engine.sql import run as runner

ENGINES = {"duckdb": lambda ruleset, path, master: runner.run_duckdb(ruleset, path),
           "spark": lambda ruleset, path, master: runner.run_spark(ruleset, path, master)}
WRITERS = {"csv": runner.results_csv, "json": runner.results_json}


@click.command()
@click.argument("rules", type=PATH)
@click.option("--dialect", type=click.Choice(DIALECTS), default="duckdb", show_default=True,
              help="SQL dialect of the printed query.")
@click.option("--table", default="evidence", show_default=True, metavar="NAME",
              help="The evidence table the query reads (db.schema.table allowed).")
@click.option("--run", "evidence", type=click.Path(exists=True, dir_okay=False), metavar="EVIDENCE",
              help="Run the query over this table (.csv or .parquet) and print the results instead.")
@click.option("--engine", type=click.Choice(sorted(ENGINES)), default="duckdb", show_default=True,
              help="With --run: where the query runs.")
@click.option("--spark-master", default="local[*]", show_default=True, metavar="URL",
              help="With --engine spark: the Spark master.")
@click.option("--format", "fmt", type=click.Choice(sorted(WRITERS)), default="csv", show_default=True,
              help="With --run: how the results are printed (-o FILE.parquet|csv|json follows its extension).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE (whole or not at all).")
def sql(rules, dialect, table, evidence, engine, spark_master, fmt, output):
    """Print the SQL that scores an evidence table against RULES, or run it (--run)."""
    ruleset = open_rules(rules)
    if evidence is None:
        try:
            text = to_sql(ruleset, dialect, table)
        except KpiError as exc:
            raise Failure(str(exc)) from None
        emit(text + ";\n", output, inputs=(rules,))
        sys.exit(EXIT_OK)
    try:
        results = ENGINES[engine](ruleset, evidence, spark_master)
    except KpiError as exc:
        raise Failure(str(exc)) from None
    if output is not None and fmt == "csv" and output.lower().endswith(".json"):
        fmt = "json"
    emit_results(results, fmt, output, (rules, evidence), "kpi sql --run")

