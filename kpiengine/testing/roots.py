"""Evidence aimed at a formula's danger points: a divisor at zero, a base under a power below zero.

For every ``/``, ``//``, ``%`` the divisor, and for every ``**`` the base,
is a small formula of its own. From a piece of evidence, each input of it
is moved to where that sub-formula crosses zero, along the straight line
through the input's value and the value one above it (exact for the usual
``total - x`` or ``2 * y - 10``): ``x = total`` makes ``total - x`` zero,
``b = a + 1`` makes ``a - b`` negative. Only evidence that stays within the
declared domains is used, so what this finds is reachable.
"""

from __future__ import annotations

import ast
import math

from kpiengine.core.errors import EvaluationError
from kpiengine.rules.formula import compile_formula
from kpiengine.rules.ruleset import formula_names
from kpiengine.testing.candidates import tidy
from kpiengine.testing.domains import IndicatorDomain, usable


def danger_points(indicator) -> list[tuple[str, object]]:
    """(kind, compiled sub-formula): kind "zero" for divisors and power bases (0 ** -1), "negative" for
    bases under a power that is not a whole constant."""
    formula = indicator.formula
    if formula is None:
        return []
    names = formula_names(indicator.spec)
    found = []
    for node in ast.walk(formula.tree):
        if not isinstance(node, ast.BinOp):
            continue
        if isinstance(node.op, (ast.Div, ast.FloorDiv, ast.Mod)):
            parts = [("zero", node.right)]
        elif isinstance(node.op, ast.Pow):
            whole = isinstance(node.right, ast.Constant) and float(node.right.value).is_integer()
            parts = [("zero", node.left)] + ([] if whole else [("negative", node.left)])
        else:
            continue
        for kind, part in parts:
            if not any(isinstance(n, ast.Name) for n in ast.walk(part)):
                continue  # a constant: FM05 judges it
            compiled, _ = compile_formula(ast.unparse(part), names)
            if compiled is not None and compiled.names <= set(indicator.inputs):
                found.append((kind, compiled))
    return found


def aimed_examples(domain: IndicatorDomain, indicator, examples, limit: int = 200) -> list[dict]:
    """Evidence like `examples`, with one input moved to a danger point of the formula."""
    points = danger_points(indicator)
    out, seen = [], set()
    for values in examples:
        for kind, part in points:
            for name in sorted(part.names):
                for trial in _moved(domain, values, part, name, kind):
                    key = repr(sorted(trial.items(), key=lambda kv: str(kv[0])))
                    if key not in seen:
                        seen.add(key)
                        out.append(trial)
                    if len(out) >= limit:
                        return out
    return out


def _moved(domain: IndicatorDomain, values: dict, part, name: str, kind: str):
    d = domain.input(name)
    value = values.get(name)
    if d is None or d.kind != "number" or not usable(value, "number"):
        return
    here, above = _at(part, values, name, value), _at(part, values, name, value + 1)
    if here is None or above is None or above == here:
        return
    root = value - here / (above - here)
    if not math.isfinite(root):
        return
    if kind == "zero":
        targets = [root]
    else:  # the side where the base is below zero
        side = -1 if above > here else 1
        targets = [root + side, root + side * 0.5]
    others = {k: v for k, v in values.items() if k != name}
    low, high = d.bounds(others)
    for target in targets:
        if abs(target - round(target)) < 1e-9 * max(1.0, abs(target)):
            target = round(target)  # float noise around a whole number
        if d.type == "count" and not float(target).is_integer():
            continue
        if (low is not None and target < low) or (high is not None and target > high):
            continue
        yield domain.arrange(domain.clamp({**values, name: tidy(target)}))


def _at(part, values: dict, name: str, value):
    try:
        return part.evaluate({**{n: values.get(n) for n in part.names}, name: value})
    except EvaluationError:
        return None
