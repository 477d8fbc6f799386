"""A division (``/``, ``//``, ``%``) by something that is zero whatever the
evidence says, such as ``x / 0`` or ``x / (5 - 5)``.

Failing::

    formula: satisfied * 100 / (respondents - respondents)

Passing::

    formula: satisfied * 100 / respondents
"""

import ast

from kpiengine.core.codes import Code
from kpiengine.core.errors import EvaluationError
from kpiengine.core.problems import Severity
from kpiengine.rules.formula import compile_formula

CODE = Code("FM05", "formula.constant-division-by-zero", Severity.ERROR, "division by a constant zero", __doc__)


def check(ruleset):
    for ind in ruleset.indicators.values():
        if ind.formula is None:
            continue
        for node in ast.walk(ind.formula.tree):
            if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Div, ast.FloorDiv, ast.Mod)):
                value = constant_value(node.right)
                if value is not None and value == 0:
                    yield (f"division by zero: '{ast.unparse(node.right)}' is always 0 "
                           f"in '{ind.formula.text}'",
                           ind.where("formula", value=True))


def constant_value(node):
    """The value of an expression without names, or None (x - x counts as 0)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub) and \
            isinstance(node.left, ast.Name) and isinstance(node.right, ast.Name) and node.left.id == node.right.id:
        return 0.0
    if any(isinstance(n, ast.Name) for n in ast.walk(node)):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
            left, right = constant_value(node.left), constant_value(node.right)
            if left == 0 or right == 0:
                return 0.0
        return None
    formula, _ = compile_formula(ast.unparse(node), {})
    if formula is None:
        return None
    try:
        return formula.evaluate({})
    except EvaluationError:  # a fault of its own (e.g. 1/0 inside) is reported where it stands
        return None
