"""The plan's ``scale: [min, max]`` needs min < max.

Failing::

    kind: plan
    scale: [5, 1]

Passing::

    kind: plan
    scale: [1, 5]
"""

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity

CODE = Code("SG06", "scoring.scale", Severity.ERROR, "scale with min ≥ max", __doc__)


def check(ruleset):
    low, high = ruleset.plan.scale
    if low >= high:
        yield (f"scale min must be below max (got [{low}, {high}])",
               ruleset.where_plan("scale", value=True))
