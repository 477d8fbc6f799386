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
    for spec, source in ruleset.weights.values():
        yield from weights_problems(ruleset, spec, source)
