"""Running the compiled query: DuckDB embedded, or Spark through pyspark (the ``spark`` extra).

Both read a CSV (every cell as text, as typed) or a Parquet file (typed columns), compile the
query against the columns the file really has (an absent column is an empty cell), and return
`Results`: the column names and one tuple per unit, in the file's order.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date

from sqlglot import exp

from kpiengine.core.errors import EvidenceFileError, KpiError
from kpiengine.core.problems import Location
from kpiengine.engine.sql.compiler import build_query
from kpiengine.engine.sql.layout import UNIT, result_columns


def _unreadable(message: str, path: str) -> EvidenceFileError:
    from kpiengine.evidence.codes import EV00

    return EvidenceFileError([EV00.problem(message, Location(path))])


FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
ORDER = "__kpi_row"


@dataclass
class Results:
    columns: list[str]
    rows: list[tuple]

    def records(self) -> list[dict]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def error_count(self) -> int:
        errors = [i for i, c in enumerate(self.columns) if c.endswith(".error")]
        return sum(1 for row in self.rows for i in errors if row[i] is not None)


def file_format(path: str) -> str:
    fmt = FORMATS.get(os.path.splitext(path)[1].lower())
    if fmt is None:
        raise _unreadable("expected an evidence table ending in .csv or .parquet", path)
    if not os.path.isfile(path):
        raise _unreadable("no such file", path)
    return fmt


def _check_columns(path: str, columns) -> None:
    if UNIT not in columns:
        shown = ", ".join(list(columns)[:5]) or "none"
        raise _unreadable(f"the evidence table has no '{UNIT}' column (columns: {shown})", path)


def run_duckdb(ruleset, path: str, connection=None) -> Results:
    """Score every row of the table at `path` with DuckDB."""
    import duckdb

    path = os.fspath(path)
    fmt = file_format(path)
    con = connection or duckdb.connect()
    try:
        if fmt == "csv":
            relation = con.read_csv(path, header=True, all_varchar=True)
        else:
            relation = con.read_parquet(path)
    except duckdb.Error as exc:
        raise _unreadable(f"cannot read the table ({_first_line(exc)})", path) from None
    _check_columns(path, relation.columns)
    ordered = relation.select(f"*, row_number() OVER () AS {ORDER}")
    ordered.create_view("evidence", replace=True)
    columns = {name: _kind(str(kind)) for name, kind in zip(relation.columns, relation.types, strict=True)}
    query = build_query(ruleset, "evidence", columns, keep=(ORDER,)).order_by(_order_column())
    try:
        result = con.execute(query.sql("duckdb"))
    except duckdb.Error as exc:
        raise KpiError(f"{path}: the query failed ({_first_line(exc)})") from None
    columns = [d[0] for d in result.description][:-1]
    return Results(columns, [row[:-1] for row in result.fetchall()])


def spark_session(master: str = "local[*]"):
    """A Spark session for the compiled query. Whole-stage code generation is off: the query is one
    wide projection whose generated Java exceeds the JVM's method size, so Spark would compile it,
    fail and fall back anyway (the seed plan plans in ~5 s instead of ~17 s)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise KpiError("Spark needs pyspark: pip install 'kpiengine[spark]'") from None
    builder = SparkSession.builder.master(master).appName("kpiengine")
    if master.startswith("local"):  # everything in this process: keep the driver on the loopback interface
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    session = (builder
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.sql.codegen.wholeStage", "false").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    return session


def run_spark(ruleset, path: str, master: str = "local[*]", session=None) -> Results:
    """Score every row of the table at `path` with Spark (`master`, or an existing `session`)."""
    path = os.fspath(path)
    fmt = file_format(path)
    spark = session or spark_session(master)
    from pyspark.errors import PySparkException
    from pyspark.sql import functions

    try:
        reader = spark.read
        frame = reader.option("header", True).option("encoding", "UTF-8").csv(path) if fmt == "csv" \
            else reader.parquet(path)
    except PySparkException as exc:
        raise _unreadable(f"cannot read the table ({_first_line(exc)})", path) from None
    if frame.columns and frame.columns[0].startswith("\ufeff"):  # a CSV saved by Excel
        frame = frame.withColumnRenamed(frame.columns[0], frame.columns[0][1:])
    _check_columns(path, frame.columns)
    frame = frame.withColumn(ORDER, functions.monotonically_increasing_id())
    frame.createOrReplaceTempView("evidence")
    columns = {name: _kind(kind) for name, kind in frame.dtypes}
    query = build_query(ruleset, "evidence", columns, keep=(ORDER,)).order_by(_order_column())
    try:
        rows = spark.sql(query.sql("spark")).collect()
    except PySparkException as exc:
        raise KpiError(f"{path}: the query failed ({_first_line(exc)})") from None
    columns = list(rows[0].__fields__[:-1]) if rows else result_columns(ruleset)
    return Results(columns, [tuple(row)[:-1] for row in rows])


_NUMERIC = re.compile(r"^(u?(tiny|small|big|huge)?int(eger)?|[a-z]*int\d*|float|double|real|decimal.*|numeric.*)$",
                      re.IGNORECASE)


def _kind(type_name: str) -> str:
    """ "number" for a numeric column type (DuckDB or Spark names), else "other"."""
    return "number" if _NUMERIC.match(type_name.strip()) else "other"


def _order_column():
    return exp.column(ORDER, quoted=True)


def _first_line(exc) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


# --- writing results ------------------------------------------------------------------------------------


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


def results_csv(results: Results) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(results.columns)
    for row in results.rows:
        writer.writerow(["" if v is None else str(_plain(v)).lower() if isinstance(v, bool) else _plain(v)
                         for v in row])
    return "\ufeff" + out.getvalue()


def results_json(results: Results) -> str:
    records = [{c: _plain(v) for c, v in zip(results.columns, row, strict=True)} for row in results.rows]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def write_parquet(results: Results, path: str) -> None:
    """A Parquet file, written to a temporary file beside `path` and renamed (whole or not at all)."""
    import duckdb

    directory = os.path.dirname(os.path.realpath(path)) or "."
    fd, tmp = tempfile.mkstemp(prefix=".kpi-", suffix=".parquet", dir=directory)
    os.close(fd)
    try:
        con = duckdb.connect()
        types = [_duck_type(results, i) for i in range(len(results.columns))]
        columns = ", ".join(f'"{c}" {t}' for c, t in zip(results.columns, types, strict=True))
        con.execute(f"CREATE TABLE results ({columns})")
        if results.rows:
            marks = ", ".join("?" for _ in results.columns)
            con.executemany(f"INSERT INTO results VALUES ({marks})", [list(r) for r in results.rows])
        con.execute("COPY results TO ? (FORMAT parquet)", [tmp])
        os.replace(tmp, path)
    except (OSError, duckdb.Error) as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise KpiError(f"cannot write '{path}' ({_first_line(exc)})") from None


def _duck_type(results: Results, i: int) -> str:
    name = results.columns[i]
    if name.endswith((".status", ".error")) or name == UNIT:
        return "VARCHAR"
    if name.endswith(".achieved"):
        return "BOOLEAN"
    if any(isinstance(row[i], date) for row in results.rows):
        return "DATE"
    return "DOUBLE"
