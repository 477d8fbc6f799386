"""The pytest plugin (entry point pytest11 'kpiengine'): the kpi_rules fixture, its options, KPI_RULES."""

import shutil
from importlib.metadata import entry_points

from .conftest import DEMO_RULES

pytest_plugins = ["pytester"]

USER_TEST = '''
from hypothesis import given, settings
from kpiengine.testing import KPI_RULES, evaluate_values, evidence_for

@settings(max_examples=50, database=None)
@given(values=evidence_for(KPI_RULES, "satisfaction"))
def test_satisfaction_is_a_percentage(kpi_rules, values):
    result = evaluate_values(kpi_rules, "satisfaction", values)
    assert result.status == "scored"
    assert 0 <= result.value <= 100

@settings(max_examples=50, database=None)
@given(values=evidence_for(KPI_RULES, "satisfaction"))
def test_nobody_is_ever_fully_satisfied(kpi_rules, values):
    assert evaluate_values(kpi_rules, "satisfaction", values).value < 100
'''


def test_the_plugin_is_registered_as_an_entry_point():
    assert [e.value for e in entry_points(group="pytest11") if e.name == "kpiengine"] == \
        ["kpiengine.testing.pytest_plugin"]


def test_a_users_repository_tests_its_rules(pytester):
    shutil.copytree(DEMO_RULES, pytester.path / "rules")  # the default place: rules/
    pytester.makepyfile(test_rules=USER_TEST)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    # hypothesis shrinks to the smallest full satisfaction: one respondent, satisfied
    result.stdout.fnmatch_lines(["*kpi_rules=<rule set '*rules': plan demo-2563, 3 indicators>,",
                                 "*values={'satisfied': 1, 'respondents': 1},"])


def test_the_rule_set_comes_from_the_option_or_the_ini_file(pytester):
    shutil.copytree(DEMO_RULES, pytester.path / "plans" / "demo")
    pytester.makepyfile(test_rules='''
def test_plan(kpi_rules):
    assert kpi_rules.plan.id == "demo-2563"
''')
    assert pytester.runpytest("-p", "no:cacheprovider").ret != 0  # no rules/ here
    pytester.runpytest("-p", "no:cacheprovider", "--kpi-rules", "plans/demo").assert_outcomes(passed=1)
    pytester.makeini("[pytest]\nkpi_rules = plans/demo\n")
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_a_rule_set_with_errors_fails_with_its_problems(pytester):
    (pytester.path / "rules").mkdir()
    (pytester.path / "rules" / "plan.yaml").write_text("kind: plan\nid: Bad Id\n", encoding="utf-8")
    pytester.makepyfile(test_rules="def test_plan(kpi_rules):\n    pass\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*kpi_rules: the rule set '*rules' has errors:*", "*plan.yaml:*(SC0*)*"])
