"""Reports of ``kpi test``: text, json and junit."""

from __future__ import annotations

import json

from kpiengine.reports import junit


def _where(result) -> str:
    case = result.case
    return f"{case.file}:{case.line}" if case.line else case.file


def to_text(results) -> str:
    out = []
    for r in results:
        out.append(f"{'PASS' if r.passed else 'FAIL'}  {_where(r)}  {r.case.spec.name}")
        for d in r.differences:
            out.append(f"      {d.text()}")
    passed = sum(1 for r in results if r.passed)
    out.append(f"{len(results)} case(s): {passed} passed, {len(results) - passed} failed")
    return "\n".join(out) + "\n"


def _jsonable(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def to_json(results) -> str:
    doc = {
        "cases": [{
            "name": r.case.spec.name, "file": r.case.file, "line": r.case.line, "passed": r.passed,
            "differences": [{"field": d.field, "expected": _jsonable(d.expected), "got": _jsonable(d.got)}
                            for d in r.differences],
        } for r in results],
        "passed": sum(1 for r in results if r.passed),
        "failed": sum(1 for r in results if not r.passed),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def to_junit(results, plan_id: str) -> str:
    return to_junit_groups([(plan_id, results)])


def to_junit_groups(groups) -> str:
    """One test suite per rule set: `groups` is [(plan id, results)]."""
    return junit.to_xml([_suite(plan_id, results) for plan_id, results in groups])


def _suite(plan_id: str, results):
    suite = junit.TestSuite(name=f"kpi test {plan_id}", package=plan_id)
    for r in results:
        failure = None
        if not r.passed:
            count = len(r.differences)
            failure = (f"{count} field(s) differ", "case-mismatch", "\n".join(d.text() for d in r.differences))
        suite.cases.append(junit.TestCase(name=r.case.spec.name, classname=_where(r), failure=failure))
    return suite
