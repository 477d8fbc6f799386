"""``targets_by_year`` records the plan's year and the two before it (a plan
prints 2561, 2562, 2563); another year is probably a typo.

Failing::

    kind: plan
    fiscal_year: 2563
    ---
    targets_by_year: {2560: 20, 2562: 40, 2563: 30}

Passing::

    targets_by_year: {2561: null, 2562: 40, 2563: 30}
"""

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity

CODE = Code("PL05", "plan.target-years", Severity.WARNING,
            "targets_by_year with years not the plan's or the two before it", __doc__)


def check(ruleset):
    fy = ruleset.plan.fiscal_year
    allowed = {fy - 2, fy - 1, fy}
    for ind in ruleset.indicators.values():
        for year in ind.spec.targets_by_year or {}:
            if year not in allowed:
                yield (f"targets_by_year of '{ind.id}' has year {year}; the plan's are "
                       f"{fy - 2}, {fy - 1} and {fy}", ind.where("targets_by_year", year))
