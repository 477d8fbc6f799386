"""Golden cases (SPEC §8): evidence with the numbers worked out by hand.

A case file holds one or more ``kind: case`` documents: ``name``,
``evidence`` (an evidence mapping without ``kind``), ``expect`` (``overall``,
``dimensions``, ``indicators`` with ``score value status achieved``,
``errors``: the ids of indicators in error) and ``tolerance`` (1e-4). As
extensions a case may set ``on_missing`` or ``weights`` for its run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date

from kpiengine.core import calendar
from kpiengine.core.errors import CaseFileError, EvidenceFileError, KpiError, ValueFormatError
from kpiengine.core.numbers import format_number
from kpiengine.core.problems import Location, sorted_problems
from kpiengine.engine.evaluation import evaluate
from kpiengine.evidence.document import evidence_from_mapping
from kpiengine.rules import models
from kpiengine.rules.codes import SC08
from kpiengine.rules.loader import SourceRef, rule_files, validate
from kpiengine.rules.overrides import with_on_missing, with_weights
from kpiengine.sources.codes import IO01
from kpiengine.sources.yaml_reader import load_file

CASE_EVIDENCE_KEYS = ("plan", "unit", "as_of", "values", "notes")


@dataclass
class Case:
    spec: models.CaseSpec
    file: str
    line: int | None
    document: object


@dataclass(frozen=True)
class Difference:
    field: str
    expected: object
    got: object

    def text(self) -> str:
        return f"{self.field}: expected {_show(self.expected)}, got {_show(self.got)}"


@dataclass
class CaseResult:
    case: Case
    differences: list = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.differences


def _show(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return format_number(value, 9)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


def load_cases(paths) -> list[Case]:
    """Every case of the given files or directories; `CaseFileError` with every problem when any is unreadable."""
    cases, problems = [], []
    for path in paths:
        path = os.fspath(path)
        if not os.path.exists(path):
            problems.append(IO01.problem("no such file or directory", Location(path)))
            continue
        for file in rule_files(path):
            documents, found = load_file(file)
            errors = [p for p in found if p.is_error]
            if errors:
                problems.extend(errors)
                continue
            for document in documents:
                if document.data is None:
                    continue
                if isinstance(document.data, dict) and document.data.get("kind") == "evidence":
                    continue  # evidence files for kpi score / kpi progress may sit beside the cases
                mark = document.mark(())
                if not isinstance(document.data, dict) or document.data.get("kind") != "case":
                    problems.append(SC08.problem("expected a 'kind: case' document",
                                                 Location(file, mark.line if mark else None)))
                    continue
                invalid = []
                spec = validate(models.CaseSpec, document.data, SourceRef(document), invalid)
                if spec is None:
                    problems.extend(invalid)
                    continue
                cases.append(Case(spec, file, mark.line if mark else None, document))
    if problems:
        raise CaseFileError(sorted_problems(problems))
    if not cases:
        raise KpiError("no cases found (documents with 'kind: case')")
    return cases


def case_inputs(ruleset, case: Case):
    """(rule set, evidence) a case is scored with: its evidence, under its weights and on_missing if it sets them."""
    spec = case.spec
    data = dict(spec.evidence)
    data.setdefault("plan", ruleset.plan.id)
    evidence = evidence_from_mapping(data, case.document, ("evidence",), CASE_EVIDENCE_KEYS)
    rules = ruleset
    if spec.weights:
        rules = with_weights(rules, spec.weights)
    if spec.on_missing:
        rules = with_on_missing(rules, spec.on_missing)
    return rules, evidence


def run_case(ruleset, case: Case) -> CaseResult:
    """Evaluate the case's evidence and compare with its expectations."""
    spec = case.spec
    rules, evidence = case_inputs(ruleset, case)
    result = evaluate(rules, evidence)
    return CaseResult(case, compare(result, spec.expect, float(spec.tolerance)))


def compare(result, expect: models.Expectation, tolerance: float) -> list[Difference]:
    diffs: list[Difference] = []

    def number(field_name, expected, got):
        if expected is None or got is None:
            if expected is not got and not (expected is None and got is None):
                diffs.append(Difference(field_name, expected, got))
        elif abs(float(expected) - float(got)) > tolerance:
            diffs.append(Difference(field_name, expected, got))

    if "overall" in expect.model_fields_set:
        number("overall", expect.overall, result.overall)
    for key, value in (expect.dimensions or {}).items():
        d = result.dimension(key)
        if d is None:
            diffs.append(Difference(f"dimensions.{key}", value, "no such dimension"))
        else:
            number(f"dimensions.{key}", value, d.score)
    for key, exp in (expect.indicators or {}).items():
        r = result.indicator(key)
        if r is None:
            diffs.append(Difference(f"indicators.{key}", "an indicator", "no such indicator"))
            continue
        fields = exp.model_fields_set
        if "score" in fields:
            number(f"indicators.{key}.score", exp.score, r.score)
        if "value" in fields:
            _compare_value(diffs, f"indicators.{key}.value", exp.value, r.value, tolerance)
        if "status" in fields and exp.status != r.status:
            diffs.append(Difference(f"indicators.{key}.status", exp.status, r.status))
        if "achieved" in fields and exp.achieved != r.achieved:
            diffs.append(Difference(f"indicators.{key}.achieved", exp.achieved, r.achieved))
    if expect.errors is not None:
        got = sorted({e.indicator for e in result.errors})
        if sorted(set(expect.errors)) != got:
            diffs.append(Difference("errors", sorted(set(expect.errors)), got))
    return diffs


def _compare_value(diffs, name, expected, got, tolerance):
    if isinstance(got, date) or (isinstance(expected, str) and got is not None):
        try:
            want = calendar.parse_day(expected) if isinstance(expected, str) else expected
        except ValueFormatError:
            want = expected
        if want != got:
            diffs.append(Difference(name, expected, got))
        return
    if expected is None or got is None:
        if not (expected is None and got is None):
            diffs.append(Difference(name, expected, got))
        return
    if abs(float(expected) - float(got)) > tolerance:
        diffs.append(Difference(name, expected, got))


def run_cases(ruleset, cases) -> list[CaseResult]:
    results = []
    for case in cases:
        try:
            results.append(run_case(ruleset, case))
        except EvidenceFileError as exc:
            raise KpiError(f"case '{case.spec.name}': {exc}") from None
    return results
