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

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity

CODE = Code("RF05", "references.idle-project", Severity.WARNING, "project that serves no indicator", __doc__)
NEEDS_COMPLETE = True  # reasons about the whole rule set: skipped when a document could not be read


def check(ruleset):
    served_by_link = {ind.spec.project for ind in ruleset.indicators.values() if ind.spec.project}
    for project in ruleset.projects.values():
        if project.spec.indicators or project.id in served_by_link:
            continue
        if "indicators" in project.spec.model_fields_set:
            continue  # an explicit empty list: serves no indicator on purpose
        yield (f"project '{project.id}' serves no indicator (add 'indicators', or "
               "'indicators: []' for routine work)", project.where("id", value=True))
