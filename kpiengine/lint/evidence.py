"""``kpi check RULES --evidence FILE``: an evidence file's faults as located problems (EV codes).

The evidence is typed and checked by `kpiengine.evidence.validate` (every
fault, with its position); then the typed values are computed — numbers
only, no report — to find the formulas that fail on this evidence (EV09).
"""

from __future__ import annotations

from kpiengine.core.errors import EvidenceFileError
from kpiengine.core.problems import Problem, sorted_problems
from kpiengine.engine.evaluation import evaluate
from kpiengine.evidence.validate import unknown_projects, validate_evidence
from kpiengine.intake import load_units


def check_evidence(ruleset, path: str) -> list[Problem]:
    """Every fault of the evidence file at `path` (YAML, a CSV table or a workbook: every unit in it)
    against `ruleset` (which must be valid)."""
    problems: list[Problem] = []
    try:
        units = load_units(path, ruleset)
    except EvidenceFileError as exc:
        return list(exc.problems)
    for evidence in units:
        try:
            typed = validate_evidence(ruleset, evidence)
        except EvidenceFileError as exc:
            problems += exc.problems
            continue
        problems += evaluate(ruleset, typed).errors
        problems += unknown_projects(ruleset, evidence)
    return sorted_problems(problems)
