"""A ``percent`` indicator whose formula, over the inputs' declared bounds, can
give a value outside 0–100 while its target and levels lie within 0–100: a
missing ``max`` (``done: {type: count}`` over ``staff`` lets 125 % be scored
as achieved). Declare the bound that the printed plan means (``max: staff``).

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
from kpiengine.rules.ranges import INF, show

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


def check(ruleset):
    for indicator, analysis in analysed(ruleset):
        if indicator.spec.unit != "percent":
            continue
        points = assumed_points(indicator)
        if not points or not all(0 <= p <= 100 for p in points):
            continue
        lo, hi = analysis.value
        if (lo >= 0 and hi <= 100) or (lo == -INF and hi == INF):
            continue  # within 0–100, or no input bounded at all: the author declared no domain to judge
        side = "above 100" if hi > 100 else "below 0"
        yield (f"percent value of '{indicator.id}' can be {side} (range {show(analysis.value)}) while its "
               f"target and levels lie in 0–100{_hint(root(indicator))}", node_location(indicator, root(indicator)))
