"""The plan's ``scale: [min, max]`` needs min < max.

Failing::

    kind: plan
    scale: [5, 1]

Passing::

    kind: plan
    scale: [1, 5]
"""

from kpiengine.core.problems import Problem, Severity

CODE = "SG06"
NAME = "scoring.scale"
SEVERITY = "error"
SUMMARY = "scale with min ≥ max"


def check(ruleset):
    low, high = ruleset.plan.scale
    if low >= high:
        yield Problem.at(CODE, f"scale min must be below max (got [{low}, {high}])",
                         ruleset.where_plan("scale", value=True), Severity(SEVERITY))
