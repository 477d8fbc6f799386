"""Planned months and dates outside the plan's fiscal year (FY2563 =
1 Oct 2019 … 30 Sep 2020): a step planned in another year, a deadline or a
``due`` date after the year ends. Printed plans do this by copying last
year's table; the checker says so, the rule file keeps the plan's text.

Failing::

    kind: plan
    fiscal_year: 2563
    ---
    kind: project
    milestones:
      - {step: 1, title: จัดทำโครงการ, weight: 100, months: [ต.ค. 2561]}

Passing::

    milestones:
      - {step: 1, title: จัดทำโครงการ, weight: 100, months: [ต.ค. 2562]}
"""

from kpiengine.core.calendar import fiscal_year_bounds
from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity

CODE = Code("PL04", "plan.fiscal-year", Severity.WARNING, "planned month or deadline outside the fiscal year", __doc__)


def check(ruleset):
    fy = ruleset.plan.fiscal_year
    start, end = fiscal_year_bounds(fy)
    span = f"fiscal year {fy} ({start.isoformat()} … {end.isoformat()})"
    for label, steps, owner in ruleset.step_tables():
        for i, step in enumerate(steps):
            outside = [m for m in step.months or [] if m.last_day() < start or m.first_day() > end]
            if outside:
                shown = ", ".join(m.thai() for m in outside)
                yield (f"step {step.step} of {label} is planned in {shown}, outside {span}",
                       owner.where("milestones", i, "months", value=True))
    for ind in ruleset.indicators.values():
        if ind.target is not None and ind.target.by is not None and not start <= ind.target.by <= end:
            yield (f"'{ind.id}' is due {ind.target.by.isoformat()}, outside {span}",
                   ind.where("target", value=True))
        if ind.spec.due is not None and not start <= ind.spec.due <= end:
            yield (f"'{ind.id}' is due {ind.spec.due.isoformat()}, outside {span}",
                   ind.where("due", value=True))
