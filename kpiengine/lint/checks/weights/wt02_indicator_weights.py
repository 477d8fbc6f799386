"""The weights of a dimension's scored indicators should sum to 100. The
engine divides by the sum, so the scores stay right; a sum of 90 or 110 is
still usually a typo.

Failing::

    - {id: a, dimension: effectiveness, weight: 60}
    - {id: b, dimension: effectiveness, weight: 30}

Passing::

    - {id: a, dimension: effectiveness, weight: 60}
    - {id: b, dimension: effectiveness, weight: 40}
"""

import math

from kpiengine.core.codes import Code
from kpiengine.core.numbers import format_number
from kpiengine.core.problems import Severity

CODE = Code("WT02", "weights.indicator-sum", Severity.WARNING,
            "indicator weights of a dimension do not sum to 100", __doc__)
NEEDS_COMPLETE = True  # reasons about the whole rule set: skipped when a document could not be read


def check(ruleset):
    for i, d in enumerate(ruleset.dimensions):
        weights = [ind.weight for ind in ruleset.indicators_in(d.id) if ind.weight > 0]
        total = math.fsum(weights)
        if weights and abs(total - 100) > 1e-9:
            yield (f"indicator weights of dimension '{d.id}' sum to {format_number(total)}, not 100 "
                   "(scores stay right: the dimension score divides by the sum)",
                   ruleset.where_plan("dimensions", i, "id", value=True))
