"""Formulas to SQL: a node-type → handler table over exactly the nodes `kpiengine.rules.formula`
allows (Constant, Name, BinOp, UnaryOp, BoolOp, Compare, IfExp, Call of min/max/abs/round).

Inside a formula every value is a DOUBLE and NULL means "Python raised here" (all names are known
not to be NULL when the formula runs; a NULL name makes the whole value NULL without an error, as
in `Formula.evaluate`). So NULL propagates like the exception: an operand that failed makes its
operator fail, and a branch Python never evaluates (`x if c else y`, `and`, `or`, chained
comparisons) never contributes its failure. Python's semantics are spelt out:

- ``/``, ``//`` and ``%`` by zero fail (guarded, so Spark's ANSI mode never aborts the query);
- ``//`` and ``%`` floor like Python (CPython's float algorithm on top of the exact SQL fmod);
- ``**`` fails beyond simpleeval's MAX_POWER, for 0 to a negative power, for a negative base under
  a fractional power and on overflow; float overflow elsewhere gives infinity, as in Python, and
  the caller refuses a non-finite result;
- comparisons, ``not``, ``and``, ``or`` give 1.0 / 0.0 (bools are numbers in Python arithmetic);
- ``round`` rounds half up on the shortest decimal form of the double, as `round_half_up`.

Each operator node becomes a column of the stage after its deepest operand (`Stages.put`), so a
node that uses an operand several times copies a column name, never an expression.
"""

from __future__ import annotations

import ast

import simpleeval
from sqlglot import exp

from kpiengine.core.errors import KpiError
from kpiengine.engine.sql import build as b

MAX_POWER = float(simpleeval.MAX_POWER)
ROUND_DIGITS = 15


class SqlCompileError(KpiError):
    """A rule the SQL compiler cannot express exactly; names the indicator and the formula."""


def _truthy(v):
    return b.ne(v, b.num(0))


def _fails_if_null(*operands):
    return b.or_(*[b.is_null(o) for o in operands])


# --- binary operators ---------------------------------------------------------------------------------


def _mod(a, c):
    """SQL's % on doubles: C's fmod (the sign of the dividend), NULL for a zero divisor."""
    return exp.Mod(this=b.paren(a), expression=exp.Nullif(this=b.paren(c), expression=b.num(0)))


def _python_mod(a, c):
    """Python's float %: fmod, moved into the divisor's sign when it has the other one."""
    r = _mod(a, c)
    wrong_sign = b.and_(b.ne(r, b.num(0)), b.ne(b.lt(r, b.num(0)), b.lt(c, b.num(0))))
    return b.case((wrong_sign, b.add(r, c)), default=r)


def _floor_div(a, c):
    """CPython's float_floor_div: div = (a - fmod(a, c)) / c, one lower when fmod had the wrong
    sign, then floored and snapped to the nearest whole number."""
    m = _mod(a, c)
    wrong_sign = b.and_(b.ne(m, b.num(0)), b.ne(b.lt(m, b.num(0)), b.lt(c, b.num(0))))
    quotient = b.safe_div(b.sub(a, m), c)
    div = b.sub(quotient, b.case((wrong_sign, b.num(1)), default=b.num(0)))
    low = b.floor_(div)
    return b.case((b.is_null(div), b.NULL), (b.gt(b.sub(div, low), b.num(0.5)), b.add(low, b.num(1))), default=low)


def _power(a, c):
    allowed = b.and_(b.le(b.abs_(a), b.num(MAX_POWER)), b.le(b.abs_(c), b.num(MAX_POWER)),
                     b.not_(b.and_(b.eq(a, b.num(0)), b.lt(c, b.num(0)))),
                     b.not_(b.and_(b.lt(a, b.num(0)), b.ne(c, b.floor_(c)))))
    return exp.Pow(this=b.case((allowed, a)), expression=b.case((allowed, c)))


BINARY = {
    ast.Add: b.add,
    ast.Sub: b.sub,
    ast.Mult: b.mul,
    ast.Div: b.safe_div,
    ast.FloorDiv: _floor_div,
    ast.Mod: _python_mod,
    ast.Pow: _power,
}
FINITE_OR_FAIL = {ast.Pow}  # Python raises OverflowError here instead of giving infinity

COMPARE = {ast.Eq: b.eq, ast.NotEq: b.ne, ast.Lt: b.lt, ast.LtE: b.le, ast.Gt: b.gt, ast.GtE: b.ge}

UNARY = {
    ast.USub: b.neg,
    ast.UAdd: lambda a: a,
    ast.Not: lambda a: b.case((b.eq(a, b.num(0)), b.num(1)), (_truthy(a), b.num(0))),
}


# --- functions ------------------------------------------------------------------------------------------


def _min_max(builder):
    def handler(args, node, compiler):
        return b.case((_fails_if_null(*args), b.NULL), default=builder(*args))
    return handler


def _abs(args, node, compiler):
    return b.abs_(args[0])


def _half_up(x, digits: int):
    """round_half_up(x, digits) for digits ≥ 0: on the shortest decimal text of the double."""
    decimal = exp.cast(exp.cast(x, b.TEXT), exp.DataType.build("DECIMAL(38, 18)"))
    rounded = b.as_double(exp.Round(this=decimal, decimals=b.whole(digits)))
    return b.case((b.ge(b.abs_(x), b.num(b.EXACT_INTEGERS)), x), default=rounded)


def _round(args, node, compiler):
    x = args[0]
    digits = 0
    if len(node.args) > 1:
        digits = compiler.constant(node.args[1])
        if digits is None:
            raise compiler.refuse("round() with a computed number of digits cannot be compiled to SQL "
                                  "(write the digits as a number)")
        if float(digits) != int(digits) or not -ROUND_DIGITS <= int(digits) <= ROUND_DIGITS:
            return b.NULL  # Python raises for every unit: round() digits must be whole, within ±15
        digits = int(digits)
    if digits >= 0:
        rounded = _half_up(x, digits)
    else:
        scale = 10.0 ** -digits
        rounded = b.mul(_half_up(b.div(x, b.num(scale)), 0), b.num(scale))
    return b.case((b.finite(x), rounded))


CALLS = {"min": _min_max(b.least), "max": _min_max(b.greatest), "abs": _abs, "round": _round}


class FormulaCompiler:
    """Compiles one indicator's formula into columns of `stages`, starting after stage `base`."""

    def __init__(self, indicator, names: dict, stages, base: int):
        self.indicator = indicator
        self.names = names  # formula name → column expression (DOUBLE)
        self.stages = stages
        self.base = base
        self.count = 0
        self.handlers = {
            ast.Constant: self._constant, ast.Name: self._name, ast.BinOp: self._binop,
            ast.UnaryOp: self._unary, ast.BoolOp: self._boolop, ast.Compare: self._compare,
            ast.IfExp: self._ifexp, ast.Call: self._call,
        }

    def compile(self, tree) -> tuple[exp.Expression, int]:
        """(the formula's value as a column or constant, the last stage it uses)."""
        node = tree.value if isinstance(tree, ast.Expr) else tree
        return self.visit(node)

    def visit(self, node) -> tuple[exp.Expression, int]:
        handler = self.handlers.get(type(node))
        if handler is None:
            raise self.refuse(f"'{type(node).__name__}' cannot be compiled to SQL")
        return handler(node)

    def refuse(self, message: str) -> SqlCompileError:
        where = self.indicator.where("formula")
        line = f":{where.line}:{where.column}" if where.line else ""
        return SqlCompileError(f"{where.file}{line}: indicator '{self.indicator.id}': {message}")

    def _put(self, expression, operands) -> tuple[exp.Expression, int]:
        stage = max((s for _, s in operands), default=self.base) + 1
        stage = max(stage, self.base + 1)
        self.count += 1
        return self.stages.put(stage, f"{self.indicator.id}:f{self.count}", expression), stage

    def constant(self, node):
        """The number a constant node (maybe signed) stands for, else None."""
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, bool)):
            return float(node.value)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = self.constant(node.operand)
            if inner is not None:
                return -inner if isinstance(node.op, ast.USub) else inner
        return None

    def _constant(self, node):
        value = node.value
        if isinstance(value, bool):
            value = 1.0 if value else 0.0
        try:
            return b.num(float(value)), self.base
        except OverflowError:
            raise self.refuse(f"the constant {value} is too large for a double") from None

    def _name(self, node):
        return self.names[node.id], self.base

    def _binop(self, node):
        left, right = self.visit(node.left), self.visit(node.right)
        result = BINARY[type(node.op)](left[0], right[0])
        if type(node.op) in FINITE_OR_FAIL:
            value, stage = self._put(result, [left, right])
            return self._put(b.case((b.finite(value), value)), [(value, stage)])
        return self._put(result, [left, right])

    def _unary(self, node):
        operand = self.visit(node.operand)
        return self._put(UNARY[type(node.op)](operand[0]), [operand])

    def _boolop(self, node):
        values = [self.visit(v) for v in node.values]
        stop_when = (lambda v: b.eq(v, b.num(0))) if isinstance(node.op, ast.And) else _truthy
        result = values[-1][0]
        for value, _ in reversed(values[:-1]):
            result = b.case((b.is_null(value), b.NULL), (stop_when(value), value), default=result)
        return self._put(result, values)

    def _compare(self, node):
        operands = [self.visit(node.left)] + [self.visit(c) for c in node.comparators]
        result = b.num(1)
        for i in reversed(range(len(node.ops))):
            test = COMPARE[type(node.ops[i])](operands[i][0], operands[i + 1][0])
            result = b.case((_fails_if_null(operands[i][0], operands[i + 1][0]), b.NULL), (test, result),
                            default=b.num(0))
        return self._put(result, operands)

    def _ifexp(self, node):
        test, body, orelse = self.visit(node.test), self.visit(node.body), self.visit(node.orelse)
        result = b.case((b.is_null(test[0]), b.NULL), (_truthy(test[0]), body[0]), default=orelse[0])
        return self._put(result, [test, body, orelse])

    def _call(self, node):
        name = node.func.id
        args = [self.visit(a) for a in node.args]
        if name == "round":
            args = args[:1]
        return self._put(CALLS[name]([a for a, _ in args], node, self), args)
