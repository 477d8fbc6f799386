"""An indicator's ``goal`` or ``measure``, or a project's ``measure``, must
name one of the plan's ``goals`` / ``measures``; a measure's ``goal`` one of
its goals.

Failing::

    kind: indicator
    id: satisfaction
    goal: g-7.3.1.9

Passing::

    kind: indicator
    id: satisfaction
    goal: g-7.3.1.1      # the plan has goals: [{id: g-7.3.1.1, …}]
"""

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity
from kpiengine.core.suggest import did_you_mean

CODE = Code("RF07", "references.unknown-goal-or-measure", Severity.ERROR, "unknown goal or measure", __doc__)


def _ids(value):
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def check(ruleset):
    plan = ruleset.plan
    goals = [g.id for g in plan.goals or []]
    measures = [m.id for m in plan.measures or []]
    for i, m in enumerate(plan.measures or []):
        if m.goal not in goals:
            yield (f"measure '{m.id}' serves an unknown goal '{m.goal}'{did_you_mean(m.goal, goals)}",
                   ruleset.where_plan("measures", i, "goal", value=True))
    owners = [(ind, "indicator") for ind in ruleset.indicators.values()] + \
             [(p, "project") for p in ruleset.projects.values()]
    for owner, kind in owners:
        spec = owner.spec
        if kind == "indicator" and spec.goal is not None and spec.goal not in goals:
            yield (f"unknown goal '{spec.goal}'{did_you_mean(spec.goal, goals)}",
                   owner.where("goal", value=True))
        many = not isinstance(spec.measure, str)
        for j, measure in enumerate(_ids(spec.measure)):
            if measure not in measures:
                path = ("measure", j) if many else ("measure",)
                yield (f"unknown measure '{measure}'{did_you_mean(measure, measures)}",
                       owner.where(*path, value=True))
