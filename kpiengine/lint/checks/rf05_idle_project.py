"""A project that serves no indicator: nothing measures what it achieves.
Routine work that serves no indicator on purpose says so with an explicit
``indicators: []``.

Failing::

    kind: project
    id: review
    name: โครงการศึกษาทบทวนสมรรถนะ

Passing::

    kind: project
    id: review
    name: โครงการศึกษาทบทวนสมรรถนะ
    indicators: [review-steps]

Also passing (routine work, on purpose)::

    kind: project
    id: exam-2563
    name: โครงการสอบแข่งขัน
    category: baseline
    indicators: []
"""

from kpiengine.core.problems import Problem, Severity

CODE = "RF05"
NAME = "references.idle-project"
NEEDS_COMPLETE = True  # reasons about totals: skipped when documents could not be read
SEVERITY = "warning"
SUMMARY = "project that serves no indicator"


def check(ruleset):
    served_by_link = {ind.spec.project for ind in ruleset.indicators.values() if ind.spec.project}
    for project in ruleset.projects.values():
        if project.spec.indicators or project.id in served_by_link:
            continue
        if "indicators" in project.spec.model_fields_set:
            continue  # an explicit empty list: serves no indicator on purpose
        yield Problem.at(CODE, f"project '{project.id}' serves no indicator (add 'indicators', or "
                               "'indicators: []' for routine work)", project.where("id", value=True),
                         Severity(SEVERITY))
