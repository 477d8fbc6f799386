"""An indicator's ``project`` and that project's ``indicators`` should agree:
an indicator that takes its steps from a project is served by it.

Failing::

    kind: indicator
    id: review-steps
    project: competency-review
    ---
    kind: project
    id: competency-review
    indicators: []            # does not list review-steps

Passing::

    kind: project
    id: competency-review
    indicators: [review-steps]
"""

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity

CODE = Code("RF06", "references.project-link", Severity.WARNING,
            "indicator and project do not list each other", __doc__)


def check(ruleset):
    for ind in ruleset.indicators.values():
        project = ruleset.projects.get(ind.spec.project) if ind.spec.project else None
        if project is not None and ind.id not in project.spec.indicators:
            yield (f"indicator '{ind.id}' names project '{project.id}', which does not list it "
                   "in its indicators", ind.where("project", value=True))
