"""The plan's dimension weights should sum to 100. The overall score divides
by the sum, so it stays right; a different sum is still usually a typo.

Failing::

    dimensions:
      - {id: effectiveness, name: ประสิทธิผล, weight: 70}
      - {id: efficiency, name: ประสิทธิภาพ, weight: 20}

Passing::

    dimensions:
      - {id: effectiveness, name: ประสิทธิผล, weight: 70}
      - {id: efficiency, name: ประสิทธิภาพ, weight: 30}
"""

import math

from kpiengine.core.codes import Code
from kpiengine.core.numbers import format_number
from kpiengine.core.problems import Severity

CODE = Code("WT03", "weights.dimension-sum", Severity.WARNING, "dimension weights do not sum to 100", __doc__)
NEEDS_COMPLETE = True  # reasons about the whole rule set: skipped when a document could not be read


def check(ruleset):
    total = math.fsum(d.weight for d in ruleset.dimensions)
    if ruleset.dimensions and abs(total - 100) > 1e-9:
        yield (f"dimension weights sum to {format_number(total)}, not 100 (the overall score "
               "stays right: it divides by the sum)", ruleset.where_plan("dimensions"))
