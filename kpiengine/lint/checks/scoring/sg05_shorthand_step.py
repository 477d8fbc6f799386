"""The ``target_level`` / ``step`` shorthand needs both keys, a step > 0, a
target level between 1 and the level count (default 5), and a numeric
target; a deadline's ``step_days`` must be > 0 too.

Failing::

    target: ">= 80"
    scoring: {target_level: 3, step: 0}

Passing::

    target: ">= 80"
    scoring: {target_level: 3, step: 5}   # levels 70 75 80 85 90
"""

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity
from kpiengine.rules.ruleset import DEFAULT_LEVEL_COUNT

CODE = Code("SG05", "scoring.shorthand-step", Severity.ERROR,
            "shorthand with a non-positive step or a bad target level", __doc__)


def check(ruleset):
    for ind in ruleset.indicators.values():
        s = ind.spec.scoring
        if s is None:
            continue
        if s.step_days is not None and s.step_days <= 0:
            yield (f"step_days must be > 0 (got {s.step_days})",
                   ind.where("scoring", "step_days", value=True))
        if s.target_level is None and s.step is None:
            continue
        if s.levels is not None:
            yield ("give either 'levels' or the 'target_level' / 'step' shorthand, not both",
                   ind.where("scoring", "target_level" if s.target_level is not None else "step"))
            continue
        if s.target_level is None or s.step is None:
            missing = "step" if s.step is None else "target_level"
            yield (f"the shorthand needs both 'target_level' and 'step' ('{missing}' is missing)",
                   ind.where("scoring"))
            continue
        if s.step <= 0:
            yield (f"step must be > 0 (got {s.step})", ind.where("scoring", "step", value=True))
        count = s.level_count if s.level_count is not None else DEFAULT_LEVEL_COUNT
        if not 1 <= s.target_level <= count:
            yield (f"target_level must be between 1 and {count} (got {s.target_level})",
                   ind.where("scoring", "target_level", value=True))
        if ind.target is None or ind.target.value is None:
            yield ("the shorthand places levels around the target: give a numeric target",
                   ind.where("scoring", "target_level"))
