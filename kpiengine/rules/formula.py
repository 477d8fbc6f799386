"""Formulas (SPEC §3): one expression, checked against an allow-list at load,
compiled once into a reentrant evaluator.

The language: numbers, ``+ - * / // % **``, comparisons, ``and or not``,
``x if c else y`` and the functions ``min max abs round``. Names are the
indicator's inputs (plus ``progress`` for milestone indicators and
``days_late`` for deadline indicators). Anything else — assignment, several
expressions, attributes, subscripts, comprehensions, lambdas, strings, other
calls, unknown names — is refused when the rule set loads, with the column.

Two tables over the same node types, as simpleeval keeps its allow-list as
data: `_CHECKS` judges each node at load (node type → checker), `_COMPILERS`
turns each node into a closure that takes the inputs as its argument (node
type → compiler). The compiled tree holds no state that changes per call, so
one `Formula` may be evaluated from many threads at once. The batch and SQL
backends compile the same checked tree with their own tables.

At evaluation whole numbers stay exact integers and ``/`` is correctly
rounded (33 * 100 / 50 is exactly 66); ``**`` works in floats with base and
exponent bounded by `MAX_POWER` (simpleeval's bound), so a power cannot run
away; division by zero, overflow, a complex result or a wrong type become an
`EvaluationError` that names the inputs.
"""

from __future__ import annotations

import ast
import copy
import math
import operator

from kpiengine.core.errors import EvaluationError
from kpiengine.core.numbers import format_number, round_half_up
from kpiengine.core.problems import Location, Problem
from kpiengine.core.suggest import did_you_mean
from kpiengine.rules.codes import FM01, FM02, FM03, FM06

MAX_FORMULA_LENGTH = 2000
MAX_POWER = 4_000_000  # simpleeval's MAX_POWER: the largest base and exponent of **
FUNCTIONS = ("min", "max", "abs", "round")

def _issue(code, message: str, line: int = 1, column: int = 1) -> Problem:
    """A fault at a 1-based line and column inside the formula text (the loader maps it to the file)."""
    return code.problem(message, Location("", line, column))


# --- the allow-list ------------------------------------------------------------------------------------

_BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
           ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod}  # ast.Pow: see _power
_UNARY = {ast.UAdd: operator.pos, ast.USub: operator.neg, ast.Not: lambda x: 1 if not x else 0}
_COMPARE = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
            ast.Gt: operator.gt, ast.GtE: operator.ge}
_ARITY = {"min": (2, None), "max": (2, None), "abs": (1, 1), "round": (1, 2)}

_REFUSED = {
    ast.Attribute: "attributes are not allowed",
    ast.Subscript: "subscripts are not allowed",
    ast.Lambda: "lambdas are not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.NamedExpr: "assignment is not allowed",
    ast.Starred: "starred arguments are not allowed",
    ast.JoinedStr: "strings are not allowed",
    ast.List: "lists are not allowed",
    ast.Tuple: "tuples are not allowed",
    ast.Dict: "mappings are not allowed",
    ast.Set: "sets are not allowed",
    ast.Await: "await is not allowed",
    ast.Yield: "yield is not allowed",
    ast.YieldFrom: "yield is not allowed",
    ast.Slice: "slices are not allowed",
}


class _Checker:
    """One walk over the expression: records every construct outside the allow-list."""

    def __init__(self, names: dict[str, str], at):
        self.names, self.at = names, at
        self.used: set[str] = set()
        self.issues: list[Problem] = []

    def fault(self, code: str, message: str, node) -> None:
        self.issues.append(_issue(code, message, *self.at(node)))

    def visit(self, node) -> None:
        handler = _CHECKS.get(type(node))
        if handler is None:
            kind = type(node)
            self.fault(FM02, _REFUSED.get(kind, f"'{kind.__name__}' is not allowed in a formula"), node)
            return
        handler(self, node)

    def constant(self, node) -> None:
        value = node.value
        if isinstance(value, bool) or (isinstance(value, (int, float)) and not isinstance(value, complex)):
            return  # True / False are allowed as 1 / 0
        if isinstance(value, (str, bytes)):
            self.fault(FM02, "strings are not allowed", node)
        elif isinstance(value, complex):
            self.fault(FM02, "complex numbers are not allowed", node)
        else:
            self.fault(FM02, f"the constant {value!r} is not allowed", node)

    def name(self, node) -> None:
        names = self.names
        if node.id in names:
            if names[node.id] == "date input":
                self.fault(FM06, f"date input '{node.id}' cannot be used in arithmetic (use days_late)", node)
            self.used.add(node.id)
        elif node.id.startswith("_"):
            self.fault(FM02, f"name '{node.id}' is not allowed", node)
        elif node.id in FUNCTIONS:
            self.fault(FM02, f"function '{node.id}' must be called", node)
        else:
            usable_names = [n for n, what in names.items() if what != "date input"]
            hint = did_you_mean(node.id, usable_names)
            usable = ", ".join(sorted(usable_names)) or "none"
            self.fault(FM03, f"unknown name '{node.id}'{hint} (names: {usable})", node)

    def binop(self, node) -> None:
        if type(node.op) not in _BINOPS and type(node.op) is not ast.Pow:
            self.fault(FM02, f"operator '{type(node.op).__name__}' is not allowed", node)
        self.visit(node.left)
        self.visit(node.right)

    def unaryop(self, node) -> None:
        if type(node.op) not in _UNARY:
            self.fault(FM02, f"operator '{type(node.op).__name__}' is not allowed", node)
        self.visit(node.operand)

    def boolop(self, node) -> None:
        for value in node.values:
            self.visit(value)

    def compare(self, node) -> None:
        if any(type(op) not in _COMPARE for op in node.ops):
            self.fault(FM02, f"comparison '{type(node.ops[0]).__name__}' is not allowed (no 'in' or 'is')", node)
        self.visit(node.left)
        for comparator in node.comparators:
            self.visit(comparator)

    def ifexp(self, node) -> None:
        for part in (node.test, node.body, node.orelse):
            self.visit(part)

    def call(self, node) -> None:
        func = node.func
        if not isinstance(func, ast.Name):
            self.fault(FM02, "only min, max, abs and round may be called", node)
            self.visit(func)
            return
        if func.id not in _ARITY:
            hint = did_you_mean(func.id, FUNCTIONS)
            self.fault(FM02, f"function '{func.id}' is not allowed{hint} (allowed: min, max, abs, round)", node)
            return
        if node.keywords:
            self.fault(FM02, f"keyword arguments are not allowed in '{func.id}'", node)
        low, high = _ARITY[func.id]
        count = len(node.args)
        if count < low or (high is not None and count > high):
            wanted = f"{low}" if low == high else f"{low} to {high}" if high else f"at least {low}"
            self.fault(FM02, f"'{func.id}' takes {wanted} argument(s), got {count}", node)
        for arg in node.args:
            self.visit(arg)


_CHECKS = {
    ast.Constant: _Checker.constant, ast.Name: _Checker.name, ast.BinOp: _Checker.binop,
    ast.UnaryOp: _Checker.unaryop, ast.BoolOp: _Checker.boolop, ast.Compare: _Checker.compare,
    ast.IfExp: _Checker.ifexp, ast.Call: _Checker.call,
}


# --- evaluation: the checked tree compiled into closures --------------------------------------------------


class _Refused(Exception):
    """An operation refused at evaluation (e.g. a power beyond MAX_POWER)."""


def _power(base, exponent):
    if abs(base) > MAX_POWER or abs(exponent) > MAX_POWER:
        raise _Refused(f"power too large ({format_number(base)} ** {format_number(exponent)}: "
                       f"base and exponent are limited to {MAX_POWER:,})")
    result = float(base) ** float(exponent)
    if isinstance(result, complex):
        raise _Refused(f"negative base {format_number(base)} under the fractional power "
                       f"{format_number(exponent)} gives no real number")
    return result


def _round(value, digits=0):
    if isinstance(digits, float) and not digits.is_integer():
        raise TypeError("round() digits must be a whole number")
    digits = int(digits)
    if not -15 <= digits <= 15:
        raise ValueError("round() digits must be between -15 and 15")
    if not math.isfinite(value):
        raise OverflowError
    if digits >= 0:
        return float(round_half_up(value, digits))
    scale = 10.0 ** -digits
    return float(round_half_up(value / scale, 0)) * scale


def _min(*args):
    return min(args)


def _max(*args):
    return max(args)


FUNCTION_TABLE = {"min": _min, "max": _max, "abs": abs, "round": _round}


def _compile_constant(node):
    value = int(node.value) if isinstance(node.value, bool) else node.value
    return lambda values: value


def _compile_name(node):
    name = node.id
    return lambda values: values[name]


def _compile_binop(node):
    left, right = _compile(node.left), _compile(node.right)
    op = _power if type(node.op) is ast.Pow else _BINOPS[type(node.op)]
    return lambda values: op(left(values), right(values))


def _compile_unaryop(node):
    operand, op = _compile(node.operand), _UNARY[type(node.op)]
    return lambda values: op(operand(values))


def _compile_boolop(node):
    parts = [_compile(v) for v in node.values]
    if isinstance(node.op, ast.And):
        def conjunction(values):
            result = True
            for part in parts:
                result = part(values)
                if not result:
                    return result
            return result
        return conjunction

    def disjunction(values):
        result = False
        for part in parts:
            result = part(values)
            if result:
                return result
        return result
    return disjunction


def _compile_compare(node):
    first = _compile(node.left)
    chain = [(_COMPARE[type(op)], _compile(c)) for op, c in zip(node.ops, node.comparators, strict=True)]

    def compare(values):
        left = first(values)
        for op, part in chain:
            right = part(values)
            if not op(left, right):
                return 0
            left = right
        return 1
    return compare


def _compile_ifexp(node):
    test, body, orelse = _compile(node.test), _compile(node.body), _compile(node.orelse)
    return lambda values: body(values) if test(values) else orelse(values)


def _compile_call(node):
    function = FUNCTION_TABLE[node.func.id]
    args = [_compile(a) for a in node.args]
    return lambda values: function(*[a(values) for a in args])


_COMPILERS = {
    ast.Constant: _compile_constant, ast.Name: _compile_name, ast.BinOp: _compile_binop,
    ast.UnaryOp: _compile_unaryop, ast.BoolOp: _compile_boolop, ast.Compare: _compile_compare,
    ast.IfExp: _compile_ifexp, ast.Call: _compile_call,
}


def _compile(node):
    return _COMPILERS[type(node)](node)


def as_number(value) -> int | float:
    """Whole numbers stay exact ints (so count * 100 / count is exactly 100); booleans are 1 and 0."""
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, int):
        return value
    return float(value)


class Formula:
    """A checked formula compiled into a reentrant evaluator. Build with `compile_formula`.

    `tree` is the checked expression (an ``ast.Expr``), `names` the names it
    uses; other backends compile `tree` with their own node tables.
    """

    __slots__ = ("text", "tree", "names", "_run", "_ordered")

    def __init__(self, text: str, tree: ast.Expr, names: frozenset[str]):
        self.text = text
        self.tree = tree
        self.names = names
        self._ordered = tuple(sorted(names))
        self._run = _compile(tree.value)

    def __reduce__(self):
        """Pickled as its checked tree; the evaluator is compiled again when unpickled."""
        return Formula, (self.text, self.tree, self.names)

    def evaluate(self, values: dict) -> float | None:
        """The value for `values` (name → number, bool or None).

        A name whose value is None (a deadline not delivered) makes the result
        None. Raises `EvaluationError` for every arithmetic fault. Safe to call
        from many threads at once.
        """
        names = {}
        for name in self._ordered:
            value = values.get(name)
            if value is None:
                return None
            names[name] = value if type(value) is int or type(value) is float else as_number(value)
        try:
            result = self._run(names)
        except ZeroDivisionError:
            raise EvaluationError(f"division by zero in '{self.text}'{self._with(names)}") from None
        except OverflowError:
            raise EvaluationError(f"result too large in '{self.text}'{self._with(names)}") from None
        except _Refused as exc:
            raise EvaluationError(f"{exc} in '{self.text}'{self._with(names)}") from None
        except (TypeError, ValueError) as exc:
            raise EvaluationError(f"wrong type in '{self.text}' ({exc}){self._with(names)}") from None
        except RecursionError:
            raise EvaluationError(f"formula '{self.text}' nests too deeply") from None
        kind = type(result)
        if kind is float:
            if result - result != 0.0:  # inf or nan
                raise EvaluationError(f"result of '{self.text}' is not finite ({result}){self._with(names)}")
            return result
        if kind is int or kind is bool:
            try:
                return float(result)
            except OverflowError:
                raise EvaluationError(f"result too large in '{self.text}'{self._with(names)}") from None
        if kind is complex:
            raise EvaluationError(f"result of '{self.text}' is not a real number{self._with(names)}")
        raise EvaluationError(f"result of '{self.text}' is not a number{self._with(names)}")

    def substitute(self, values: dict) -> str:
        """The formula with the values put in: ``33 * 100 / 50`` (for reports)."""
        tree = _Substitute(values).visit(copy.deepcopy(self.tree))
        return ast.unparse(tree)

    @staticmethod
    def _with(names: dict) -> str:
        if not names:
            return ""
        shown = ", ".join(f"{k} = {format_number(v)}" for k, v in sorted(names.items()))
        return f" with {shown}"


class _Substitute(ast.NodeTransformer):
    """Replaces each name that has a value by that value (negative values as a unary minus)."""

    def __init__(self, values: dict):
        self.values = values

    def visit_Name(self, node):
        value = self.values.get(node.id)
        if value is None:
            return node
        number = as_number(value)
        constant = ast.Constant(_display(abs(number)))
        return ast.UnaryOp(ast.USub(), constant) if number < 0 else constant


def _display(number: float):
    """An int when the float is whole, so that substituted formulas read naturally."""
    return int(number) if float(number).is_integer() and abs(number) < 1e15 else number


# --- loading ---------------------------------------------------------------------------------------------


def compile_formula(text, names: dict[str, str]) -> tuple[Formula | None, list[Problem]]:
    """Check and compile `text`. `names` maps each usable name to what it is
    ("input", "date input", "progress", "days_late") for messages. Problems
    are located inside the formula text (line and column from 1)."""
    if not isinstance(text, str):
        return None, [_issue(FM01, "a formula must be text")]
    if not text.strip():
        return None, [_issue(FM01, "empty formula")]
    if len(text) > MAX_FORMULA_LENGTH:
        return None, [_issue(FM02, f"formula too long ({len(text)} > {MAX_FORMULA_LENGTH} characters)")]
    lead = len(text) - len(text.lstrip())
    lead_lines = text[:lead].count("\n")
    body = text.strip()
    if "\n" in body:
        # A formula over several lines (a YAML block scalar) continues implicitly, as inside brackets.
        body = "(\n" + body + "\n)"
        lead_lines -= 1
    try:
        module = ast.parse(body, mode="exec")
    except SyntaxError as exc:
        line = (exc.lineno or 1) + lead_lines
        column = (exc.offset or 1) + (lead if line == 1 else 0)
        return None, [_issue(FM01, f"syntax error: {(exc.msg or 'invalid syntax').lower()}", line, column)]
    except (ValueError, RecursionError, MemoryError) as exc:
        reason = "nests too deeply" if not isinstance(exc, ValueError) else str(exc).lower()
        return None, [_issue(FM01, f"formula cannot be parsed ({reason})")]

    def at(node) -> tuple[int, int]:
        line = getattr(node, "lineno", 1) + lead_lines
        column = getattr(node, "col_offset", 0) + 1 + (lead if line == 1 else 0)
        return line, column

    if len(module.body) != 1:
        second = module.body[1] if len(module.body) > 1 else None
        where = at(second) if second is not None else (1, 1)
        return None, [_issue(FM02, "a formula is one expression, not several", *where)]
    statement = module.body[0]
    if isinstance(statement, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
        return None, [_issue(FM02, "assignment is not allowed", *at(statement))]
    if not isinstance(statement, ast.Expr):
        kind = type(statement).__name__.lower()
        return None, [_issue(FM02, f"statements ('{kind}') are not allowed, only one expression", *at(statement))]
    checker = _Checker(names, at)
    try:
        checker.visit(statement.value)
        if checker.issues:
            return None, checker.issues
        return Formula(text.strip(), statement, frozenset(checker.used)), []
    except RecursionError:
        return None, [_issue(FM01, "formula nests too deeply")]
