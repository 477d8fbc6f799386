"""``below_first_level`` (the score of a value worse than level 1) above the
scale's minimum makes scores run backwards: a worse value would score more
than a value at level 1. Same for a ``fail_score`` above the scale's maximum.

Failing::

    kind: plan
    scale: [1, 5]
    below_first_level: 2

Passing::

    kind: plan
    scale: [1, 5]
    below_first_level: 0
"""

from kpiengine.core.numbers import format_number
from kpiengine.core.problems import Problem, Severity

CODE = "SG10"
NAME = "scoring.below-first-level"
SEVERITY = "warning"
SUMMARY = "below_first_level above the scale minimum"


def check(ruleset):
    low, high = ruleset.plan.scale
    below = ruleset.plan.below_first_level
    if below > low:
        yield Problem.at(CODE, f"below_first_level {format_number(below)} is above the scale minimum "
                               f"{format_number(low)}: a value worse than level 1 would score more than level 1",
                         ruleset.where_plan("below_first_level", value=True), Severity(SEVERITY))
    for ind in ruleset.indicators.values():
        s = ind.spec.scoring
        if s is not None and s.fail_score is not None and s.fail_score > high:
            yield Problem.at(CODE, f"fail_score {format_number(s.fail_score)} of '{ind.id}' is above the scale "
                                   f"maximum {format_number(high)}", ind.where("scoring", "fail_score", value=True),
                             Severity(SEVERITY))
