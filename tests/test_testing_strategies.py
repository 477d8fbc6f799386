"""kpiengine.testing: the domains and strategies derived from rule sets."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from kpiengine import KpiError, inspect_rules, load_rules
from kpiengine.evidence.document import EvidenceEntry, NoLocator
from kpiengine.evidence.inputs import read_inputs
from kpiengine.testing import (
    FAULTS,
    KPI_RULES,
    assert_properties,
    check_properties,
    domain_for,
    evaluate_values,
    evidence_for,
    invalid_evidence_for,
)
from kpiengine.testing.boundary import boundary_examples

from .conftest import DEMO_RULES, ROOT

SEED_RULES = ROOT / "rules" / "bma-csc-2563"
DEMO = load_rules(DEMO_RULES)
SEED = load_rules(SEED_RULES)
EVERY = [(DEMO, i) for i in DEMO.indicators] + [(SEED, i) for i in SEED.indicators]
many = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def faults(rules, ident, values):
    indicator = rules.indicators[ident]
    return list(read_inputs(indicator, EvidenceEntry(ident, values, NoLocator("e.yaml")), rules.scale).faults)


@many
@given(st.data())
def test_generated_evidence_is_always_accepted(data):
    rules, ident = data.draw(st.sampled_from(EVERY), label="indicator")
    values = data.draw(evidence_for(rules, ident), label="values")
    assert faults(rules, ident, values) == []
    assert list(values) == [k for k in domain_for(rules, ident).keys if k in values]  # declared order


@many
@given(st.data())
def test_invalid_evidence_gives_exactly_its_fault_code(data):
    rules, ident = data.draw(st.sampled_from(EVERY), label="indicator")
    bad = data.draw(invalid_evidence_for(rules, ident), label="invalid")
    assert {f.code for f in faults(rules, ident, bad.values)} == {bad.code}
    result = evaluate_values(rules, ident, bad.values)  # never raises
    assert result.status == "error"


@pytest.mark.parametrize("kind", sorted(FAULTS))
def test_each_kind_of_fault_can_be_asked_for(kind):
    ident = "review-steps" if kind == "unknown-step" else "satisfaction"
    bad = find(invalid_evidence_for(DEMO, ident, kinds=[kind]), lambda b: True,
               settings=settings(database=None, derandomize=True))
    assert (bad.kind, bad.code) == (kind, FAULTS[kind])
    assert [f.code for f in faults(DEMO, ident, bad.values)][:1] == [FAULTS[kind]]


def test_an_unknown_fault_kind_is_refused():
    with pytest.raises(KpiError, match="unknown fault kind 'typo'"):
        invalid_evidence_for(DEMO, "satisfaction", kinds=["typo"])


@settings(max_examples=200, deadline=None)
@given(evidence_for(DEMO, "satisfaction"))
def test_a_bound_naming_another_input_is_respected(values):
    # satisfied: {type: count, max: respondents}; respondents: {type: count, min: 1}
    assert isinstance(values["satisfied"], int) and isinstance(values["respondents"], int)
    assert 0 <= values["satisfied"] <= values["respondents"] and values["respondents"] >= 1


@settings(max_examples=200, deadline=None)
@given(evidence_for(DEMO, "review-steps"))
def test_milestone_evidence_is_a_subset_of_steps_and_fractions_for_others(values):
    completed, partial = values["completed"], values.get("partial", {})
    assert completed == sorted(set(completed)) and set(completed) <= {1, 2, 3, 4}
    assert not set(partial) & set(completed) and set(partial) <= {1, 2, 3, 4}
    assert all(0 <= f <= 1 for f in partial.values())


@settings(max_examples=200, deadline=None)
@given(evidence_for(DEMO, "report-delivered"))
def test_dates_fall_around_the_deadline_or_are_null(values):
    # due 2563-09-30 = 2020-09-30; step_days 15: from 30 days before to 75 days after
    delivered = values["delivered"]
    assert delivered is None or date(2020, 8, 31) <= delivered <= date(2020, 12, 14)


@settings(max_examples=200, deadline=None)
@given(evidence_for(SEED, "d3-3-client-satisfaction"))
def test_an_external_score_lies_within_the_scale(values):
    assert list(values) == ["score"] and 1 <= values["score"] <= 5


def test_the_boundary_phase_tries_x_equal_to_its_bound_and_the_least_denominator():
    examples = boundary_examples(domain_for(DEMO, "satisfaction"))
    assert {"satisfied": 0, "respondents": 1} == examples[0]  # both at their lower bounds
    assert any(e["satisfied"] == e["respondents"] > 1 for e in examples)
    days = {e["delivered"] for e in boundary_examples(domain_for(DEMO, "report-delivered"))}
    due = date(2020, 9, 30)
    # not delivered, on time, and both sides of each 15-day level edge
    assert {None, due, due + timedelta(days=15), due + timedelta(days=16), due + timedelta(days=61)} <= days


def test_bounds_propagate_through_named_inputs(rules_dir):
    path = rules_dir("""\
        kind: indicator
        id: share
        name: ก
        dimension: effectiveness
        weight: 10
        unit: percent
        inputs:
          x: {type: count, min: 5, max: total}
          total: {type: count, max: 8}
        formula: x * 100 / total
        target: 50
        """)
    domain = domain_for(load_rules(path), "share")
    assert [d.name for d in domain.inputs] == ["total", "x"]  # total first: x's bound names it
    total, x = domain.inputs
    assert (total.low, total.high, x.low, x.high) == (5, 8, 5, 8)  # x ≥ 5 lifts total; total ≤ 8 caps x
    assert not domain.problems


def test_unusable_bounds_are_domain_problems(rules_dir):
    path = rules_dir("""\
        kind: indicator
        id: odd
        name: ก
        dimension: effectiveness
        weight: 10
        unit: count
        inputs:
          n: {type: count, min: 10, max: 5}
          m: {type: count, max: totl}
        formula: n + m
        target: 1
        """)
    # kpi check refuses these bounds (RF09); the domain still says why it cannot draw from them
    problems = domain_for(inspect_rules(path), "odd").problems
    assert problems == ["'max: totl' of input 'm' names no input (inputs: n, m); the bound is ignored",
                        "no valid value for input 'n': its bounds leave nothing between 10 and 5"]


def test_evidence_for_takes_an_indicator_a_path_or_the_configured_rules(monkeypatch):
    indicator = DEMO.indicators["satisfaction"]
    for strategy in (evidence_for(indicator), evidence_for(DEMO, indicator), evidence_for(str(DEMO_RULES), "satisfaction"),
                     evidence_for(Path(DEMO_RULES), "satisfaction")):
        values = find(strategy, lambda v: v["respondents"] > 1, settings=settings(database=None, derandomize=True))
        assert set(values) == {"satisfied", "respondents"}
    monkeypatch.setattr(KPI_RULES, "path", str(DEMO_RULES))
    assert find(evidence_for(KPI_RULES, "report-delivered"), lambda v: True)["delivered"] is None  # simplest


def test_an_unknown_indicator_is_an_error_with_a_suggestion():
    with pytest.raises(KpiError, match=r"unknown indicator 'satisfacton' \(did you mean 'satisfaction'\?\)"):
        evidence_for(DEMO, "satisfacton")


def test_strategies_shrink_to_small_readable_examples():
    # the smallest counts for satisfied * 100 / respondents ≥ 50 are 1 of 1 (100 %) or 1 of 2 (50 %)
    values = find(evidence_for(DEMO, "satisfaction"),
                  lambda v: evaluate_values(DEMO, "satisfaction", v).value >= 50,
                  settings=settings(database=None, derandomize=True))
    assert values in ({"satisfied": 1, "respondents": 1}, {"satisfied": 1, "respondents": 2})
    # score 3 (level 3) is two started 15-day steps late: 16…30 days after 2020-09-30
    values = find(evidence_for(DEMO, "report-delivered"),
                  lambda v: evaluate_values(DEMO, "report-delivered", v).score == 3,
                  settings=settings(database=None, derandomize=True))
    assert date(2020, 10, 16) <= values["delivered"] <= date(2020, 10, 30)


def test_check_properties_names_what_breaks(rules_dir):
    path = rules_dir("""\
        kind: indicator
        id: rest
        name: ก
        dimension: effectiveness
        weight: 10
        unit: percent
        inputs:
          x: {type: count, max: total}
          total: {type: count}
        formula: x * 100 / (total - x)
        target: 50
        """)
    rules = load_rules(path)
    assert check_properties(rules, "rest", {"x": 1, "total": 3}) == []
    (violation,) = check_properties(rules, "rest", {"x": 3, "total": 3})
    assert violation.property == "formula-evaluates" and "division by zero" in violation.message
    with pytest.raises(AssertionError, match="formula-evaluates: division by zero"):
        assert_properties(rules, "rest", {"x": 3, "total": 3})
