"""A formula that mixes kinds of quantity, as far as static reasoning tells:
adding or comparing money with a count, a percent with a count; or giving a
value of another kind than the indicator's unit (a currency indicator whose
formula yields a count). A quotient of two like quantities (currency /
currency) is a plain number, fine for a percent or a ratio; so is anything
times a constant.

Failing::

    unit: currency
    inputs:
      spent: {type: currency}
      staff: {type: count}
    formula: spent + staff

Passing::

    unit: percent
    inputs:
      spent: {type: currency}
      budget: {type: currency, min: 1}
    formula: spent / budget * 100
"""

import ast

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity

CODE = Code("FM08", "formula.unit-kinds", Severity.WARNING, "formula mixes kinds of quantity", __doc__)


_KIND_OF_TYPE = {"count": "count", "currency": "currency", "percent": "percent", "number": None, "boolean": None}
_KIND_OF_UNIT = {"count": "count", "currency": "currency", "percent": "percent", "milestone": "percent"}


class _Mix(Exception):
    def __init__(self, a, b, what):
        super().__init__(f"{what} {a} and {b}")


def _join(a, b, what):
    if a and b and a != b:
        raise _Mix(a, b, what)
    return a or b


def kind_of(node, kinds: dict):
    """The kind of quantity an expression gives: count, currency, percent, or None (a plain number)."""
    if isinstance(node, ast.Name):
        return kinds.get(node.id)
    if isinstance(node, ast.Constant):
        return None
    if isinstance(node, ast.UnaryOp):
        return None if isinstance(node.op, ast.Not) else kind_of(node.operand, kinds)
    if isinstance(node, ast.BinOp):
        left, right = kind_of(node.left, kinds), kind_of(node.right, kinds)
        if isinstance(node.op, (ast.Add, ast.Sub, ast.Mod)):
            return _join(left, right, "adds")
        if isinstance(node.op, ast.Mult):
            return left if right is None else right if left is None else None
        if isinstance(node.op, (ast.Div, ast.FloorDiv)):
            return left if right is None else None
        return None
    if isinstance(node, ast.Compare):
        current = kind_of(node.left, kinds)
        for comparator in node.comparators:
            other = kind_of(comparator, kinds)
            _join(current, other, "compares")
        return None
    if isinstance(node, ast.BoolOp):
        for value in node.values:
            kind_of(value, kinds)
        return None
    if isinstance(node, ast.IfExp):
        kind_of(node.test, kinds)
        return _join(kind_of(node.body, kinds), kind_of(node.orelse, kinds), "chooses between")
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        result = None
        for arg in node.args[:1] if node.func.id == "round" else node.args:
            result = _join(result, kind_of(arg, kinds), f"takes {node.func.id} of")
        return result
    return None


def check(ruleset):
    for ind in ruleset.indicators.values():
        if ind.formula is None:
            continue
        kinds = {n: _KIND_OF_TYPE.get(i.type) for n, i in ind.inputs.items()}
        kinds.update({"progress": "percent", "days_late": None})
        try:
            result = kind_of(ind.formula.tree.value, kinds)
        except _Mix as mix:
            yield (f"formula of '{ind.id}' {mix} ('{ind.formula.text}')",
                   ind.where("formula", value=True))
            continue
        expected = _KIND_OF_UNIT.get(ind.unit)
        if result and expected and result != expected:
            yield (f"formula of '{ind.id}' gives a {result}, but the unit is {ind.unit}",
                   ind.where("formula", value=True))
