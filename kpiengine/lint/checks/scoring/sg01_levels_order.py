"""Level values must be strictly monotone in the indicator's direction:
increasing for ``direction: higher``, decreasing for ``direction: lower``.

Failing::

    direction: higher
    scoring: {method: levels, levels: [60, 70, 70, 90, 100]}

Passing::

    direction: higher
    scoring: {method: levels, levels: [60, 70, 80, 90, 100]}
"""

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity

CODE = Code("SG01", "scoring.levels-order", Severity.ERROR, "levels not strictly monotone in the direction", __doc__)


def check(ruleset):
    for ind in ruleset.indicators.values():
        s = ind.spec.scoring
        if s is None or s.levels is None or len(s.levels) < 2 or ind.method not in ("levels",):
            continue
        levels = list(s.levels)
        rising = all(b > a for a, b in zip(levels, levels[1:], strict=False))
        falling = all(b < a for a, b in zip(levels, levels[1:], strict=False))
        shown = ", ".join(str(v) for v in levels)
        if ind.direction == "higher" and not rising:
            why = "they decrease: set 'direction: lower'" if falling else "each must be above the one before"
            yield (f"levels [{shown}] are not strictly increasing for direction higher ({why})",
                   ind.where("scoring", "levels", value=True))
        elif ind.direction == "lower" and not falling:
            why = "they increase: set 'direction: higher'" if rising else "each must be below the one before"
            yield (f"levels [{shown}] are not strictly decreasing for direction lower ({why})",
                   ind.where("scoring", "levels", value=True))
