"""The target and the levels should agree: a target beyond the last level
scores full long before it is met; a target below the first level is met by
values that score below_first_level.

Failing::

    target: ">= 120"
    scoring: {levels: [60, 70, 80, 90, 100]}

Passing::

    target: ">= 80"
    scoring: {levels: [60, 70, 80, 90, 100]}
"""

from kpiengine.core.codes import Code
from kpiengine.core.numbers import format_number
from kpiengine.core.problems import Severity

CODE = Code("SG03", "scoring.target-levels", Severity.WARNING,
            "target beyond the last level or below the first", __doc__)


def check(ruleset):
    for ind in ruleset.indicators.values():
        target, levels = ind.target, ind.levels
        if ind.method != "levels" or not levels or len(levels) < 2 or target is None or target.value is None:
            continue
        if target.op not in (">=", ">", "<=", "<"):
            continue
        sign = 1 if ind.direction == "higher" else -1
        if any(sign * b <= sign * a for a, b in zip(levels, levels[1:], strict=False)):
            continue  # levels out of order: SG01 says so
        goal = sign * target.value
        where = ind.where("target", value=True)
        if goal > sign * levels[-1]:
            yield (f"target '{target.text()}' of '{ind.id}' is beyond the last level "
                   f"({format_number(levels[-1])}): the levels give a full score before the "
                   "target is met", where)
        elif goal < sign * levels[0]:
            yield (f"target '{target.text()}' of '{ind.id}' is below the first level "
                   f"({format_number(levels[0])}): a value that meets the target can score "
                   "below_first_level", where)
