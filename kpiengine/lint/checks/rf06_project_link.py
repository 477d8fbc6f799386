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

from kpiengine.core.problems import Problem, Severity

CODE = "RF06"
NAME = "references.project-link"
SEVERITY = "warning"
SUMMARY = "indicator and project do not list each other"


def check(ruleset):
    for ind in ruleset.indicators.values():
        project = ruleset.projects.get(ind.spec.project) if ind.spec.project else None
        if project is not None and ind.id not in project.spec.indicators:
            yield Problem.at(CODE, f"indicator '{ind.id}' names project '{project.id}', which does not list it "
                                   "in its indicators", ind.where("project", value=True), Severity(SEVERITY))
