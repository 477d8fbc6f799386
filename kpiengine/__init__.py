"""kpiengine — a rules engine for KPI evaluation.

The public API::

    from kpiengine import load_rules, load_evidence, evaluate

    rules = load_rules("rules/bma-csc-2563")          # RuleSet (raises RuleSetError)
    evidence = load_evidence("cases/…/evidence.yaml")  # Evidence (raises EvidenceFileError)
    result = evaluate(rules, evidence)                 # EvaluationResult
    result.overall, result.dimensions, result.indicators, result.errors

    batch = evaluate_batch(rules, {"unit": [...], "satisfaction.satisfied": [...], ...})
    batch.overall, batch.dimensions, batch.scores, batch.errors, batch.reports()  # a round, column-wise

`inspect_rules` loads without raising and keeps every problem in
``ruleset.problems`` (what ``kpi check`` prints).
"""

from kpiengine.core.errors import EvaluationError, EvidenceFileError, KpiError, RuleSetError, ValueFormatError
from kpiengine.core.problems import Location, Problem, Severity
from kpiengine.engine.batch import BatchError, BatchResult, evaluate_batch
from kpiengine.engine.evaluation import evaluate
from kpiengine.engine.results import DimensionResult, ErrorEntry, EvaluationResult, IndicatorResult
from kpiengine.evidence.document import Evidence, load_evidence
from kpiengine.lint.inspect import inspect_rules, load_rules
from kpiengine.rules.ruleset import Indicator, RuleSet

__version__ = "0.1.0"

__all__ = [
    "BatchError", "BatchResult", "DimensionResult", "ErrorEntry", "EvaluationError", "EvaluationResult", "Evidence", "EvidenceFileError",
    "Indicator", "IndicatorResult", "KpiError", "Location", "Problem", "RuleSet", "RuleSetError", "Severity",
    "ValueFormatError", "evaluate", "evaluate_batch", "inspect_rules", "load_evidence", "load_rules",
]
