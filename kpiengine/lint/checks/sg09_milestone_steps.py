"""A milestone indicator needs steps: its own ``milestones`` or those of its
``project``.

Failing::

    kind: indicator
    id: review-steps
    unit: milestone

Passing::

    kind: indicator
    id: review-steps
    unit: milestone
    project: competency-review    # a project with milestones
"""

from kpiengine.core.problems import Problem, Severity

CODE = "SG09"
NAME = "scoring.milestone-steps"
SEVERITY = "error"
SUMMARY = "milestone indicator without steps"


def check(ruleset):
    for ind in ruleset.indicators.values():
        if ind.unit != "milestone" or ind.steps:
            continue
        if ind.spec.project is not None and ind.spec.project not in ruleset.projects:
            continue  # RF02 says it
        where = "its project has no milestones" if ind.spec.project else "give milestones or a project"
        yield Problem.at(CODE, f"milestone indicator '{ind.id}' has no steps ({where})",
                         ind.where("project" if ind.spec.project else "unit"), Severity(SEVERITY))
