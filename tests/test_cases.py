"""kpi test (SPEC §8): pass/fail per case with each differing field; JUnit output valid against the schema."""

import json

import pytest
import xmlschema

from .conftest import DEMO_RULES, JUNIT_XSD, run

CASE = """\
kind: case
name: appendix A
evidence:
  values:
    satisfaction: {satisfied: 33, respondents: 50}
    review-steps: {completed: [1, 2], partial: {3: 0.5}}
    report-delivered: {delivered: 2563-10-20}
expect:
  overall: %s
  dimensions: {effectiveness: 3.56, efficiency: %s}
  indicators:
    satisfaction: {score: 3.6, value: 66, status: scored, achieved: true}
    report-delivered: {value: 2020-10-20, achieved: %s}
  errors: []
"""



def test_a_passing_case(write):
    case = write("case.yaml", CASE % ("3.392", "3", "false"))
    assert run("test", DEMO_RULES, case) == (0, f"PASS  {case}:1  appendix A\n1 case(s): 1 passed, 0 failed\n", "")


def test_a_failing_case_lists_each_differing_field(write):
    case = write("case.yaml", CASE % ("3.5", "2.5", "true"))
    code, out, _ = run("test", DEMO_RULES, case)
    assert code == 1
    assert out.splitlines() == [
        f"FAIL  {case}:1  appendix A",
        "      overall: expected 3.5, got 3.392",
        "      dimensions.efficiency: expected 2.5, got 3",
        "      indicators.report-delivered.achieved: expected true, got false",
        "1 case(s): 0 passed, 1 failed",
    ]


def test_tolerance(write):
    # 3.3925 is within 1e-3 of 3.392 but not within the default 1e-4
    case = write("case.yaml", (CASE % ("3.3925", "3", "false")) + "tolerance: 0.001\n")
    assert run("test", DEMO_RULES, case)[0] == 0
    case = write("case2.yaml", CASE % ("3.3925", "3", "false"))
    assert run("test", DEMO_RULES, case)[0] == 1


def test_json_report(write):
    case = write("case.yaml", CASE % ("3.5", "3", "false"))
    code, out, _ = run("test", DEMO_RULES, case, "--format", "json")
    assert code == 1
    assert json.loads(out) == {
        "cases": [{"name": "appendix A", "file": str(case), "line": 1, "passed": False,
                   "differences": [{"field": "overall", "expected": 3.5, "got": pytest.approx(3.392)}]}],
        "passed": 0, "failed": 1}


def test_junit_report_validates_against_the_schema(write):
    passing = write("a.yaml", CASE % ("3.392", "3", "false"))
    failing = write("b.yaml", CASE % ("3.5", "3", "false"))
    code, out, _ = run("test", DEMO_RULES, passing, failing, "--format", "junit", env={"SOURCE_DATE_EPOCH": "0"})
    assert code == 1
    schema = xmlschema.XMLSchema(str(JUNIT_XSD))
    schema.validate(out)  # raises on any violation
    doc = schema.to_dict(out)
    suite = doc["testsuite"][0]
    assert (suite["@tests"], suite["@failures"], suite["@timestamp"]) == (2, 1, "1970-01-01T00:00:00")
    failure = suite["testcase"][1]["failure"]
    assert failure["@message"] == "1 field(s) differ" and "overall: expected 3.5, got 3.392" in failure["$"]


@pytest.mark.parametrize("text, words", [
    ("kind: evidence\nplan: demo-2563\nvalues: {}\n", "no cases found"),
    ("kind: case\nname: x\n", "missing required key 'evidence'"),
    ("kind: case\nname: x\nevidence: {values: {}, plan: other}\nexpect: {}\n", "for plan 'other'"),
    ("kind: case\nname: x\nevidence: {valeus: {}}\nexpect: {}\n", "unknown key 'valeus' (did you mean 'values'?)"),
    ("kind: case\nname: x\nweights: nope\nevidence: {values: {}}\nexpect: {}\n", "unknown weights 'nope'"),
    ("kind: project\n", "expected a 'kind: case' document"),
])
def test_a_case_that_cannot_run_exits_2(write, text, words):
    case = write("case.yaml", text)
    code, out, err = run("test", DEMO_RULES, case)
    assert code == 2 and words in err


def test_on_missing_override_in_a_case(write):
    case = write("case.yaml", """\
        kind: case
        name: report missing, excluded
        on_missing: exclude
        evidence:
          values:
            satisfaction: {satisfied: 33, respondents: 50}
            review-steps: {completed: [1, 2], partial: {3: 0.5}}
        expect:
          overall: 3.56
          dimensions: {efficiency: null}
          indicators:
            report-delivered: {status: excluded, score: null}
        """)
    # efficiency has no scored indicator → no score, left out: overall = effectiveness = 3.56
    assert run("test", DEMO_RULES, case)[0] == 0
