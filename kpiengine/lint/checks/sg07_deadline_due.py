"""A deadline indicator needs its due date: ``target: {by: 2563-09-30}``
(a month alone, ``2563-09``, means its last day).

Failing::

    unit: date
    inputs: {delivered: {type: date}}
    scoring: {method: deadline}

Passing::

    unit: date
    inputs: {delivered: {type: date}}
    target: {by: 2563-09-30}
    scoring: {method: deadline}
"""

from kpiengine.core.problems import Problem, Severity

CODE = "SG07"
NAME = "scoring.deadline-due"
SEVERITY = "error"
SUMMARY = "deadline without a due date"


def check(ruleset):
    for ind in ruleset.indicators.values():
        if ind.method != "deadline":
            continue
        if ind.target is None:
            yield Problem.at(CODE, f"deadline indicator '{ind.id}' has no due date: add target: {{by: <date>}}",
                             ind.where("id"), Severity(SEVERITY))
        elif ind.target.by is None:
            yield Problem.at(CODE, f"deadline indicator '{ind.id}' needs target: {{by: <date>}}, "
                                   f"not '{ind.target.text()}'", ind.where("target", value=True), Severity(SEVERITY))
