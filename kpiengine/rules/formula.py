"""Formulas (SPEC §3): one expression, checked against an allow-list at load,
parsed once and evaluated many times with simpleeval.

The language: numbers, ``+ - * / // % **``, comparisons, ``and or not``,
``x if c else y`` and the functions ``min max abs round``. Names are the
indicator's inputs (plus ``progress`` for milestone indicators and
``days_late`` for deadline indicators). Anything else — assignment, several
expressions, attributes, subscripts, comprehensions, lambdas, strings, other
calls, unknown names — is refused when the rule set loads, with the column.

At evaluation whole numbers stay exact integers and ``/`` is correctly
rounded (33 * 100 / 50 is exactly 66); ``**`` works in floats under
simpleeval's bound on base and exponent (MAX_POWER), so a power cannot run
away; division by zero, overflow, a complex result or a wrong type become an
`EvaluationError` that names the inputs.
"""

from __future__ import annotations

import ast
import math
import operator
from dataclasses import dataclass

import simpleeval

from kpiengine.core.errors import EvaluationError
from kpiengine.core.numbers import format_number, round_half_up
from kpiengine.core.suggest import did_you_mean

MAX_FORMULA_LENGTH = 2000
MAX_POWER = simpleeval.MAX_POWER
FUNCTIONS = ("min", "max", "abs", "round")


@dataclass(frozen=True)
class FormulaIssue:
    """A fault in a formula; `line`/`column` are 1-based inside the formula text."""

    code: str
    message: str
    line: int = 1
    column: int = 1


_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%", ast.Pow: "**"}
_UNARY = {ast.UAdd: "+", ast.USub: "-", ast.Not: "not"}
_COMPARE = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}

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


class Formula:
    """A checked, parsed formula. Build with `compile_formula`."""

    def __init__(self, text: str, tree: ast.Expr, names: frozenset[str]):
        self.text = text
        self.tree = tree
        self.names = names
        self._evaluator = simpleeval.SimpleEval(operators=_OPERATORS, functions=_FUNCTIONS, names={})

    def evaluate(self, values: dict) -> float | None:
        """The value for `values` (name → number, bool or None).

        A name whose value is None (a deadline not delivered) makes the result
        None. Raises `EvaluationError` for every arithmetic fault.
        """
        if any(values.get(n) is None for n in self.names):
            return None
        names = {n: _as_number(values[n]) for n in self.names}
        self._evaluator.names = names
        try:
            result = self._evaluator.eval(self.text, previously_parsed=self.tree)
        except ZeroDivisionError:
            raise EvaluationError(f"division by zero in '{self.text}'{self._with(names)}") from None
        except OverflowError:
            raise EvaluationError(f"result too large in '{self.text}'{self._with(names)}") from None
        except _Refused as exc:
            raise EvaluationError(f"{exc} in '{self.text}'{self._with(names)}") from None
        except simpleeval.InvalidExpression as exc:
            raise EvaluationError(f"cannot evaluate '{self.text}' ({exc}){self._with(names)}") from None
        except (TypeError, ValueError) as exc:
            raise EvaluationError(f"wrong type in '{self.text}' ({exc}){self._with(names)}") from None
        except RecursionError:
            raise EvaluationError(f"formula '{self.text}' nests too deeply") from None
        if isinstance(result, bool):
            return 1.0 if result else 0.0
        if isinstance(result, complex):
            raise EvaluationError(f"result of '{self.text}' is not a real number{self._with(names)}")
        if not isinstance(result, (int, float)):
            raise EvaluationError(f"result of '{self.text}' is not a number{self._with(names)}")
        try:
            result = float(result)
        except OverflowError:
            raise EvaluationError(f"result too large in '{self.text}'{self._with(names)}") from None
        if not math.isfinite(result):
            raise EvaluationError(f"result of '{self.text}' is not finite ({result}){self._with(names)}")
        return result

    def substitute(self, values: dict) -> str:
        """The formula with the values put in: ``33 * 100 / 50``."""
        tree = ast.parse("(" + self.text + ")", mode="eval")

        class _Put(ast.NodeTransformer):
            def visit_Name(self, node):
                if node.id in values and values[node.id] is not None:
                    number = _as_number(values[node.id])
                    constant = ast.Constant(_display(abs(number)))
                    return ast.UnaryOp(ast.USub(), constant) if number < 0 else constant
                return node

        return ast.unparse(_Put().visit(tree))

    @staticmethod
    def _with(names: dict) -> str:
        if not names:
            return ""
        shown = ", ".join(f"{k} = {format_number(v)}" for k, v in sorted(names.items()))
        return f" with {shown}"


class _Refused(Exception):
    """An operation refused at evaluation (e.g. a power beyond MAX_POWER)."""


def _display(number: float):
    """An int when the float is whole, so that substituted formulas read naturally."""
    return int(number) if float(number).is_integer() and abs(number) < 1e15 else number


def _as_number(value) -> int | float:
    """Whole numbers stay exact ints (so count * 100 / count is exactly 100); ** works in floats."""
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, int):
        return value
    return float(value)


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


_OPERATORS = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: _power,
    ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Not: operator.not_,
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge,
}
_FUNCTIONS = {"min": _min, "max": _max, "abs": abs, "round": _round}
_ARITY = {"min": (2, None), "max": (2, None), "abs": (1, 1), "round": (1, 2)}


def compile_formula(text, names: dict[str, str]) -> tuple[Formula | None, list[FormulaIssue]]:
    """Check and parse `text`. `names` maps each usable name to what it is
    ("input", "date input", "progress", "days_late") for messages."""
    if not isinstance(text, str):
        return None, [FormulaIssue("FM01", "a formula must be text")]
    if not text.strip():
        return None, [FormulaIssue("FM01", "empty formula")]
    if len(text) > MAX_FORMULA_LENGTH:
        return None, [FormulaIssue("FM02", f"formula too long ({len(text)} > {MAX_FORMULA_LENGTH} characters)")]
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
        return None, [FormulaIssue("FM01", f"syntax error: {(exc.msg or 'invalid syntax').lower()}", line, column)]
    except (ValueError, RecursionError, MemoryError) as exc:
        reason = "nests too deeply" if not isinstance(exc, ValueError) else str(exc).lower()
        return None, [FormulaIssue("FM01", f"formula cannot be parsed ({reason})")]

    def at(node) -> tuple[int, int]:
        line = getattr(node, "lineno", 1) + lead_lines
        column = getattr(node, "col_offset", 0) + 1 + (lead if line == 1 else 0)
        return line, column

    if len(module.body) != 1:
        second = module.body[1] if len(module.body) > 1 else None
        where = at(second) if second is not None else (1, 1)
        return None, [FormulaIssue("FM02", "a formula is one expression, not several", *where)]
    statement = module.body[0]
    if isinstance(statement, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
        return None, [FormulaIssue("FM02", "assignment is not allowed", *at(statement))]
    if not isinstance(statement, ast.Expr):
        kind = type(statement).__name__.lower()
        return None, [FormulaIssue("FM02", f"statements ('{kind}') are not allowed, only one expression",
                                   *at(statement))]
    issues: list[FormulaIssue] = []
    used: set[str] = set()
    try:
        _check(statement.value, names, used, issues, at)
    except RecursionError:
        return None, [FormulaIssue("FM01", "formula nests too deeply")]
    if issues:
        return None, issues
    return Formula(text.strip(), statement, frozenset(used)), []


def _check(node, names, used, issues, at) -> None:
    """Walk the expression; record every construct outside the allow-list."""
    kind = type(node)
    if kind is ast.Constant:
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            what = "strings" if isinstance(node.value, (str, bytes)) else \
                "complex numbers" if isinstance(node.value, complex) else f"the constant {node.value!r}"
            if isinstance(node.value, bool):
                return  # True / False are allowed as 1 / 0
            issues.append(FormulaIssue("FM02", f"{what} are not allowed" if what.endswith("s")
                                       else f"{what} is not allowed", *at(node)))
        return
    if kind is ast.Name:
        if node.id in names:
            if names[node.id] == "date input":
                issues.append(FormulaIssue("FM06", f"date input '{node.id}' cannot be used in arithmetic "
                                                   "(use days_late)", *at(node)))
            used.add(node.id)
        elif node.id.startswith("_"):
            issues.append(FormulaIssue("FM02", f"name '{node.id}' is not allowed", *at(node)))
        elif node.id in FUNCTIONS:
            issues.append(FormulaIssue("FM02", f"function '{node.id}' must be called", *at(node)))
        else:
            hint = did_you_mean(node.id, [n for n, what in names.items() if what != "date input"])
            usable = ", ".join(sorted(n for n, w in names.items() if w != "date input")) or "none"
            issues.append(FormulaIssue("FM03", f"unknown name '{node.id}'{hint} (names: {usable})", *at(node)))
        return
    if kind is ast.BinOp:
        if type(node.op) not in _BINOPS:
            issues.append(FormulaIssue("FM02", f"operator '{type(node.op).__name__}' is not allowed", *at(node)))
        _check(node.left, names, used, issues, at)
        _check(node.right, names, used, issues, at)
        return
    if kind is ast.UnaryOp:
        if type(node.op) not in _UNARY:
            issues.append(FormulaIssue("FM02", f"operator '{type(node.op).__name__}' is not allowed", *at(node)))
        _check(node.operand, names, used, issues, at)
        return
    if kind is ast.BoolOp:
        for value in node.values:
            _check(value, names, used, issues, at)
        return
    if kind is ast.Compare:
        for op in node.ops:
            if type(op) not in _COMPARE:
                issues.append(FormulaIssue("FM02", f"comparison '{type(op).__name__}' is not allowed "
                                                   "(no 'in' or 'is')", *at(node)))
        _check(node.left, names, used, issues, at)
        for comparator in node.comparators:
            _check(comparator, names, used, issues, at)
        return
    if kind is ast.IfExp:
        for part in (node.test, node.body, node.orelse):
            _check(part, names, used, issues, at)
        return
    if kind is ast.Call:
        func = node.func
        if not isinstance(func, ast.Name):
            issues.append(FormulaIssue("FM02", "only min, max, abs and round may be called", *at(node)))
            _check(func, names, used, issues, at)
            return
        if func.id not in _FUNCTIONS:
            hint = did_you_mean(func.id, FUNCTIONS)
            issues.append(FormulaIssue("FM02", f"function '{func.id}' is not allowed{hint} "
                                               "(allowed: min, max, abs, round)", *at(node)))
            return
        if node.keywords:
            issues.append(FormulaIssue("FM02", f"keyword arguments are not allowed in '{func.id}'", *at(node)))
        low, high = _ARITY[func.id]
        count = len(node.args)
        if count < low or (high is not None and count > high):
            wanted = f"{low}" if low == high else f"{low} to {high}" if high else f"at least {low}"
            issues.append(FormulaIssue("FM02", f"'{func.id}' takes {wanted} argument(s), got {count}", *at(node)))
        for arg in node.args:
            _check(arg, names, used, issues, at)
        return
    message = _REFUSED.get(kind, f"'{kind.__name__}' is not allowed in a formula")
    issues.append(FormulaIssue("FM02", message, *at(node)))
