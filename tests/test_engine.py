"""Evaluation and aggregation (SPEC §5–§6) through the public API."""

import json
import math

import pytest

from kpiengine import EvidenceFileError, RuleSetError, evaluate, inspect_rules, load_evidence, load_rules

from .conftest import APPENDIX_A, DEMO_EVIDENCE, DEMO_RULES


def test_appendix_a_scores_exactly_as_the_spec_states():
    result = evaluate(load_rules(APPENDIX_A / "rules.yaml"), load_evidence(APPENDIX_A / "evidence.yaml"))
    expected = json.loads((APPENDIX_A / "expected.json").read_text())
    assert result.overall == pytest.approx(expected["overall"], abs=1e-12)  # 3.392
    for d in result.dimensions:
        assert d.score == pytest.approx(expected["dimensions"][d.id], abs=1e-12)
    for r in result.indicators:
        assert r.score == pytest.approx(expected["indicators"][r.id]["score"], abs=1e-12)
        assert r.status == "scored"
    assert result.errors == []


def test_the_bundled_demo_is_appendix_a_split_into_files():
    a = evaluate(load_rules(APPENDIX_A / "rules.yaml"), load_evidence(APPENDIX_A / "evidence.yaml")).to_json()
    b = evaluate(load_rules(DEMO_RULES), load_evidence(DEMO_EVIDENCE)).to_json()
    assert a == b


def test_json_shape_is_the_spec_shape():
    doc = evaluate(load_rules(DEMO_RULES), load_evidence(DEMO_EVIDENCE)).to_json()
    assert list(doc) == ["plan", "unit", "as_of", "overall", "dimensions", "indicators", "errors"]
    assert list(doc["overall"]) == ["score"]
    assert all(list(d) == ["id", "name", "weight", "score"] for d in doc["dimensions"])
    assert all(list(i) == ["id", "dimension", "status", "value", "target", "achieved", "score", "weight",
                           "weighted_score", "explanation"] for i in doc["indicators"])
    report = {i["id"]: i for i in doc["indicators"]}
    assert doc["as_of"] == "2020-10-31"  # 2563-10-31 written as ISO CE
    assert report["report-delivered"]["value"] == "2020-10-20"
    assert report["report-delivered"]["target"] == {"by": "2020-09-30"}
    assert report["satisfaction"]["target"] == {"op": ">=", "value": 60}
    assert report["satisfaction"]["weighted_score"] == pytest.approx(60 * 3.6 / 100)


INDICATORS = """\
kind: indicators
indicators:
  - id: a
    name: ก
    dimension: effectiveness
    weight: 60
    unit: percent
    inputs: {p: {type: percent}}
    target: ">= 60"
    scoring: {levels: [40, 50, 60, 70, 80]}
  - id: b
    name: ข
    dimension: effectiveness
    weight: 40
    unit: percent
    inputs: {p: {type: percent}}
    target: ">= 60"
    scoring: {levels: [40, 50, 60, 70, 80]}
  - id: c
    name: ค
    dimension: efficiency
    weight: 100
    unit: percent
    inputs: {p: {type: percent}}
    target: ">= 60"
    scoring: {levels: [40, 50, 60, 70, 80]}
  - id: tracked
    name: ง
    dimension: efficiency
    weight: 0
    unit: percent
    inputs: {p: {type: percent}}
    target: ">= 60"
    scoring: {levels: [40, 50, 60, 70, 80]}
"""


def _plan(on_missing="zero"):
    return f"""\
kind: plan
id: t-2563
title: ทดสอบ
fiscal_year: 2563
on_missing: {on_missing}
dimensions:
  - {{id: effectiveness, number: 1, name: ประสิทธิผล, weight: 70}}
  - {{id: efficiency, number: 2, name: ประสิทธิภาพ, weight: 30}}
"""


def _run(rules_dir, write, values: str, on_missing="zero"):
    rules = load_rules(rules_dir(INDICATORS, plan=_plan(on_missing)))
    evidence = write("evidence.yaml", f"kind: evidence\nplan: t-2563\nvalues:\n{values}")
    return evaluate(rules, load_evidence(evidence))


ALL = "  a: {p: 70}\n  b: {p: 50}\n  c: {p: 80}\n  tracked: {p: 40}\n"


def test_weights_and_tracked_indicators(rules_dir, write):
    result = _run(rules_dir, write, ALL)
    # a: 70 → 4; b: 50 → 2; effectiveness = (60·4 + 40·2)/100 = 3.2
    # c: 80 → 5; tracked: 40 → 1 but weight 0 → reported, left out: efficiency = 5
    # overall = (70·3.2 + 30·5)/100 = 3.74
    assert result.dimension("effectiveness").score == pytest.approx(3.2)
    assert result.dimension("efficiency").score == pytest.approx(5)
    assert result.overall == pytest.approx(3.74)
    tracked = result.indicator("tracked")
    assert tracked.score == 1 and tracked.status == "scored" and tracked.weighted_score == 0
    assert not tracked.counted


def test_missing_under_zero(rules_dir, write):
    result = _run(rules_dir, write, "  a: {p: 70}\n  c: {p: 80}\n  tracked: {p: 40}\n")
    b = result.indicator("b")
    # b missing → score 0, weight kept: effectiveness = (60·4 + 40·0)/100 = 2.4; overall = 0.7·2.4 + 0.3·5 = 3.18
    assert (b.status, b.score, b.value) == ("missing", 0, None)
    assert result.dimension("effectiveness").score == pytest.approx(2.4)
    assert result.overall == pytest.approx(3.18)
    assert result.errors == []


def test_missing_under_exclude(rules_dir, write):
    result = _run(rules_dir, write, "  a: {p: 70}\n  c: {p: 80}\n  tracked: {p: 40}\n", "exclude")
    b = result.indicator("b")
    # b excluded → out of both sums: effectiveness = 60·4/60 = 4; overall = 0.7·4 + 0.3·5 = 4.3
    assert (b.status, b.score, b.weighted_score) == ("excluded", None, None)
    assert result.dimension("effectiveness").score == pytest.approx(4)
    assert result.overall == pytest.approx(4.3)
    assert result.errors == []


def test_missing_under_error(rules_dir, write):
    result = _run(rules_dir, write, "  a: {p: 70}\n  c: {p: 80}\n  tracked: {p: 40}\n", "error")
    b = result.indicator("b")
    # b: status missing, score null, out of the sums, an entry in errors
    assert (b.status, b.score) == ("missing", None)
    assert result.dimension("effectiveness").score == pytest.approx(4)
    assert [e.indicator for e in result.errors] == ["b"]


@pytest.mark.parametrize("policy, score, effectiveness", [
    ("zero", 0, 2.4),  # counted like a missing one: 0 with its weight
    ("exclude", None, 4),
    ("error", None, 4),
])
def test_an_indicator_in_error_counts_like_a_missing_one(rules_dir, write, policy, score, effectiveness):
    result = _run(rules_dir, write, "  a: {p: 70}\n  b: {p: abc}\n  c: {p: 80}\n  tracked: {p: 40}\n", policy)
    b = result.indicator("b")
    assert (b.status, b.score) == ("error", score)
    assert result.dimension("effectiveness").score == pytest.approx(effectiveness)
    assert [e.indicator for e in result.errors] == ["b"]
    assert result.errors[0].line == 5 and "input 'p' of 'b'" in result.errors[0].message


def test_a_dimension_without_a_scored_indicator_is_left_out(rules_dir, write):
    result = _run(rules_dir, write, "  a: {p: 70}\n  b: {p: 50}\n", "exclude")
    # efficiency: c excluded, tracked has weight 0 → no score; overall = effectiveness alone = 3.2
    assert result.dimension("efficiency").score is None
    assert result.overall == pytest.approx(3.2)


def test_no_dimension_scored_gives_no_overall(rules_dir, write):
    result = _run(rules_dir, write, "  tracked: {p: 40}\n", "exclude")
    assert result.overall is None
    assert [d.score for d in result.dimensions] == [None, None]


def test_unknown_indicator_in_evidence(rules_dir, write):
    result = _run(rules_dir, write, ALL + "  d: {p: 1}\n  bb: {p: 1}\n")
    messages = [e.message for e in result.errors]
    assert messages == ["unknown indicator 'd'", "unknown indicator 'bb' (did you mean 'b'?)"]
    assert result.overall == pytest.approx(3.74)  # the rest is scored all the same


def test_evidence_for_another_plan_is_refused(write):
    evidence = write("e.yaml", "kind: evidence\nplan: other\nvalues: {}\n")
    with pytest.raises(EvidenceFileError, match="for plan 'other'"):
        evaluate(load_rules(DEMO_RULES), load_evidence(evidence))


def test_an_invalid_rule_set_is_refused(rules_dir):
    path = rules_dir("kind: indicator\nid: x\n")
    assert not inspect_rules(path).valid
    with pytest.raises(RuleSetError) as info:
        load_rules(path)
    assert {p.code for p in info.value.problems} == {"SC05"}


def test_same_input_same_json_every_time():
    runs = {json.dumps(evaluate(load_rules(DEMO_RULES), load_evidence(DEMO_EVIDENCE)).to_json(),
                       ensure_ascii=False) for _ in range(3)}
    assert len(runs) == 1


def test_deadline_formula_with_days_late(rules_dir, write):
    rules = load_rules(rules_dir("""\
        kind: indicator
        id: report
        name: ส่งรายงาน
        dimension: effectiveness
        weight: 100
        unit: date
        direction: lower
        inputs: {delivered: {type: date}}
        formula: days_late
        target: {by: 2563-09-30}
        scoring: {levels: [60, 45, 30, 15, 0]}
        """))
    late = write("late.yaml", "kind: evidence\nplan: t-2563\nvalues:\n  report: {delivered: 7 ต.ค. 2563}\n")
    r = evaluate(rules, load_evidence(late)).indicator("report")
    # 2020-10-07 − 2020-09-30 = 7 days late; levels (lower) 60 45 30 15 0: between 15 (4) and 0 (5):
    # 4 + (5 − 4)·(7 − 15)/(0 − 15) = 4.5333…; achieved is delivery by the due date: no
    assert r.value == 7 and r.score == pytest.approx(4 + 8 / 15) and r.achieved is False
    never = write("never.yaml", "kind: evidence\nplan: t-2563\nvalues:\n  report: {delivered: null}\n")
    r = evaluate(rules, load_evidence(never)).indicator("report")
    assert r.value is None and r.score == 0 and r.achieved is False


def test_milestone_steps_method(rules_dir, write):
    rules = load_rules(rules_dir("""\
        kind: indicator
        id: steps
        name: ขั้นตอน
        dimension: effectiveness
        weight: 100
        unit: milestone
        target: ">= 100"
        scoring: {method: steps}
        milestones:
          - {step: 1, title: หนึ่ง, weight: 10}
          - {step: 2, title: สอง, weight: 20}
          - {step: 3, title: สาม, weight: 30}
          - {step: 4, title: สี่, weight: 40}
        """))
    evidence = write("e.yaml", "kind: evidence\nplan: t-2563\nvalues:\n  steps: {completed: [1, 2, 4], partial: {3: 0.5}}\n")
    r = evaluate(rules, load_evidence(evidence)).indicator("steps")
    # consecutive steps from 1: 1, 2 (3 only partly) → k = 2 on a 4-step ladder: 1 + (2 − 1)·4/3 = 2.333…
    # the value is still the progress: 10 + 20 + 40 + 30·0.5 = 85
    assert r.score == pytest.approx(1 + 4 / 3) and r.value == 85 and r.achieved is False


def test_external_score_and_pass_fail(rules_dir, write):
    rules = load_rules(rules_dir("""\
        kind: indicators
        indicators:
          - {id: ext, name: ภายนอก, dimension: effectiveness, weight: 50, unit: score, defined_by: สงม.}
          - {id: course, name: หลักสูตร, dimension: effectiveness, weight: 50, unit: count,
             inputs: {courses: {type: count}}, target: ">= 1"}
        """))
    evidence = write("e.yaml", "kind: evidence\nplan: t-2563\nvalues:\n  ext: {score: 4.2}\n  course: {courses: 1}\n")
    result = evaluate(rules, load_evidence(evidence))
    # ext 4.2 (set outside); course 1 >= 1 → pass → 5; effectiveness (50·4.2 + 50·5)/100 = 4.6
    assert result.indicator("ext").score == 4.2
    assert result.indicator("course").score == 5
    assert result.dimension("effectiveness").score == pytest.approx(4.6)
    out_of_scale = write("x.yaml", "kind: evidence\nplan: t-2563\nvalues:\n  ext: {score: 6}\n  course: {courses: 0}\n")
    result = evaluate(rules, load_evidence(out_of_scale))
    assert result.indicator("ext").status == "error"
    assert result.indicator("course").score == 0
    assert "within the scale [1, 5]" in result.errors[0].message


def test_division_by_zero_is_an_error_of_that_indicator_only(rules_dir, write):
    rules = load_rules(rules_dir("""\
        kind: indicators
        indicators:
          - id: share
            name: สัดส่วน
            dimension: effectiveness
            weight: 50
            unit: percent
            inputs: {x: {type: count, max: total}, total: {type: count}}
            formula: x * 100 / (total - x)
            target: ">= 50"
          - {id: other, name: อื่น, dimension: effectiveness, weight: 50, unit: percent, inputs: {p: {type: percent}},
             target: ">= 50"}
        """))
    evidence = write("e.yaml", "kind: evidence\nplan: t-2563\nvalues:\n  share: {x: 3, total: 3}\n  other: {p: 60}\n")
    result = evaluate(rules, load_evidence(evidence))
    assert result.indicator("share").status == "error"
    assert result.indicator("other").score == 5
    [error] = result.errors
    assert error.indicator == "share" and error.line == 4
    assert "division by zero in 'x * 100 / (total - x)' with total = 3, x = 3" in error.message


def test_target_from_targets_by_year(rules_dir, write):
    rules = load_rules(rules_dir("""\
        kind: indicator
        id: a
        name: ก
        dimension: effectiveness
        weight: 100
        unit: percent
        inputs: {p: {type: percent}}
        targets_by_year: {2561: null, 2562: 40, 2563: 30}
        """))
    assert rules.indicators["a"].target.value == 30  # the plan's year, 2563
    evidence = write("e.yaml", "kind: evidence\nplan: t-2563\nvalues:\n  a: {p: 35}\n")
    r = evaluate(rules, load_evidence(evidence)).indicator("a")
    assert r.achieved is True and r.score == 5


def test_results_use_exact_sums():
    result = evaluate(load_rules(DEMO_RULES), load_evidence(DEMO_EVIDENCE))
    eff = result.dimension("effectiveness")
    assert eff.score == math.fsum([60 * 3.6, 40 * 3.5]) / 100
