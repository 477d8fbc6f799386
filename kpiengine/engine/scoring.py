"""Value → score (SPEC §5). Pure arithmetic, no I/O; every method returns a
`ScoreTrace` that `kpiengine.explain` turns into words.

With n levels on the scale [a, b], level k is worth a + (k−1)(b−a)/(n−1).
"""

from __future__ import annotations

from dataclasses import dataclass

from kpiengine.rules.scale import Scale
from kpiengine.rules.targets import at_least, near

__all__ = ["Scale", "ScoreTrace", "score_deadline", "score_levels", "score_pass_fail", "score_ratio",
           "score_steps"]


@dataclass(slots=True)
class ScoreTrace:
    """How a score came about."""

    method: str
    score: float
    level: int | None = None  # level reached (1-based); None when worse than level 1
    next_level: int | None = None  # set when the score was interpolated towards this level
    fraction: float | None = None  # position between level and next_level
    note: str = ""


def score_levels(value: float, levels: list[float], direction: str, interpolate: bool, scale: Scale) -> ScoreTrace:
    """`levels`: at or beyond vn → b; worse than v1 → below_first_level; in
    between, the worth of the level reached, plus (when interpolating) the
    straight line to the next level's worth.

    Levels are compared in the indicator's direction ("goodness": the value for
    higher, its negation for lower), with the 1e-9 tolerance of targets.
    """
    n = len(levels)
    if direction == "higher":
        g, marks = value, levels
    else:
        g, marks = -value, [-v for v in levels]  # increasing
    last = marks[-1]
    if at_least(g, last):
        note = "at the last level" if near(g, last) else "beyond the last level"
        return ScoreTrace("levels", scale.worth(n, n), level=n, note=note)
    if not at_least(g, marks[0]):
        return ScoreTrace("levels", scale.below, note="worse than level 1")
    k = n - 2  # 0-based level reached, < n-1: the highest level at or below the value
    while not at_least(g, marks[k]):
        k -= 1
    worth_k = scale.worth(k + 1, n)
    if not interpolate:
        return ScoreTrace("levels", worth_k, level=k + 1)
    fraction = (g - marks[k]) / (marks[k + 1] - marks[k])
    fraction = min(max(fraction, 0.0), 1.0)
    score = worth_k + (scale.worth(k + 2, n) - worth_k) * fraction
    return ScoreTrace("levels", score, level=k + 1, next_level=k + 2, fraction=fraction)


def score_ratio(value: float, target: float, direction: str, scale: Scale) -> ScoreTrace:
    """b · min(value/target, 1) (lower: b · min(target/value, 1); value ≤ 0 then gives b), never below 0."""
    if direction == "higher":
        fraction = value / target
    elif value <= 0:
        fraction = 1.0
    else:
        fraction = target / value
    fraction = min(max(fraction, 0.0), 1.0)
    return ScoreTrace("ratio", scale.high * fraction, fraction=fraction)


def score_pass_fail(achieved: bool, scale: Scale, fail_score: float | None) -> ScoreTrace:
    if achieved:
        return ScoreTrace("pass_fail", float(scale.high), note="achieved")
    return ScoreTrace("pass_fail", scale.below if fail_score is None else fail_score, note="not achieved")


def score_deadline(days_late: int | None, step_days: int, scale: Scale) -> ScoreTrace:
    """On or before due → worth(5); each started step of `step_days` late one level lower;
    more than 4 steps late, or not delivered → below_first_level."""
    if days_late is None:
        return ScoreTrace("deadline", scale.below, note="not delivered")
    if days_late <= 0:
        return ScoreTrace("deadline", scale.worth(5, 5), level=5, note="on time")
    steps = -(-days_late // step_days)  # started steps: 1…step_days → 1
    if steps > 4:
        return ScoreTrace("deadline", scale.below, note=f"more than {4 * step_days} days late")
    return ScoreTrace("deadline", scale.worth(5 - steps, 5), level=5 - steps)


def score_steps(done: int, n: int, scale: Scale) -> ScoreTrace:
    """k consecutive steps done from step 1 → worth(k) on an n-step ladder; none → below_first_level."""
    if done <= 0:
        return ScoreTrace("steps", scale.below, level=None, note="step 1 not done")
    return ScoreTrace("steps", scale.worth(done, n), level=done)
