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

from kpiengine.core.numbers import format_number
from kpiengine.core.problems import Problem, Severity

CODE = "WT03"
NAME = "weights.dimension-sum"
NEEDS_COMPLETE = True  # reasons about totals: skipped when documents could not be read
SEVERITY = "warning"
SUMMARY = "dimension weights do not sum to 100"


def check(ruleset):
    total = math.fsum(d.weight for d in ruleset.dimensions)
    if ruleset.dimensions and abs(total - 100) > 1e-9:
        yield Problem.at(CODE, f"dimension weights sum to {format_number(total)}, not 100 (the overall score "
                               "stays right: it divides by the sum)", ruleset.where_plan("dimensions"),
                         Severity(SEVERITY))
