"""The formula's value range, from the inputs' declared bounds, cannot reach
the target or the first level: the indicator can never be achieved, or never
score above ``below_first_level`` — usually a formula that runs the wrong way
or a bound (``max: 1``) written for a percent.

Failing::

    unit: percent
    inputs:
      rate: {type: number, min: 0, max: 1}
    formula: rate
    target: ">= 80"

Passing::

    unit: percent
    inputs:
      rate: {type: number, min: 0, max: 1}
    formula: rate * 100
    target: ">= 80"
"""

from kpiengine.core.codes import Code
from kpiengine.core.numbers import format_number
from kpiengine.core.problems import Severity
from kpiengine.lint.formula_ranges import analysed, node_location, root
from kpiengine.rules.ranges import show

CODE = Code("FM12", "formula.unreachable-target", Severity.WARNING,
            "the value range cannot reach the target or the first level", __doc__)


def _reaches(value_range, op: str, bound: float) -> bool:
    lo, hi = value_range
    return {">=": hi >= bound, ">": hi > bound, "<=": lo <= bound, "<": lo < bound,
            "==": lo <= bound <= hi}.get(op, True)


def check(ruleset):
    for indicator, analysis in analysed(ruleset):
        if indicator.spec.unit in ("date", "milestone", "score"):
            continue
        misses = []
        target = indicator.target
        if target is not None and isinstance(target.value, (int, float)) and \
                not _reaches(analysis.value, target.op, float(target.value)):
            misses.append(f"the target '{target.op} {format_number(target.value)}'")
        if indicator.method == "levels" and indicator.levels:
            op = ">=" if indicator.spec.direction != "lower" else "<="
            if not _reaches(analysis.value, op, indicator.levels[0]):
                misses.append(f"the first level ({format_number(indicator.levels[0])})")
        if misses:
            yield (f"value of '{indicator.id}' ranges over {show(analysis.value)} and cannot reach "
                   f"{' or '.join(misses)}", node_location(indicator, root(indicator)))
