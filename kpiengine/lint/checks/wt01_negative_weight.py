"""Weights are ≥ 0 (0 means tracked: evaluated and reported, left out of the sums).

Failing::

    kind: indicator
    id: satisfaction
    weight: -10

Passing::

    kind: indicator
    id: satisfaction
    weight: 0
"""

from kpiengine.core.problems import Problem, Severity

CODE = "WT01"
NAME = "weights.negative"
SEVERITY = "error"
SUMMARY = "negative weight"


def check(ruleset):
    for i, d in enumerate(ruleset.dimensions):
        if d.weight < 0:
            yield Problem.at(CODE, f"dimension '{d.id}' has a negative weight ({d.weight})",
                             ruleset.where_plan("dimensions", i, "weight", value=True), Severity(SEVERITY))
    for ind in ruleset.indicators.values():
        if ind.weight < 0:
            yield Problem.at(CODE, f"indicator '{ind.id}' has a negative weight ({ind.weight})",
                             ind.where("weight", value=True), Severity(SEVERITY))
