"""Value → score in SQL: one builder per method of `kpiengine.engine.scoring`, in a table, with the
constants (level worths, differences, ladders) worked out in Python so that the SQL multiplies the
very doubles the scalar engine does; and the target test with the 1e-9 relative tolerance of
`kpiengine.rules.targets`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from kpiengine.engine.sql import build as b
from kpiengine.rules.targets import EPSILON


@dataclass
class Scored:
    """What a scoring builder may use, all as SQL expressions (columns)."""

    value: exp.Expression | None  # DOUBLE (NULL: no value), or None when the value is a date
    achieved: exp.Expression  # BOOLEAN, never NULL while scoring
    days_late: exp.Expression | None
    steps_done: exp.Expression | None


def near(a, c):
    """|a − c| ≤ 1e-9 · max(1, |a|, |c|)."""
    return b.le(b.abs_(b.sub(a, c)), b.mul(b.num(EPSILON), b.greatest(b.num(1), b.abs_(a), b.abs_(c))))


def at_least(a, c):
    return b.or_(b.ge(a, c), near(a, c))


COMPARISONS = {
    ">=": at_least,
    ">": lambda a, c: b.and_(b.gt(a, c), b.not_(near(a, c))),
    "<=": lambda a, c: at_least(c, a),
    "<": lambda a, c: b.and_(b.lt(a, c), b.not_(near(a, c))),
    "==": near,
    "!=": lambda a, c: b.not_(near(a, c)),
}


def target_test(target, value: exp.Expression):
    """`Target.test` on a DOUBLE value (NULL → false)."""
    return b.and_(b.not_null(value), COMPARISONS[target.op](value, b.num(float(target.value))))


def _levels(indicator, scale, s: Scored):
    levels = indicator.levels
    n = len(levels)
    sign = 1.0 if indicator.direction == "higher" else -1.0
    g = b.neg(s.value) if sign < 0 else s.value
    marks = [sign * v for v in levels]
    whens = [(at_least(g, b.num(marks[-1])), b.num(scale.worth(n, n))),
             (b.not_(at_least(g, b.num(marks[0]))), b.num(scale.below))]
    for k in reversed(range(n - 1)):  # 0-based level reached, the best first
        worth_k = scale.worth(k + 1, n)
        if not indicator.interpolate:
            score = b.num(worth_k)
        else:
            fraction = b.div(b.sub(g, b.num(marks[k])), b.num(marks[k + 1] - marks[k]))
            fraction = b.least(b.greatest(fraction, b.num(0)), b.num(1))
            score = b.add(b.num(worth_k), b.mul(b.num(scale.worth(k + 2, n) - worth_k), fraction))
        whens.append((at_least(g, b.num(marks[k])), score) if k else (b.TRUE, score))
    return b.case((b.is_null(s.value), b.num(scale.below)), *whens)


def _ratio(indicator, scale, s: Scored):
    target = float(indicator.target.value)
    v = s.value
    if indicator.direction == "higher":
        fraction = b.div(v, b.num(target))
    else:
        fraction = b.case((b.le(v, b.num(0)), b.num(1)), default=b.safe_div(b.num(target), v))
    fraction = b.least(b.greatest(fraction, b.num(0)), b.num(1))
    return b.case((b.is_null(v), b.num(scale.below)), default=b.mul(b.num(scale.high), fraction))


def _pass_fail(indicator, scale, s: Scored):
    fail = indicator.scoring.fail_score if indicator.scoring else None
    return b.case((s.achieved, b.num(scale.high)), default=b.num(scale.below if fail is None else fail))


def _deadline(indicator, scale, s: Scored):
    if s.days_late is None:
        return b.num(scale.below)
    steps = b.ceil_(b.div(s.days_late, b.num(float(indicator.step_days))))
    whens = [(b.is_null(s.days_late), b.num(scale.below)), (b.le(s.days_late, b.num(0)), b.num(scale.worth(5, 5)))]
    whens += [(b.le(steps, b.num(k)), b.num(scale.worth(5 - k, 5))) for k in range(1, 5)]
    return b.case(*whens, default=b.num(scale.below))


def _steps(indicator, scale, s: Scored):
    n = len(indicator.steps)
    whens = [(b.eq(s.steps_done, b.whole(k)), b.num(scale.worth(k, n))) for k in range(1, n + 1)]
    return b.case(*whens, default=b.num(scale.below))


def _external(indicator, scale, s: Scored):
    return b.case((b.is_null(s.value), b.num(scale.below)), default=s.value)


METHODS = {
    "levels": _levels,
    "ratio": _ratio,
    "pass_fail": _pass_fail,
    "deadline": _deadline,
    "steps": _steps,
    "external": _external,
}
