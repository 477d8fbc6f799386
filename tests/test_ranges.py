"""Static range analysis (rules/ranges.py): ranges worked by hand, and soundness against the evaluator."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpiengine.core.errors import EvaluationError
from kpiengine.rules.formula import compile_formula
from kpiengine.rules.models import IndicatorSpec
from kpiengine.rules.ranges import INF, analyse

COUNTS = {"part": {"type": "count", "max": "whole"}, "whole": {"type": "count", "min": 1},
          "free": {"type": "count"}, "n": {"type": "number", "min": -5, "max": 5}}


def analysis(formula, inputs=COUNTS, unit="number"):
    spec = IndicatorSpec(id="a", name="a", dimension="d", weight=1, unit=unit, inputs=inputs, formula=formula)
    compiled, issues = compile_formula(formula, {name: "input" for name in inputs})
    assert not issues
    return spec, compiled, analyse(compiled, spec)


@pytest.mark.parametrize("formula, expected, findings", [
    ("part * 100 / whole", (0, 100), []),  # part ≤ whole declared: a share of 0–1, times 100
    ("part / whole * 100", (0, 100), []),
    ("part * 100 / (whole - part)", (0, INF), ["divisor-zero"]),  # whole - part ∈ [0, ∞]: 0 when part == whole
    ("free * 100 / whole", (0, INF), []),  # no max on free: a percent beyond 100
    ("free / (free + whole) * 100", (0, 100), []),  # the part is one of the sum's terms, all ≥ 0
    ("n * 2 + 1", (-9, 11), []),  # [-5, 5] · 2 + 1
    ("abs(n) - 1", (-1, 4), []),
    ("min(n, 0)", (-5, 0), []),
    ("n ** 2", (0, 25), []),  # even power of a range around 0
    ("n ** 0.5", (-INF, INF), ["negative-base"]),
    ("free / n", (-INF, INF), ["divisor-zero"]),
    ("free / n if n > 0 else 0", (0, INF), []),  # the guard narrows n to (0, 5]
    ("free / n if n != 0 else 0", (-INF, INF), []),
    ("100 if part >= whole else 0", (0, 100), []),
])
def test_ranges_worked_by_hand(formula, expected, findings):
    _, _, result = analysis(formula)
    assert result.value == pytest.approx(expected)
    assert [f.kind for f in result.findings] == findings


FORMULAS = ["part * 100 / whole", "part / whole * 100", "free * 100 / whole", "free / (free + whole) * 100",
            "n * 2 + 1", "abs(n) - 1", "n ** 2", "round(n * 3.3, 1)", "max(part, n) - min(whole, free)",
            "free / n if n > 0 else -free", "part % whole", "(whole - part) // whole", "-n * free"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(FORMULAS), st.integers(0, 10**6), st.integers(1, 10**6), st.integers(0, 10**6),
       st.floats(-5, 5, allow_nan=False))
def test_every_evaluated_value_lies_in_the_range(formula, part, whole, free, n):
    """Soundness: for inputs within their declared bounds, the evaluator's value is inside the static range."""
    part = min(part, whole)
    _, compiled, result = analysis(formula)
    try:
        value = compiled.evaluate({"part": part, "whole": whole, "free": free, "n": n})
    except EvaluationError:
        return  # a division by zero is a finding of its own, not a value
    lo, hi = result.value
    slack = 1e-9 * max(1.0, abs(value))
    assert lo - slack <= value <= hi + slack or math.isclose(value, lo) or math.isclose(value, hi), \
        (formula, value, result.value)


def test_a_share_of_a_sum_with_a_declared_bound():
    # on_time ≤ total and late ≥ 0: on_time / (total + late) ≤ 1, so the percent stays in [0, 100]
    inputs = {"on_time": {"type": "count", "max": "total"}, "total": {"type": "count", "min": 1},
              "late": {"type": "count"}}
    _, _, result = analysis("on_time * 100 / (total + late)", inputs)
    assert result.value == (0, 100) and result.findings == []
