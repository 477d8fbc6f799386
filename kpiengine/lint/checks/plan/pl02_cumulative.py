"""A printed ``cumulative`` column must be the running sum of the step
weights (the plan's "คิดความก้าวหน้าโครงการ" column).

Failing::

    milestones:
      - {step: 1, title: จัดทำโครงการ, weight: 10, cumulative: 10}
      - {step: 2, title: ศึกษาทบทวน, weight: 50, cumulative: 50}

Passing::

    milestones:
      - {step: 1, title: จัดทำโครงการ, weight: 10, cumulative: 10}
      - {step: 2, title: ศึกษาทบทวน, weight: 50, cumulative: 60}
"""

import math

from kpiengine.core.codes import Code
from kpiengine.core.numbers import format_number
from kpiengine.core.problems import Severity

CODE = Code("PL02", "milestones.cumulative", Severity.ERROR,
            "printed cumulative progress is not the running sum", __doc__)


def check(ruleset):
    for label, steps, owner in ruleset.step_tables():
        weights = []
        for i, s in enumerate(steps):
            weights.append(s.weight)
            running = math.fsum(weights)
            if s.cumulative is not None and abs(s.cumulative - running) > 1e-9:
                yield (f"cumulative of step {s.step} of {label} is {format_number(s.cumulative)}, "
                       f"but the weights so far sum to {format_number(running)}",
                       owner.where("milestones", i, "cumulative", value=True))
