"""The weights of a milestone table's steps sum to 100 (progress is a percent).

Failing::

    milestones:
      - {step: 1, title: จัดทำโครงการ, weight: 10}
      - {step: 2, title: ศึกษาทบทวน, weight: 50}

Passing::

    milestones:
      - {step: 1, title: จัดทำโครงการ, weight: 10}
      - {step: 2, title: ศึกษาทบทวน, weight: 90}
"""

import math

from kpiengine.core.codes import Code
from kpiengine.core.numbers import format_number
from kpiengine.core.problems import Severity

CODE = Code("PL01", "milestones.weight-sum", Severity.ERROR, "step weights do not sum to 100", __doc__)


def check(ruleset):
    for label, steps, owner in ruleset.step_tables():
        total = math.fsum(s.weight for s in steps)
        if abs(total - 100) > 1e-9:
            yield (f"step weights of {label} sum to {format_number(total)}, not 100",
                   owner.where("milestones"))
        for i, s in enumerate(steps):
            if s.weight < 0:
                yield (f"step {s.step} of {label} has a negative weight ({s.weight})",
                       owner.where("milestones", i, "weight", value=True))
