"""Evidence faults (SPEC §2): each names file, line, indicator and input; the rest is still scored."""

import pytest

from kpiengine import evaluate, load_evidence, load_rules

RULES = """\
kind: indicators
indicators:
  - id: share
    name: สัดส่วน
    dimension: effectiveness
    weight: 40
    unit: percent
    inputs:
      done: {type: count, max: total}
      total: {type: count, min: 1}
    formula: done * 100 / total
    target: ">= 60"
    scoring: {levels: [40, 50, 60, 70, 80]}
  - id: money
    name: งบประมาณ
    dimension: effectiveness
    weight: 30
    unit: currency
    inputs:
      spent: {type: currency, min: 0, max: 2000000}
    target: "<= 500000"
    direction: lower
  - id: flag
    name: มีระบบ
    dimension: effectiveness
    weight: 10
    unit: count
    inputs:
      ready: {type: boolean}
    target: "== 1"
  - id: report
    name: ส่งรายงาน
    dimension: efficiency
    weight: 100
    unit: date
    inputs:
      delivered: {type: date, min: 2562-10-01}
    target: {by: 2563-09-30}
  - id: steps
    name: ขั้นตอน
    dimension: effectiveness
    weight: 20
    unit: milestone
    target: ">= 100"
    scoring: {levels: [20, 40, 60, 80, 100]}
    milestones:
      - {step: 1, title: หนึ่ง, weight: 50}
      - {step: 2, title: สอง, weight: 50}
"""


@pytest.fixture
def score(rules_dir, write):
    rules = load_rules(rules_dir(RULES))

    def _score(values: str):
        path = write("evidence.yaml", "kind: evidence\nplan: t-2563\nvalues:\n" + values)
        return evaluate(rules, load_evidence(path))

    return _score


GOOD = {
    "share": "  share: {done: 45, total: 60}\n",
    "money": "  money: {spent: '1,918,000.-'}\n",
    "flag": "  flag: {ready: true}\n",
    "report": "  report: {delivered: 15 ก.ย. 2563}\n",
    "steps": "  steps: {completed: [1]}\n",
}


def values(**override):
    return "".join(override.get(k, v) for k, v in GOOD.items())


def test_good_evidence_in_all_its_forms(score):
    result = score(values(money="  money: {spent: '๕๐๐,๐๐๐'}\n"))
    assert result.errors == []
    # share 45/60 = 75 → 4.5; money 500000 ≤ 500000 → pass 5; flag true = 1 == 1 → 5; steps 50 → between 40 (2)
    # and 60 (3): 2.5; effectiveness = (40·4.5 + 30·5 + 10·5 + 20·2.5)/100 = 4.3; report on time → 5
    assert result.dimension("effectiveness").score == pytest.approx(4.3)
    assert result.indicator("report").score == 5


FAULTS = [
    # (override, indicator, line, words)
    ({"share": "  share: {done: 45}\n"}, "share", 4, "missing input 'total' for 'share'"),
    ({"share": "  share: {done: 45, total: 60, totl: 1}\n"}, "share", 4,
     "unknown input 'totl' for 'share' (did you mean 'total'?)"),
    ({"share": "  share: {done: 61, total: 60}\n"}, "share", 4,
     "input 'done' of 'share' must be at most total (60), got 61"),
    ({"share": "  share: {done: 0, total: 0}\n"}, "share", 4, "input 'total' of 'share' must be at least 1, got 0"),
    ({"share": "  share: {done: -1, total: 60}\n"}, "share", 4, "a count cannot be negative"),
    ({"share": "  share: {done: 2.5, total: 60}\n"}, "share", 4, "expected a whole number, got 2.5"),
    ({"share": "  share: {done: many, total: 60}\n"}, "share", 4, "expected a number, got 'many'"),
    ({"share": "  share: {done: null, total: 60}\n"}, "share", 4, "no value given (null)"),
    ({"share": "  share: 75\n"}, "share", 4, "must be a mapping of input name → value, got 75"),
    ({"money": "  money: {spent: 2000001}\n"}, "money", 5, "must be at most 2000000, got 2000001"),
    ({"money": "  money: {spent: .inf}\n"}, "money", 5, "expected a finite number"),
    ({"flag": "  flag: {ready: maybe}\n"}, "flag", 6, "expected true or false, got 'maybe'"),
    ({"report": "  report: {delivered: 2563-09}\n"}, "report", 7, "needs its day"),
    ({"report": "  report: {delivered: 31 ก.ย. 2563}\n"}, "report", 7, "is not a real date"),
    ({"report": "  report: {delivered: 1 ก.ย. 2562}\n"}, "report", 7, "must be at least 2019-10-01, got 2019-09-01"),
    ({"steps": "  steps: {completed: [1, 3]}\n"}, "steps", 8, "unknown step 3 in 'completed' of 'steps' (steps are 1…2)"),
    ({"steps": "  steps: {completed: [1], partial: {1: 0.5}}\n"}, "steps", 8, "step 1 of 'steps' is both completed and partial"),
    ({"steps": "  steps: {completed: [], partial: {2: 1.5}}\n"}, "steps", 8, "must be a fraction from 0 to 1, got 1.5"),
    ({"steps": "  steps: {partial: {2: 0.5}}\n"}, "steps", 8, "missing input 'completed' for 'steps'"),
    ({"steps": "  steps: {completed: 2}\n"}, "steps", 8, "must be a list of step numbers"),
]


@pytest.mark.parametrize("override, indicator, line, words", FAULTS)
def test_each_fault_is_reported_with_its_line_and_the_rest_scored(score, override, indicator, line, words):
    result = score(values(**override))
    [error] = result.errors
    assert error.indicator == indicator and error.line == line
    assert words in error.message, error.message
    assert result.indicator(indicator).status == "error"
    assert all(r.status == "scored" for r in result.indicators if r.id != indicator)


def test_several_faults_of_one_indicator_are_all_reported(score):
    result = score(values(share="  share: {done: x, total: y, extra: 1}\n"))
    assert len(result.errors) == 3
    assert {e.indicator for e in result.errors} == {"share"}


def test_null_evidence_for_an_indicator_counts_as_missing(score):
    result = score(values(share="  share: null\n"))
    assert result.indicator("share").status == "missing" and result.errors == []


def test_a_deadline_not_delivered(score):
    result = score(values(report="  report: {delivered: null}\n"))
    r = result.indicator("report")
    assert (r.status, r.value, r.achieved, r.score) == ("scored", None, False, 0)


def test_milestone_steps_as_thai_digit_text(score):
    result = score(values(steps="  steps: {completed: ['๑', '๒']}\n"))
    assert result.indicator("steps").value == 100 and result.indicator("steps").score == 5
