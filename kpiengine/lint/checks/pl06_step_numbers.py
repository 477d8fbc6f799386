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

from kpiengine.core.problems import Problem, Severity

CODE = "PL06"
NAME = "milestones.step-numbers"
SEVERITY = "error"
SUMMARY = "steps not numbered 1…n"


def check(ruleset):
    for label, steps, owner in ruleset.step_tables():
        for i, s in enumerate(steps):
            if s.step != i + 1:
                yield Problem.at(CODE, f"step {i + 1} of {label} is numbered {s.step}: number the steps "
                                       f"1…{len(steps)} in order", owner.where("milestones", i, "step", value=True),
                                 Severity(SEVERITY))
                break
