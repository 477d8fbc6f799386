"""Steps are numbered 1, 2, 3 … in order, each once.

Failing::

    milestones:
      - {step: 1, title: จัดทำโครงการ, weight: 50}
      - {step: 3, title: สรุปผล, weight: 50}

Passing::

    milestones:
      - {step: 1, title: จัดทำโครงการ, weight: 50}
      - {step: 2, title: สรุปผล, weight: 50}
"""

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity

CODE = Code("PL06", "milestones.step-numbers", Severity.ERROR, "steps not numbered 1…n", __doc__)


def check(ruleset):
    for label, steps, owner in ruleset.step_tables():
        for i, s in enumerate(steps):
            if s.step != i + 1:
                yield (f"step {i + 1} of {label} is numbered {s.step}: number the steps "
                       f"1…{len(steps)} in order", owner.where("milestones", i, "step", value=True))
                break
