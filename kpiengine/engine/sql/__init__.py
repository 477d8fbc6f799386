"""Rule sets compiled to SQL (issue 12): one query from the evidence table (`layout`) to a result
table, with the scalar engine's arithmetic. `to_sql(ruleset, dialect)` gives the text;
`kpiengine.engine.sql.run` executes it on DuckDB or Spark."""

from kpiengine.engine.sql.compiler import DIALECTS, build_query, to_sql
from kpiengine.engine.sql.formula import SqlCompileError
from kpiengine.engine.sql.layout import evidence_columns, result_columns

__all__ = ["DIALECTS", "SqlCompileError", "build_query", "evidence_columns", "result_columns", "to_sql"]
