"""A ``percent`` indicator whose formula, over the inputs' declared bounds, can
give a value outside 0–100 while its target and levels lie within 0–100: a
missing ``max`` (``done: {type: count}`` over ``staff`` lets 125 % be scored
as achieved). Declare the bound that the printed plan means (``max: staff``).
Without a formula the value is the one input: ``{type: percent, min: 0}``
without ``max: 100`` is reported at the input.

Failing::

    unit: percent
    inputs:
      trained: {type: count}
      staff: {type: count, min: 1}
    formula: trained * 100 / staff
    target: ">= 80"

Passing::

    unit: percent
    inputs:
      trained: {type: count, max: staff}
      staff: {type: count, min: 1}
    formula: trained * 100 / staff
    target: ">= 80"
"""

import ast

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity
from kpiengine.lint.formula_ranges import analysed, node_location, root
from kpiengine.rules.ranges import INF, show, unresolved_bounds, value_range

CODE = Code("FM10", "formula.percent-out-of-range", Severity.WARNING,
            "a percent value can leave 0–100 while its target and levels assume 0–100", __doc__)


def assumed_points(indicator) -> list[float]:
    """The numbers of the target and levels: what the scoring compares the value with."""
    points = list(indicator.levels or [])
    if indicator.target is not None and isinstance(indicator.target.value, (int, float)):
        points.append(float(indicator.target.value))
    return points


def _hint(tree) -> str:
    """For part * 100 / whole (or part / whole * 100): the bound to declare."""
    node = tree
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult) and isinstance(node.left, ast.BinOp):
        node = node.left
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and isinstance(node.right, ast.Name):
        left = node.left
        if isinstance(left, ast.BinOp) and isinstance(left.op, ast.Mult):
            left = left.left if isinstance(left.left, ast.Name) else left.right
        if isinstance(left, ast.Name):
            return f": declare 'max: {node.right.id}' on input '{left.id}'"
    return ": declare the inputs' bounds (min/max)"


def _leaves(indicator, value_range) -> str | None:
    """'above 100' / 'below 0' when the value can leave 0–100 that the target and levels assume, else None."""
    if indicator.spec.unit != "percent":
        return None
    points = assumed_points(indicator)
    if not points or not all(0 <= p <= 100 for p in points):
        return None
    lo, hi = value_range
    if (lo >= 0 and hi <= 100) or (lo == -INF and hi == INF):
        return None  # within 0–100, or nothing bounded at all: the author declared no domain to judge
    return "above 100" if hi > 100 else "below 0"


def check(ruleset):
    for indicator, analysis in analysed(ruleset):
        side = _leaves(indicator, analysis.value)
        if side:
            yield (f"percent value of '{indicator.id}' can be {side} (range {show(analysis.value)}) while its "
                   f"target and levels lie in 0–100{_hint(root(indicator))}", node_location(indicator, root(indicator)))
    for indicator in ruleset.indicators.values():  # without a formula the value is the one input
        numeric = [name for name, item in indicator.inputs.items() if item.type != "date"]
        if indicator.spec.formula is not None or len(indicator.inputs) != 1 or len(numeric) != 1 \
                or unresolved_bounds(indicator.spec):
            continue
        value = value_range(indicator)
        side = _leaves(indicator, value) if value is not None else None
        if side == "above 100":  # an input only capped above (max: 100, no min) is left alone: it is typed in
            yield (f"percent value of '{indicator.id}' can be above 100 (input '{numeric[0]}' ranges over "
                   f"{show(value)}) while its target and levels lie in 0–100: declare 'max: 100' on it",
                   indicator.where("inputs", numeric[0]))
