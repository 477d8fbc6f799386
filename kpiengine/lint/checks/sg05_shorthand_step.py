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

from kpiengine.core.problems import Problem, Severity
from kpiengine.rules.ruleset import DEFAULT_LEVEL_COUNT

CODE = "SG05"
NAME = "scoring.shorthand-step"
SEVERITY = "error"
SUMMARY = "shorthand with a non-positive step or a bad target level"


def check(ruleset):
    severity = Severity(SEVERITY)
    for ind in ruleset.indicators.values():
        s = ind.spec.scoring
        if s is None:
            continue
        if s.step_days is not None and s.step_days <= 0:
            yield Problem.at(CODE, f"step_days must be > 0 (got {s.step_days})",
                             ind.where("scoring", "step_days", value=True), severity)
        if s.target_level is None and s.step is None:
            continue
        if s.levels is not None:
            yield Problem.at(CODE, "give either 'levels' or the 'target_level' / 'step' shorthand, not both",
                             ind.where("scoring", "target_level" if s.target_level is not None else "step"),
                             severity)
            continue
        if s.target_level is None or s.step is None:
            missing = "step" if s.step is None else "target_level"
            yield Problem.at(CODE, f"the shorthand needs both 'target_level' and 'step' ('{missing}' is missing)",
                             ind.where("scoring"), severity)
            continue
        if s.step <= 0:
            yield Problem.at(CODE, f"step must be > 0 (got {s.step})", ind.where("scoring", "step", value=True),
                             severity)
        count = s.level_count if s.level_count is not None else DEFAULT_LEVEL_COUNT
        if not 1 <= s.target_level <= count:
            yield Problem.at(CODE, f"target_level must be between 1 and {count} (got {s.target_level})",
                             ind.where("scoring", "target_level", value=True), severity)
        if ind.target is None or ind.target.value is None:
            yield Problem.at(CODE, "the shorthand places levels around the target: give a numeric target",
                             ind.where("scoring", "target_level"), severity)
