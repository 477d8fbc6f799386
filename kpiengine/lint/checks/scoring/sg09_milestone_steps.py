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

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity

CODE = Code("SG09", "scoring.milestone-steps", Severity.ERROR, "milestone indicator without steps", __doc__)


def check(ruleset):
    for ind in ruleset.indicators.values():
        if ind.unit != "milestone" or ind.steps:
            continue
        if ind.spec.project is not None and ind.spec.project not in ruleset.projects:
            continue  # RF02 says it
        where = "its project has no milestones" if ind.spec.project else "give milestones or a project"
        yield (f"milestone indicator '{ind.id}' has no steps ({where})",
               ind.where("project" if ind.spec.project else "unit"))
