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
``ruleset.problems`` (what ``kpi check`` prints); `rules_hash(ruleset)` names
the rules that made a score (a sha256 of their canonical content).

Evidence from other sources: `load_units(path, ruleset)` reads a YAML file, a
CSV table or an Excel workbook into one `Evidence` per unit (`read_table` for
CSV alone; `evidence_columns(ruleset)` names a table's columns), and
`evidence_from_mapping` builds one from a mapping (a web form). Every
`Evidence` is typed and checked by `validate_evidence` before `evaluate`
computes (which calls it when given raw `Evidence`). `evaluate` holds no
shared state: one loaded rule set may be scored from many threads at once.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for readers and type checkers; at run time each name is imported on first use (below)
    from kpiengine.core.errors import (
                                       CaseFileError,
                                       EvaluationError,
                                       EvidenceFileError,
                                       KpiError,
                                       ProblemsError,
                                       RuleSetError,
                                       ValueFormatError,
    )
    from kpiengine.core.problems import Location, Problem, Severity
    from kpiengine.engine.batch import BatchError, BatchResult, evaluate_batch
    from kpiengine.engine.evaluation import evaluate
    from kpiengine.engine.results import DimensionResult, ErrorEntry, EvaluationResult, IndicatorResult
    from kpiengine.evidence.columns import Column, evidence_columns
    from kpiengine.evidence.document import Evidence, evidence_from_mapping, load_evidence, read_evidence
    from kpiengine.evidence.intake import load_units
    from kpiengine.evidence.table import read_table
    from kpiengine.evidence.validate import TypedEvidence, validate_evidence
    from kpiengine.lint.inspect import inspect_rules, load_rules
    from kpiengine.rules.hash import rules_hash
    from kpiengine.rules.ruleset import Indicator, RuleSet

__version__ = "0.2.0"

__all__ = [
    "BatchError", "BatchResult", "CaseFileError", "Column", "DimensionResult", "ErrorEntry", "EvaluationError",
    "EvaluationResult", "Evidence", "EvidenceFileError", "Indicator", "IndicatorResult", "KpiError", "Location",
    "Problem", "ProblemsError", "RuleSet", "RuleSetError", "Severity", "TypedEvidence", "ValueFormatError", "evaluate",
    "evaluate_batch", "evidence_columns", "evidence_from_mapping", "inspect_rules", "load_evidence", "load_rules",
    "load_units", "read_evidence", "read_table", "rules_hash", "validate_evidence",
]


# Where each public name lives. A name's module is imported when the name is first used, so a command
# loads only what it needs (`kpi score` does not load the batch engine's numpy, the Excel reader or the
# lint checks).
_HOMES = {
    "kpiengine.core.errors": ("CaseFileError", "EvaluationError", "EvidenceFileError", "KpiError", "ProblemsError",
                              "RuleSetError", "ValueFormatError"),
    "kpiengine.core.problems": ("Location", "Problem", "Severity"),
    "kpiengine.engine.batch": ("BatchError", "BatchResult", "evaluate_batch"),
    "kpiengine.engine.evaluation": ("evaluate",),
    "kpiengine.engine.results": ("DimensionResult", "ErrorEntry", "EvaluationResult", "IndicatorResult"),
    "kpiengine.evidence.columns": ("Column", "evidence_columns"),
    "kpiengine.evidence.document": ("Evidence", "evidence_from_mapping", "load_evidence", "read_evidence"),
    "kpiengine.evidence.intake": ("load_units",),
    "kpiengine.evidence.table": ("read_table",),
    "kpiengine.evidence.validate": ("TypedEvidence", "validate_evidence"),
    "kpiengine.lint.inspect": ("inspect_rules", "load_rules"),
    "kpiengine.rules.hash": ("rules_hash",),
    "kpiengine.rules.ruleset": ("Indicator", "RuleSet"),
}
_LAZY = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kpiengine' has no attribute '{name}'")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
