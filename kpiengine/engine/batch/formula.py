"""Formulas (SPEC §3) compiled to array operations: the checked AST of
`kpiengine.rules.formula`, walked with a node-type → handler table of its own.

Each compiled node takes the input columns (name → float64 array) and returns
``(values, bad)``: the column of results and a boolean column of the rows
where the scalar evaluator would have raised or where the result is not a
finite number (None when no row is bad). The batch engine hands bad rows to
the scalar engine, which gives the exact error; so this table only has to be
right about *which* rows are clean, and may flag a row too many.

Operations run under ``numpy.errstate(all="raise")``: the common clean column
costs one array operation per node; only a column where a division by zero,
an overflow or an invalid operation happened is computed again to find its
bad rows. `and`, `or`, `x if c else y` and chained comparisons count a bad
row only where the scalar evaluator would have evaluated that part.
"""

from __future__ import annotations

import ast

import numpy as np

from kpiengine.rules.formula import MAX_POWER, _round

__all__ = ["compile_columns"]


def either(a, b):
    """The union of two row masks, either of which may be None (no rows)."""
    if a is None:
        return b
    if b is None:
        return a
    return a | b


def _only(mask, bad):
    """`bad` restricted to the rows of `mask` (where that part is evaluated)."""
    if bad is None:
        return None
    return bad & mask


def _guarded(op, left, right, zero_divisor: bool):
    """op(left, right) in float64 (integer columns are cast inside the operation, as Python would
    never wrap around); the bad rows only computed when numpy signals a fault."""
    try:
        with np.errstate(all="raise"):
            return op(left, right, dtype=np.float64), None
    except FloatingPointError:
        with np.errstate(all="ignore"):
            out = op(left, right, dtype=np.float64)
            bad = ~np.isfinite(out)
            if zero_divisor:
                bad |= np.asarray(right) == 0
        return out, bad


def _compile_constant(node):
    value = float(int(node.value) if isinstance(node.value, bool) else node.value)
    return lambda columns: (value, None)


def _compile_name(node):
    name = node.id
    return lambda columns: (columns[name], None)


def _power(base, exponent):
    with np.errstate(all="ignore"):
        out = np.power(base, exponent, dtype=np.float64)
        bad = (np.abs(base) > MAX_POWER) | (np.abs(exponent) > MAX_POWER) | ~np.isfinite(out)
        bad |= (np.asarray(base) < 0) & (np.floor(exponent) != exponent)
        bad |= (np.asarray(base) == 0) & (np.asarray(exponent) < 0)
    return out, bad


_ARITHMETIC = {ast.Add: (np.add, False), ast.Sub: (np.subtract, False), ast.Mult: (np.multiply, False),
               ast.Div: (np.true_divide, True), ast.FloorDiv: (np.floor_divide, True), ast.Mod: (np.mod, True)}


def _compile_binop(node):
    left, right = _compile(node.left), _compile(node.right)
    if type(node.op) is ast.Pow:
        def power(columns):
            (a, bad_a), (b, bad_b) = left(columns), right(columns)
            out, bad = _power(a, b)
            return out, either(either(bad_a, bad_b), bad)
        return power
    op, divides = _ARITHMETIC[type(node.op)]

    def binop(columns):
        (a, bad_a), (b, bad_b) = left(columns), right(columns)
        out, bad = _guarded(op, a, b, divides)
        return out, either(either(bad_a, bad_b), bad)
    return binop


def _truth(values):
    return np.asarray(values) != 0


def _compile_unaryop(node):
    operand = _compile(node.operand)
    kind = type(node.op)
    if kind is ast.USub:
        return lambda columns: (lambda v: (np.negative(v[0], dtype=np.float64), v[1]))(operand(columns))
    if kind is ast.UAdd:
        return operand

    def negation(columns):
        values, bad = operand(columns)
        return (~_truth(values)).astype(np.float64), bad
    return negation


def _compile_boolop(node):
    parts = [_compile(v) for v in node.values]
    conjunction = isinstance(node.op, ast.And)

    def boolop(columns):
        result, bad = parts[0](columns)
        result = np.asarray(result, dtype=np.float64)
        # rows where the next part is evaluated: `and` goes on while truthy, `or` while falsy
        going = _truth(result) if conjunction else ~_truth(result)
        for part in parts[1:]:
            values, bad_part = part(columns)
            bad = either(bad, _only(going, bad_part))
            result = np.where(going, values, result)
            going = going & (_truth(values) if conjunction else ~_truth(values))
        return result, bad
    return boolop


_COMPARE = {ast.Eq: np.equal, ast.NotEq: np.not_equal, ast.Lt: np.less, ast.LtE: np.less_equal,
            ast.Gt: np.greater, ast.GtE: np.greater_equal}


def _compile_compare(node):
    first = _compile(node.left)
    chain = [(_COMPARE[type(op)], _compile(c)) for op, c in zip(node.ops, node.comparators, strict=True)]

    def compare(columns):
        left, bad = first(columns)
        holds = None
        for op, part in chain:
            right, bad_part = part(columns)
            bad = either(bad, bad_part if holds is None else _only(holds, bad_part))
            test = op(left, right)
            holds = test if holds is None else holds & test
            left = right
        return np.asarray(holds, dtype=np.float64), bad
    return compare


def _compile_ifexp(node):
    test, body, orelse = _compile(node.test), _compile(node.body), _compile(node.orelse)

    def ifexp(columns):
        condition, bad = test(columns)
        chosen = _truth(condition)
        (yes, bad_yes), (no, bad_no) = body(columns), orelse(columns)
        if bad_yes is not None or bad_no is not None:
            yes_bad = bad_yes if bad_yes is not None else False
            no_bad = bad_no if bad_no is not None else False
            bad = either(bad, np.where(chosen, yes_bad, no_bad))
        return np.where(chosen, yes, no), bad
    return ifexp


def _reduce(function):
    def reduce(*values):
        out = values[0]
        for value in values[1:]:
            out = function(out, value)
        return out
    return reduce


_scalar_round = np.frompyfunc(lambda value, digits: _safe_round(value, digits), 2, 1)


def _safe_round(value, digits):
    try:
        return _round(float(value), float(digits))
    except (OverflowError, ValueError, TypeError):
        return np.nan


def _round_columns(value, digits=0.0):
    """``round`` rounds half up like the reports: the scalar rounding, cell by cell (it is rare in formulas)."""
    value = np.asarray(value, dtype=np.float64)
    digits = np.asarray(digits, dtype=np.float64)
    out = np.asarray(_scalar_round(value, digits), dtype=np.float64)
    return out, np.isnan(out)


def _compile_call(node):
    name = node.func.id
    args = [_compile(a) for a in node.args]

    def call(columns):
        evaluated = [a(columns) for a in args]
        bad = None
        for _, bad_arg in evaluated:
            bad = either(bad, bad_arg)
        values = [v for v, _ in evaluated]
        if name == "round":
            out, bad_round = _round_columns(*values)
            return out, either(bad, bad_round)
        if name == "abs":
            return np.abs(values[0]), bad
        return _reduce(np.minimum if name == "min" else np.maximum)(*values), bad
    return call


_COMPILERS = {
    ast.Constant: _compile_constant, ast.Name: _compile_name, ast.BinOp: _compile_binop,
    ast.UnaryOp: _compile_unaryop, ast.BoolOp: _compile_boolop, ast.Compare: _compile_compare,
    ast.IfExp: _compile_ifexp, ast.Call: _compile_call,
}


def _compile(node):
    return _COMPILERS[type(node)](node)


def compile_columns(formula):
    """The checked `formula` (a `kpiengine.rules.formula.Formula`) as a function of columns.

    ``run(columns, n) -> (values, bad)``: float64 values for n rows and the
    boolean column of rows the scalar engine must evaluate instead.
    """
    body = _compile(formula.tree.value)

    def run(columns: dict, n: int):
        values, bad = body(columns)
        values = np.asarray(values, dtype=np.float64)
        if values.ndim == 0:
            values = np.full(n, float(values))
        finite = np.isfinite(values)
        if not finite.all():
            bad = either(bad, ~finite)
        if bad is not None:
            bad = np.asarray(bad, dtype=bool)
            if bad.ndim == 0:
                bad = np.full(n, bool(bad))
        return values, bad
    return run
