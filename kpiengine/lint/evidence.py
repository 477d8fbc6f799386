"""``kpi check RULES --evidence FILE``: an evidence file's faults as located problems (EV codes)."""

from __future__ import annotations

from kpiengine.core.errors import EvidenceFileError
from kpiengine.core.problems import Location, Problem
from kpiengine.engine.evaluation import evaluate
from kpiengine.evidence.codes import EV09
from kpiengine.evidence.document import load_evidence
from kpiengine.lint.registry import CODES
from kpiengine.plan.progress import unknown_projects


def check_evidence(ruleset, path: str) -> list[Problem]:
    """Every fault of the evidence file at `path` against `ruleset` (which must be valid)."""
    try:
        evidence = load_evidence(path)
        result = evaluate(ruleset, evidence)
    except EvidenceFileError as exc:
        return [CODES[exc.code].problem(exc.args[0], Location(exc.file or str(path), exc.line, exc.column))]
    problems = [CODES[e.code or EV09.code].problem(e.message, Location(e.file, e.line, e.column), e.indicator or None)
                for e in result.errors]
    problems += [CODES[f.code].problem(f.message, Location(f.file, f.line, f.column), f.indicator or None)
                 for f in unknown_projects(ruleset, evidence)]
    return problems
