"""A level ladder needs at least two levels.

Failing::

    scoring: {method: levels, levels: [80]}

Passing::

    scoring: {method: levels, levels: [60, 80]}
"""

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity

CODE = Code("SG02", "scoring.too-few-levels", Severity.ERROR, "fewer than two levels", __doc__)


def check(ruleset):
    for ind in ruleset.indicators.values():
        s = ind.spec.scoring
        if s is not None and s.levels is not None and len(s.levels) < 2:
            yield (f"levels need at least two values (got {len(s.levels)})",
                   ind.where("scoring", "levels", value=True))
        if s is not None and s.target_level is not None and s.level_count is not None and s.level_count < 2:
            yield (f"level_count must be at least 2 (got {s.level_count})",
                   ind.where("scoring", "level_count", value=True))
