"""``kpi check RULES --evidence FILE``: an evidence file's faults as located problems (EV codes)."""

from __future__ import annotations

from kpiengine.core.errors import EvidenceFileError
from kpiengine.core.problems import Location, Problem, Severity
from kpiengine.engine.evaluation import evaluate
from kpiengine.evidence.document import load_evidence
from kpiengine.plan.progress import unknown_projects


def check_evidence(ruleset, path: str) -> list[Problem]:
    """Every fault of the evidence file at `path` against `ruleset` (which must be valid)."""
    try:
        evidence = load_evidence(path)
        result = evaluate(ruleset, evidence)
    except EvidenceFileError as exc:
        return [Problem(exc.code, exc.args[0], Severity.ERROR, Location(exc.file or str(path), exc.line, exc.column))]
    problems = [Problem(e.code or "EV09", e.message, Severity.ERROR, Location(e.file, e.line, e.column))
                for e in result.errors]
    problems += [Problem(f.code, f.message, Severity.ERROR, Location(f.file, f.line, f.column))
                 for f in unknown_projects(ruleset, evidence)]
    return problems
