"""A ``kind: weights`` document (another evaluation year's weights, used with
``kpi score --weights ID``) must name only dimensions and indicators of the
rule set, with weights ≥ 0.

Failing::

    kind: weights
    id: equal-2564
    dimensions: {effectivenes: 25}

Passing::

    kind: weights
    id: equal-2564
    dimensions: {effectiveness: 25}
"""

from kpiengine.rules.overrides import weights_problems

CODE = "RF08"
NAME = "references.weights"
SEVERITY = "error"
SUMMARY = "weights document names an unknown dimension or indicator"


def check(ruleset):
    unloaded = ruleset.unloaded.get("indicator", set())
    for spec, source in ruleset.weights.values():
        for problem in weights_problems(ruleset, spec, source):
            # a weight for an indicator whose own document failed to load follows from that fault
            if not (problem.code == CODE and problem.location.path[-2:-1] == ("indicators",)
                    and problem.location.path[-1] in unloaded):
                yield problem
