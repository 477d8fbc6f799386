"""Formulas (SPEC §3): the allow-list at load, with columns; evaluation faults as errors."""

import pytest

from kpiengine.core.errors import EvaluationError
from kpiengine.rules.formula import compile_formula

NAMES = {"satisfied": "input", "respondents": "input", "delivered": "date input", "progress": "progress"}


def compiled(text, names=NAMES):
    formula, issues = compile_formula(text, names)
    assert issues == [], issues
    return formula


REFUSED = [
    # (formula, code, column, words)
    ("satisfied * 100 / respondnts", "FM03", 19, "did you mean 'respondents'"),
    ("x + 1", "FM03", 1, "unknown name 'x'"),
    ("satisfied.real", "FM02", 1, "attributes"),
    ("satisfied[0]", "FM02", 1, "subscripts"),
    ("(lambda: 1)()", "FM02", 1, "only min, max, abs and round"),
    ("[x for x in (1, 2)]", "FM02", 1, "comprehensions"),
    ("sum((1, 2))", "FM02", 1, "function 'sum' is not allowed"),
    ("__import__('os')", "FM02", 1, "function '__import__'"),
    ("x = 1", "FM02", 1, "assignment"),
    ("satisfied; respondents", "FM02", 12, "one expression"),
    ("(y := 2)", "FM02", 2, "assignment"),
    ("'text'", "FM02", 1, "strings"),
    ("1j", "FM02", 1, "complex"),
    ("satisfied in (1, 2)", "FM02", 1, "comparison"),
    ("min(satisfied)", "FM02", 1, "takes at least 2"),
    ("round(satisfied, ndigits=1)", "FM02", 1, "keyword"),
    ("satisfied * * 2", "FM01", 13, "syntax"),
    ("delivered + 1", "FM06", 1, "date input 'delivered'"),
    ("", "FM01", 1, "empty"),
    ("x" * 2001, "FM02", 1, "too long"),
]


@pytest.mark.parametrize("text, code, column, words", REFUSED)
def test_refused_at_load_with_column(text, code, column, words):
    formula, issues = compile_formula(text, NAMES)
    assert formula is None
    assert issues[0].code == code
    assert issues[0].column == column
    assert words in issues[0].message


def test_every_fault_is_reported_not_only_the_first():
    _, issues = compile_formula("a.b + c[0] + d", NAMES)
    assert [(i.code, i.column) for i in issues] == [("FM02", 1), ("FM02", 7), ("FM03", 14)]


def test_parsed_once_evaluated_many_times():
    f = compiled("satisfied * 100 / respondents")
    # 33 × 100 / 50 = 66; 1 × 100 / 3 = 33.33…
    assert f.evaluate({"satisfied": 33, "respondents": 50}) == 66
    assert f.evaluate({"satisfied": 1, "respondents": 3}) == pytest.approx(100 / 3)
    assert f.names == {"satisfied", "respondents"}


def test_language():
    assert compiled("min(satisfied, 10) + max(1, 2, 3) + abs(-2)").evaluate({"satisfied": 4}) == 4 + 3 + 2
    assert compiled("100 if satisfied >= respondents else 0").evaluate({"satisfied": 2, "respondents": 2}) == 100
    assert compiled("satisfied // 3 + satisfied % 3").evaluate({"satisfied": 7}) == 2 + 1
    assert compiled("satisfied ** 2").evaluate({"satisfied": 3}) == 9
    assert compiled("not satisfied").evaluate({"satisfied": 0}) == 1  # True is 1
    assert compiled("satisfied > 1 and respondents > 1").evaluate({"satisfied": 2, "respondents": 0}) == 0
    assert compiled("progress / 2").evaluate({"progress": 70}) == 35


@pytest.mark.parametrize("value, digits, expected", [
    (2.5, 0, 3), (3.5, 0, 4), (-2.5, 0, -3),  # half up (away from zero), not banker's rounding
    (2.675, 2, 2.68), (1.005, 2, 1.01), (1234.5, -2, 1200),
])
def test_round_is_half_up(value, digits, expected):
    f = compiled(f"round(satisfied, {digits})")
    assert f.evaluate({"satisfied": value}) == pytest.approx(expected)


FAULTS = [
    # (formula, values, words in the error)
    ("satisfied * 100 / respondents", {"satisfied": 0, "respondents": 0},
     "division by zero in 'satisfied * 100 / respondents' with respondents = 0, satisfied = 0"),
    ("satisfied // respondents", {"satisfied": 1, "respondents": 0}, "division by zero"),
    ("satisfied % respondents", {"satisfied": 1, "respondents": 0}, "division by zero"),
    ("satisfied ** 0.5", {"satisfied": -4}, "no real number"),
    ("satisfied ** respondents", {"satisfied": 10, "respondents": 400}, "result too large"),
    ("satisfied * 1e308 * 10", {"satisfied": 1}, "not finite"),
    ("0 ** respondents", {"respondents": -1}, "division by zero"),
    ("satisfied ** respondents", {"satisfied": 5_000_000, "respondents": 2}, "power too large"),
]


@pytest.mark.parametrize("text, values, words", FAULTS)
def test_evaluation_faults_are_errors_naming_the_inputs(text, values, words):
    f = compiled(text)
    with pytest.raises(EvaluationError, match=words.replace("(", r"\(").replace("*", r"\*")):
        f.evaluate(values)


def test_a_missing_date_makes_no_value():
    f = compiled("days_late", {"days_late": "days_late"})
    assert f.evaluate({"days_late": None}) is None
    assert f.evaluate({"days_late": 20}) == 20


def test_substitute_puts_values_in():
    f = compiled("satisfied * 100 / respondents")
    assert f.substitute({"satisfied": 33, "respondents": 50}) == "33 * 100 / 50"
    assert compiled("satisfied ** 2").substitute({"satisfied": -5}) == "(-5) ** 2"
