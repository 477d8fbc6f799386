"""The vectorized batch engine: `evaluate_batch(ruleset, table)` → `BatchResult`.

One backend (numpy) beside the scalar reference engine, as pandera keeps one
backend per execution engine: `table` reads the columns, `columns` types and
validates them, `formula` compiles the checked formula tree to array
operations, `scoring` holds the column-wise twin of each scoring method and
`engine` puts them together and aggregates. Differential tests
(tests/test_batch_differential.py) keep it equal to `kpiengine.evaluate`.
"""

from kpiengine.engine.batch.engine import evaluate_batch
from kpiengine.engine.batch.result import STATUS, BatchError, BatchResult

__all__ = ["STATUS", "BatchError", "BatchResult", "evaluate_batch"]
