"""Sandbox escapes: refused when the rule set loads, or stopped at evaluation within a second.

Modelled on simpleeval's own tests/test_security.py.
"""

import time

import pytest

from kpiengine.core.errors import EvaluationError
from kpiengine.rules.formula import compile_formula

NAMES = {"x": "input", "y": "input"}

ESCAPES = [
    "x.__class__",
    "x.__class__.__bases__[0].__subclasses__()",
    "().__class__.__mro__",
    "__import__('os').system('echo pwned')",
    "__builtins__",
    "eval('1')",
    "exec('1')",
    "open('/etc/passwd')",
    "getattr(x, '__class__')",
    "globals()",
    "(lambda: 1)()",
    "(lambda f: f(f))(lambda f: f(f))",
    "[c for c in ().__class__.__base__.__subclasses__()]",
    "(g for g in [1]).gi_frame.f_back",
    "{k: 1 for k in 'ab'}",
    "x if True else __import__('os')",
    "type(x)",
    "f'{x.__class__}'",
    "import os",
    "x = __import__('os')",
    "del x",
    "yield x",
    "min.__self__",
    "round.__globals__",
    "_x",
    "x; __import__('os')",
]


@pytest.mark.parametrize("text", ESCAPES)
def test_refused_at_load(text):
    formula, issues = compile_formula(text, NAMES)
    assert formula is None
    assert issues, text


HUGE = [
    "9 ** 9 ** 9",
    "x ** y",
    "(x * 10) ** (y * 10)",
    "4000000 ** 4000000",
    "x ** 4000000 ** 2",
]


@pytest.mark.parametrize("text", HUGE)
def test_huge_powers_stop_within_a_second(text):
    formula, issues = compile_formula(text, NAMES)
    assert formula is not None, issues
    start = time.perf_counter()
    with pytest.raises(EvaluationError):
        formula.evaluate({"x": 4_000_000, "y": 4_000_000})
    assert time.perf_counter() - start < 1.0


def test_deep_nesting_is_an_error_not_a_crash():
    formula, issues = compile_formula("(" * 500 + "x" + ")" * 500, NAMES)
    assert formula is None and issues[0].code == "FM01"
    formula, issues = compile_formula("-" * 5000 + "x", NAMES)
    assert formula is None or formula.evaluate({"x": 1}) in (1, -1)
