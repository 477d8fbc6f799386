"""kpiengine — a rules engine for KPI evaluation.

The public API::

    from kpiengine import load_rules, load_evidence, evaluate

    rules = load_rules("rules/bma-csc-2563")          # RuleSet (raises RuleSetError)
    evidence = load_evidence("cases/…/evidence.yaml")  # Evidence (raises EvidenceFileError)
    result = evaluate(rules, evidence)                 # EvaluationResult
    result.overall, result.dimensions, result.indicators, result.errors

`inspect_rules` loads without raising and keeps every problem in
``ruleset.problems`` (what ``kpi check`` prints).
"""

from kpiengine.core.errors import EvaluationError, EvidenceFileError, KpiError, RuleSetError, ValueFormatError
from kpiengine.core.problems import Location, Problem, Severity
from kpiengine.engine.evaluation import evaluate
from kpiengine.engine.results import DimensionResult, ErrorEntry, EvaluationResult, IndicatorResult
from kpiengine.evidence.document import Evidence, load_evidence
from kpiengine.lint.inspect import inspect_rules, load_rules
from kpiengine.rules.ruleset import Indicator, RuleSet

__version__ = "0.1.0"

__all__ = [
    "DimensionResult", "ErrorEntry", "EvaluationError", "EvaluationResult", "Evidence", "EvidenceFileError",
    "Indicator", "IndicatorResult", "KpiError", "Location", "Problem", "RuleSet", "RuleSetError", "Severity",
    "ValueFormatError", "evaluate", "inspect_rules", "load_evidence", "load_rules",
]
