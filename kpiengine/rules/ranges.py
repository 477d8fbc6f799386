"""Static range analysis of formulas: interval arithmetic over the formula AST.

From the inputs' declared domains — a ``count`` is ≥ 0, a ``boolean`` is 0 or
1, ``min``/``max`` are numbers or other inputs' names; nothing else is bounded
(a percent may exceed 100, SPEC §2) — each node gets an interval [lo, hi]
that holds every value it can take. Handlers are a table over the same `ast`
nodes as the allow-list of `rules.formula` (simpleeval's pattern): one small
function per node type, pure, no state between calls.

Plain interval arithmetic forgets that two inputs are related; three declared
relations are kept because formulas of plans lean on them:

- ``part / whole`` (times a constant) lies in [0, 1] when ``whole`` is a sum of
  terms ≥ 0 of which one is ``part`` itself or declared ≥ it (``part: {max: total}``
  over ``total + late``);
- ``whole - part`` with ``part ≤ whole`` is ≥ 0 (and can be 0: a divisor);
- the test of ``x if c else y`` narrows a name in each branch (``n > 0``,
  ``n >= 1``, ``n != 0``…), so a guarded division is not reported.

What it finds (the lint checks FM09–FM12 report them): divisors whose range
holds 0, fractional powers whose base can be negative, and each formula's
value range, which the checks compare with the unit, the target and levels.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass, field

from kpiengine.core.numbers import format_number

INF = math.inf
EVERYTHING = (-INF, INF)
TINY = math.nextafter(0.0, 1.0)  # the least positive float: bounds of "> 0"


@dataclass(frozen=True)
class Finding:
    kind: str  # "divisor-zero" | "negative-base"
    node: ast.AST  # the divisor, or the power's base
    range: tuple


@dataclass
class Analysis:
    value: tuple  # (lo, hi) of the whole formula
    findings: list = field(default_factory=list)


@dataclass
class _Env:
    bounds: dict  # name → (lo, hi)
    below: set  # (small, big): small ≤ big declared
    nonzero: frozenset = frozenset()
    findings: list = field(default_factory=list)

    def narrowed(self, name: str, bounds: tuple, nonzero: bool = False) -> _Env:
        lo, hi = self.bounds.get(name, EVERYTHING)
        new = (max(lo, bounds[0]), min(hi, bounds[1]))
        return _Env({**self.bounds, name: new}, self.below,
                    self.nonzero | {name} if nonzero else self.nonzero, self.findings)


# ---- bounds of the inputs -------------------------------------------------------------------------------

def _number(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def unresolved_bounds(spec) -> list[str]:
    """Inputs whose min/max is neither a number nor another input's name (RF09 reports them)."""
    inputs = spec.inputs or {}
    return [name for name, item in inputs.items() for key in ("min", "max")
            if getattr(item, key) is not None and _number(getattr(item, key)) is None
            and getattr(item, key) not in inputs]


def input_bounds(spec) -> tuple[dict, set]:
    """name → (lo, hi) from types and min/max, and the declared (small, big) relations between inputs."""
    inputs = spec.inputs or {}
    bounds = {}
    for name, item in inputs.items():
        lo, hi = {"count": (0.0, INF), "boolean": (0.0, 1.0)}.get(item.type, EVERYTHING)
        bounds[name] = (lo, hi)
    if spec.unit == "milestone":
        bounds["progress"] = (0.0, 100.0)
    below = set()
    for name, item in inputs.items():
        for key in ("min", "max"):
            bound = getattr(item, key)
            if bound is None:
                continue
            if isinstance(bound, str) and bound in inputs:
                below.add((bound, name) if key == "min" else (name, bound))
            else:
                number = _number(bound)
                if number is not None:
                    lo, hi = bounds[name]
                    bounds[name] = (max(lo, number), hi) if key == "min" else (lo, min(hi, number))
    for _ in range(len(inputs) + 1):  # x ≤ y: hi(x) ≤ hi(y) and lo(y) ≥ lo(x), until nothing moves
        moved = False
        for small, big in below:
            (slo, shi), (blo, bhi) = bounds[small], bounds[big]
            new_small, new_big = (slo, min(shi, bhi)), (max(blo, slo), bhi)
            if new_small != bounds[small] or new_big != bounds[big]:
                bounds[small], bounds[big], moved = new_small, new_big, True
        if not moved:
            break
    return bounds, below


# ---- interval arithmetic ---------------------------------------------------------------------------------

def _hull(*ranges) -> tuple:
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


def _product(a: float, b: float) -> float:
    return 0.0 if a == 0 or b == 0 else a * b  # 0 · ∞ = 0 here: a bound, not a value


def _mul(a, b) -> tuple:
    corners = [_product(x, y) for x in a for y in b]
    return min(corners), max(corners)


def _add(a, b) -> tuple:
    lo = a[0] + b[0] if not (a[0] == -INF and b[0] == INF) and not (a[0] == INF and b[0] == -INF) else -INF
    hi = a[1] + b[1] if not (a[1] == INF and b[1] == -INF) and not (a[1] == -INF and b[1] == INF) else INF
    return (-INF if math.isnan(lo) else lo), (INF if math.isnan(hi) else hi)


def _neg(a) -> tuple:
    return -a[1], -a[0]


def _quotient(x: float, y: float) -> float:
    if y == 0:
        return 0.0 if x == 0 else math.copysign(INF, x) * math.copysign(1.0, y)
    if math.isinf(x) and math.isinf(y):
        return math.copysign(INF, x) * math.copysign(1.0, y)
    return x / y


def _div(a, b) -> tuple:
    lo, hi = b
    if lo < 0 < hi:
        return EVERYTHING
    if lo == 0 and hi == 0:
        return EVERYTHING
    divisors = (TINY if lo == 0 else lo, hi) if lo >= 0 else (lo, -TINY if hi == 0 else hi)
    corners = [_quotient(x, y) for x in a for y in divisors]
    return min(corners), max(corners)


def _contains_zero(r) -> bool:
    return r[0] <= 0 <= r[1]


def _integer_point(r) -> bool:
    return r[0] == r[1] and math.isfinite(r[0]) and float(r[0]).is_integer()


def _power(base, exponent) -> tuple:
    if _integer_point(exponent):
        n = int(exponent[0])
        if n == 0:
            return 1.0, 1.0
        if n < 0:
            return EVERYTHING if _contains_zero(base) or base[0] < 0 else _pow_corners(base, exponent)
        corners = [_safe_pow(x, n) for x in base]
        if n % 2 == 0 and _contains_zero(base):
            return 0.0, max(corners)
        return min(corners), max(corners)
    if base[0] < 0:
        return EVERYTHING
    return _pow_corners(base, exponent)


def _safe_pow(x: float, y: float) -> float:
    try:
        result = x ** y
    except OverflowError:
        return INF
    except ZeroDivisionError:
        return INF
    return INF if isinstance(result, complex) else result


def _pow_corners(base, exponent) -> tuple:
    corners = [_safe_pow(x, y) for x in base for y in exponent]
    corners = [c for c in corners if not math.isnan(c)] or [0.0, INF]
    return min(corners), max(corners)


# ---- the node table --------------------------------------------------------------------------------------

def _constant(node, env) -> tuple:
    value = node.value
    if isinstance(value, bool):
        value = 1.0 if value else 0.0
    return (float(value), float(value)) if isinstance(value, (int, float)) else EVERYTHING


def _name(node, env) -> tuple:
    return env.bounds.get(node.id, EVERYTHING)


def _factor_of(node):
    """(constant c > 0, name N) when `node` is N, N * c or c * N."""
    if isinstance(node, ast.Name):
        return 1.0, node.id
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        for constant, other in ((node.left, node.right), (node.right, node.left)):
            if isinstance(constant, ast.Constant) and isinstance(other, ast.Name) \
                    and isinstance(constant.value, (int, float)) and not isinstance(constant.value, bool) \
                    and constant.value > 0:
                return float(constant.value), other.id
    return None


def _terms(node) -> list | None:
    """The names of a sum of names (a + b + c), or None."""
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)) \
            and isinstance(node.right, ast.Constant) and node.right.value == 0:
        return _terms(node.left)  # whole ± 0
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _terms(node.left), _terms(node.right)
        return left + right if left is not None and right is not None else None
    return None


def _share(node, env) -> tuple | None:
    """The range of part / whole (times c) when a declared relation bounds it to [0, c]."""
    factor = _factor_of(node.left)
    terms = _terms(node.right)
    if factor is None or terms is None:
        return None
    c, part = factor
    if env.bounds.get(part, EVERYTHING)[0] < 0:
        return None
    # the whole is at least the part: it holds the part, or a term declared ≥ part, and nothing negative
    whole_ok = all(env.bounds.get(t, EVERYTHING)[0] >= 0 for t in terms) and \
        any(t == part or (part, t) in env.below for t in terms)
    return (0.0, c) if whole_ok else None


def _difference(node, env) -> tuple | None:
    """big - small ≥ 0 when small ≤ big is declared."""
    if isinstance(node.left, ast.Name) and isinstance(node.right, ast.Name):
        if node.left.id == node.right.id:
            return 0.0, 0.0
        if (node.right.id, node.left.id) in env.below:
            plain = _add(_name(node.left, env), _neg(_name(node.right, env)))
            return max(0.0, plain[0]), max(0.0, plain[1])
    return None


def _binop(node, env) -> tuple:
    left, right = visit(node.left, env), visit(node.right, env)
    op = type(node.op)
    if op is ast.Add:
        return _add(left, right)
    if op is ast.Sub:
        return _difference(node, env) or _add(left, _neg(right))
    if op is ast.Mult:
        return _mul(left, right)
    if op in (ast.Div, ast.FloorDiv, ast.Mod):
        guarded = isinstance(node.right, ast.Name) and node.right.id in env.nonzero
        if _contains_zero(right) and not guarded and not (right[0] == right[1] == 0):
            env.findings.append(Finding("divisor-zero", node.right, right))  # a constant 0 is FM05's
        if guarded:
            right = (TINY, right[1]) if right[0] >= 0 else (right[0], -TINY) if right[1] <= 0 else right
        if op is ast.Mod:
            if right[0] > 0:
                return 0.0, right[1]
            return (right[0], 0.0) if right[1] < 0 else EVERYTHING
        value = _share(node, env) if op is ast.Div else None
        value = value or _div(left, right)
        return (math.floor(value[0]) if math.isfinite(value[0]) else value[0],
                math.floor(value[1]) if math.isfinite(value[1]) else value[1]) if op is ast.FloorDiv else value
    if op is ast.Pow:
        if left[0] < 0 and not _integer_point(right):
            env.findings.append(Finding("negative-base", node.left, left))
        return _power(left, right)
    return EVERYTHING


def _unary(node, env) -> tuple:
    operand = visit(node.operand, env)
    if isinstance(node.op, ast.USub):
        return _neg(operand)
    if isinstance(node.op, ast.Not):
        return 0.0, 1.0
    return operand


def _boolop(node, env) -> tuple:
    return _hull((0.0, 1.0), *(visit(value, env) for value in node.values))


def _compare(node, env) -> tuple:
    visit(node.left, env)
    for comparator in node.comparators:
        visit(comparator, env)
    return 0.0, 1.0


_NARROW = {  # op → (bounds of the name when `name op c` holds, nonzero)
    ast.Gt: lambda c: ((math.nextafter(c, INF), INF), c >= 0),
    ast.GtE: lambda c: ((c, INF), c > 0),
    ast.Lt: lambda c: ((-INF, math.nextafter(c, -INF)), c <= 0),
    ast.LtE: lambda c: ((-INF, c), c < 0),
    ast.NotEq: lambda c: (EVERYTHING, c == 0),
}
_MIRROR = {ast.Gt: ast.Lt, ast.GtE: ast.LtE, ast.Lt: ast.Gt, ast.LtE: ast.GtE, ast.NotEq: ast.NotEq}
_NEGATE = {ast.Gt: ast.LtE, ast.GtE: ast.Lt, ast.Lt: ast.GtE, ast.LtE: ast.Gt, ast.Eq: ast.NotEq}


def _narrow(test, env, holds: bool) -> _Env:
    """`env` where `test` is true (or false): `name op constant` tests, and `and` of them when true."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) and holds:
        for value in test.values:
            env = _narrow(value, env, True)
        return env
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return env
    left, op, right = test.left, type(test.ops[0]), test.comparators[0]
    if isinstance(left, ast.Constant) and isinstance(right, ast.Name):
        left, right, op = right, left, _MIRROR.get(op)
    if not (isinstance(left, ast.Name) and isinstance(right, ast.Constant) and op is not None):
        return env
    c = _number(right.value)
    if c is None:
        return env
    if not holds:
        op = _NEGATE.get(op)
    if op is ast.Eq:
        return env.narrowed(left.id, (c, c), c != 0)
    if op not in _NARROW:
        return env
    bounds, nonzero = _NARROW[op](c)
    return env.narrowed(left.id, bounds, nonzero)


def _ifexp(node, env) -> tuple:
    visit(node.test, env)
    return _hull(visit(node.body, _narrow(node.test, env, True)), visit(node.orelse, _narrow(node.test, env, False)))


def _call(node, env) -> tuple:
    args = [visit(arg, env) for arg in node.args]
    name = node.func.id if isinstance(node.func, ast.Name) else ""
    if not args:
        return EVERYTHING
    if name == "min":
        return min(a[0] for a in args), min(a[1] for a in args)
    if name == "max":
        return max(a[0] for a in args), max(a[1] for a in args)
    if name == "abs":
        lo, hi = args[0]
        return (lo, hi) if lo >= 0 else (-hi, -lo) if hi <= 0 else (0.0, max(-lo, hi))
    if name == "round":
        digits = args[1][0] if len(args) > 1 and _integer_point(args[1]) else 0
        half = 0.5 * 10.0 ** -digits if -15 <= digits <= 15 else 0.5
        return args[0][0] - half, args[0][1] + half
    return EVERYTHING


HANDLERS = {
    ast.Constant: _constant, ast.Name: _name, ast.BinOp: _binop, ast.UnaryOp: _unary, ast.BoolOp: _boolop,
    ast.Compare: _compare, ast.IfExp: _ifexp, ast.Call: _call,
}


def visit(node, env: _Env) -> tuple:
    handler = HANDLERS.get(type(node))
    return handler(node, env) if handler else EVERYTHING


def analyse(formula, spec) -> Analysis:
    """The value range of a compiled `formula` of the indicator `spec`, and what may go wrong inside it."""
    bounds, below = input_bounds(spec)
    env = _Env(bounds, below)
    tree = formula.tree.value if isinstance(formula.tree, ast.Expr) else formula.tree
    try:
        value = visit(tree, env)
    except RecursionError:
        return Analysis(EVERYTHING)
    return Analysis(value, env.findings)


def value_range(indicator) -> tuple | None:
    """The range of an indicator's value: its formula's, or its one numeric input's; None for dates."""
    spec = indicator.spec
    if indicator.formula is not None:
        return analyse(indicator.formula, spec).value
    numeric = [name for name, item in (spec.inputs or {}).items() if item.type != "date"]
    if len(spec.inputs or {}) == 1 and len(numeric) == 1:
        return input_bounds(spec)[0][numeric[0]]
    if spec.unit == "milestone" and not spec.inputs:
        return 0.0, 100.0
    return None


def show(bounds: tuple) -> str:
    """[lo, hi] for messages, with ∞ and numbers as people write them."""
    def one(x):
        return "∞" if x == INF else "−∞" if x == -INF else format_number(x, 4)
    return f"[{one(bounds[0])}, {one(bounds[1])}]"
