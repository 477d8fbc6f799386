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

from kpiengine.core.codes import Code
from kpiengine.core.numbers import format_number
from kpiengine.core.problems import Severity

CODE = Code("SG10", "scoring.below-first-level", Severity.WARNING, "below_first_level above the scale minimum", __doc__)


def check(ruleset):
    low, high = ruleset.plan.scale
    below = ruleset.plan.below_first_level
    if below > low:
        yield (f"below_first_level {format_number(below)} is above the scale minimum "
               f"{format_number(low)}: a value worse than level 1 would score more than level 1",
               ruleset.where_plan("below_first_level", value=True))
    for ind in ruleset.indicators.values():
        s = ind.spec.scoring
        if s is not None and s.fail_score is not None and s.fail_score > high:
            yield (f"fail_score {format_number(s.fail_score)} of '{ind.id}' is above the scale "
                   f"maximum {format_number(high)}", ind.where("scoring", "fail_score", value=True))
