"""Value columns → score columns (SPEC §5), one function per method, as in
`kpiengine.engine.scoring`, whose arithmetic they repeat over arrays.

Each takes the value column and a mask of rows without a value (a deadline
not delivered) or None. Values within the 1e-9 relative tolerance of
`kpiengine.rules.targets` of a level or of the target are found by
`near_marks`; the batch engine scores those rows with the scalar engine, so
everywhere here a plain comparison is the tolerant one.
"""

from __future__ import annotations

import numpy as np

from kpiengine.rules.targets import EPSILON


def tolerance(mark: float) -> float:
    """The distance under `mark` within which `at_least(value, mark)` still holds (for values near `mark`)."""
    return EPSILON * max(1.0, abs(mark))


def near_marks(values, marks) -> np.ndarray | None:
    """Rows whose value lies within twice the tolerance of a mark (a level or the target's number).

    There the scalar engine's `near` decides, with its own float rounding: the batch engine hands those
    rows to it. Everywhere else `at_least(v, m)` is simply ``v >= m`` and the target test the bare comparison
    (a value exactly on a mark too: the tolerance changes nothing there).
    """
    intervals = sorted((m - 2 * tolerance(m), m + 2 * tolerance(m)) for m in marks)
    edges: list[float] = []
    for low, high in intervals:
        if edges and low <= edges[-1]:
            edges[-1] = max(edges[-1], high)
        else:
            edges += [low, high]
    band = (np.searchsorted(np.array(edges), values, side="right") & 1).astype(bool)
    rows = np.flatnonzero(band)
    if not len(rows):
        return None
    # a value exactly on a mark compares the same with or without the tolerance
    band[rows[np.isin(values[rows], np.array(marks, dtype=np.float64))]] = False
    return band if band.any() else None


def _near_levels(g, marks) -> np.ndarray | None:
    """Rows within twice the tolerance of a level, not exactly on one: the distance to the nearest level
    against the widest level's tolerance (a row too many only costs a scalar evaluation)."""
    if len(marks) > 8:
        return near_marks(g, list(marks))
    with np.errstate(invalid="ignore"):
        distance = np.abs(g - marks[0])
        for m in marks[1:]:
            np.minimum(distance, np.abs(g - m), out=distance)
        limit = max(2 * tolerance(m) for m in marks)  # the widest band
        band = distance <= limit
    rows = np.flatnonzero(band)
    if not len(rows):
        return None
    band[rows[np.isin(g[rows], marks)]] = False  # exactly on a level: no doubt
    return band if band.any() else None


def levels(values, none, indicator, scale):
    """Interpolated: the straight lines between the levels' worths; at or beyond the last level b; worse
    than level 1 below_first_level. Not interpolated: the worth of the best level reached.

    Returns ``(scores, near)``: `near` marks the rows within the tolerance of a level (see `near_marks`),
    found from the distance to the nearest level (a few array operations, cheaper than a search).
    """
    marks = np.array(indicator.levels, dtype=np.float64)
    n = len(marks)
    g = values
    if indicator.direction != "higher":
        g = np.negative(values)
        marks = -marks
    worths = np.array([scale.worth(k, n) for k in range(1, n + 1)], dtype=np.float64)
    near = None
    if not indicator.interpolate or n == 1:
        k = np.searchsorted(marks, g, side="right") - 1
        scores = np.where(k < 0, scale.below, worths[np.maximum(k, 0)])
        near = near_marks(g, list(marks))
    else:
        scores = np.interp(g, marks, worths, left=scale.below)
        near = _near_levels(g, marks)
    if none is not None:
        scores = np.where(none, scale.below, scores)
        if near is not None:
            near &= ~none
    return scores, near


def ratio(values, none, indicator, scale):
    """b · min(value/target, 1) (lower: b · min(target/value, 1); value ≤ 0 then gives b), never below 0."""
    target = float(indicator.target.value)
    with np.errstate(all="ignore"):
        if indicator.direction == "higher":
            fraction = values / target
        else:
            fraction = np.where(values <= 0, 1.0, target / values)
    scores = scale.high * np.clip(fraction, 0.0, 1.0)
    if none is not None:
        scores = np.where(none, scale.below, scores)
    return scores


def pass_fail(achieved, indicator, scale):
    """b if achieved, else fail_score (default below_first_level)."""
    fail = indicator.scoring.fail_score if indicator.scoring else None
    return np.where(achieved == 1.0, float(scale.high), scale.below if fail is None else float(fail))


def deadline(days_late, none, indicator, scale):
    """On or before due worth(5); each started step of step_days late one level lower; more than
    4 steps late, or not delivered, below_first_level."""
    step_days = indicator.step_days
    steps = np.where(days_late <= 0, 0, -(-days_late // step_days))
    worths = np.array([scale.worth(5 - s, 5) for s in range(5)], dtype=np.float64)
    scores = np.where(steps > 4, scale.below, worths[np.clip(steps, 0, 4).astype(np.int64)])
    if none is not None:
        scores = np.where(none, scale.below, scores)
    return scores


def steps(done, indicator, scale):
    """k consecutive steps done from step 1 → worth(k) on an n-step ladder; none → below_first_level."""
    n = len(indicator.steps)
    worths = np.array([scale.below] + [scale.worth(k, n) for k in range(1, n + 1)], dtype=np.float64)
    return worths[np.clip(done, 0, n).astype(np.int64)]


def achieved_column(values, none, target):
    """The target test (1.0, 0.0); rows near the bound are the scalar engine's (see `near_marks`)."""
    bound = float(target.value)
    test = _COMPARE[target.op](values, bound)
    out = test.astype(np.float64)
    if none is not None:
        out[none] = 0.0
    return out


_COMPARE = {">=": np.greater_equal, ">": np.greater, "<=": np.less_equal, "<": np.less, "==": np.equal,
            "!=": np.not_equal}
