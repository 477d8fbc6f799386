"""The fuzzer guards the engine too: engine faults it must report, and the engine bug it found."""

import dataclasses
import subprocess
import sys

import pytest

from kpiengine import inspect_rules, load_rules
from kpiengine.engine import evaluation as engine
from kpiengine.engine import scoring
from kpiengine.engine.evaluation import evaluate_entry
from kpiengine.evidence.document import EvidenceEntry
from kpiengine.testing.fuzz import fuzz

from .conftest import DEMO_EVIDENCE, DEMO_RULES, ROOT, run

# --- regression: a bound of the wrong kind crashed the evidence reader --------------------------------

WRONG_KIND_BOUNDS = """\
kind: indicator
id: delivered-late
name: ก
dimension: effectiveness
weight: 50
unit: date
inputs: {delivered: {type: date, min: 5}}
target: {by: 2563-09-30}
---
kind: indicator
id: days-capped
name: ข
dimension: effectiveness
weight: 50
unit: number
inputs:
  days: {type: number, max: delivered}
  delivered: {type: date}
formula: days
target: 1
"""


def test_a_bound_of_the_wrong_kind_is_refused_when_the_rules_load(rules_dir, write):
    # Found by kpi fuzz (no-crash): `min: 5` on a date input, or a date input as the bound of a number,
    # made read_inputs compare a date with a number (TypeError, an internal error of `kpi score`).
    # Check RF09 now refuses such a rule set when it loads.
    path = rules_dir(WRONG_KIND_BOUNDS)
    ruleset = inspect_rules(path)
    assert [(p.code, p.message) for p in ruleset.problems if p.code == "RF09"] == [
        ("RF09", "min of date input 'delivered' is a number (5): give a date or a date input"),
        ("RF09", "max of input 'days' (number) is input 'delivered', a date: they cannot be compared"),
    ]
    evidence = write("e.yaml", """\
        kind: evidence
        plan: t-2563
        values:
          delivered-late: {delivered: 2563-09-30}
          days-capped: {days: 3, delivered: 2563-09-30}
        """)
    code, _, err = run("score", path, evidence)
    assert code == 2 and "(RF09)" in err and "internal error" not in err


def test_the_engine_still_guards_a_bound_of_the_wrong_kind(rules_dir, write):
    # Defence in depth: evaluating such an indicator through the API gives an evidence error, not a TypeError.
    ruleset = inspect_rules(rules_dir(WRONG_KIND_BOUNDS))
    entry = EvidenceEntry("delivered-late", {"delivered": "2563-09-30"})
    result = evaluate_entry(ruleset, ruleset.indicators["delivered-late"], entry)
    assert result.status == "error"
    assert [(f.code, f.message) for f in result.faults] == [
        ("EV09", "input 'delivered' of 'delivered-late': its bound 'min: 5' cannot be compared with a date "
                 "(fix the rule set)")]


def test_the_fuzzer_refuses_bounds_of_the_wrong_kind(rules_dir):
    code, out, err = run("fuzz", rules_dir(WRONG_KIND_BOUNDS))
    assert code == 2 and out == "" and err.count("(RF09)") == 2


# --- engine faults the fuzzer must not miss (planted with monkeypatch) --------------------------------


def properties_found(monkeypatch=None):
    report = fuzz(load_rules(DEMO_RULES), max_examples=30)
    return {(f.indicator, f.property) for f in report.findings}


def test_clean_engine_clean_demo():
    assert properties_found() == set()


def test_a_crash_in_scoring_is_a_no_crash_finding(monkeypatch):
    original = scoring.score_levels

    def crashing(value, *args, **kwargs):
        if value == 100:  # satisfied == respondents
            raise KeyError("planted")
        return original(value, *args, **kwargs)

    monkeypatch.setattr(scoring, "score_levels", crashing)
    found = properties_found()
    assert ("satisfaction", "no-crash") in found
    report = fuzz(load_rules(DEMO_RULES), ["satisfaction"], max_examples=10)
    (finding,) = [f for f in report.findings if f.property == "no-crash"]
    assert finding.message == "evaluation crashed: KeyError: 'planted'"
    assert finding.evidence["satisfied"] == finding.evidence["respondents"] == 1  # the smallest 100 %


def test_a_jump_at_a_level_boundary_is_found(monkeypatch):
    original = scoring.score_levels

    def jumpy(value, levels, direction, interpolate, scale):
        trace = original(value, levels, direction, interpolate, scale)
        if value == levels[2]:  # exactly at level 3 (60 for satisfaction): half a point too much
            return scoring.ScoreTrace("levels", trace.score + 0.5, level=3)
        return trace

    monkeypatch.setattr(scoring, "score_levels", jumpy)
    report = fuzz(load_rules(DEMO_RULES), ["satisfaction"], max_examples=10)
    (finding,) = [f for f in report.findings if f.property == "levels-continuous"]
    # just before 60 (by 10 · 1e-7) the line from level 2 gives 2.9999999, shown with 6 decimals as 3
    assert finding.message == "the score jumps at level 3 (60): 3.5 at 60, 3 just before it (level 3 is worth 3)"


def test_a_non_deterministic_engine_is_found(monkeypatch):
    calls = []
    original = engine._trace

    def drifting(indicator, result, scale):
        calls.append(1)
        trace = original(indicator, result, scale)
        return scoring.ScoreTrace(trace.method, trace.score + (len(calls) % 2) * 1e-3, note=trace.note)

    monkeypatch.setattr(engine, "_trace", drifting)
    assert ("report-delivered", "deterministic") in properties_found()


def test_invalid_evidence_that_is_scored_is_found(monkeypatch):
    original = engine.read_inputs

    def lenient(indicator, entry, scale):
        inputs = original(indicator, entry, scale)
        return dataclasses.replace(inputs, faults=tuple(f for f in inputs.faults if f.code != "EV02"))

    monkeypatch.setattr(engine, "read_inputs", lenient)
    report = fuzz(load_rules(DEMO_RULES), ["satisfaction"], max_examples=40)
    (finding,) = [f for f in report.findings if f.property == "invalid-evidence-reported"]
    assert finding.message.startswith("evidence with a fault (unknown-input at '")
    assert finding.message.endswith("instead of reported as an evidence error (EV02)")


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_boundary_faults_are_found_on_every_seed(rules_dir, seed):
    path = rules_dir("""\
        kind: indicator
        id: share-of-rest
        name: ก
        dimension: effectiveness
        weight: 50
        unit: percent
        inputs:
          x: {type: count, max: total}
          total: {type: count, min: 1}
        formula: x * 100 / (total - x)
        target: 50
        """)
    (finding,) = fuzz(load_rules(path), max_examples=1, seed=seed).findings
    assert finding.property == "formula-evaluates"
    assert finding.evidence == {"x": 1, "total": 1}  # total ≥ 1 here, so x == total == 1 is the smallest


# --- regression: hypothesis is a test dependency, not a dependency of kpi ---------------------------

WITHOUT_HYPOTHESIS = """
import sys
sys.modules["hypothesis"] = None  # as if it were not installed
from kpiengine.cli.main import main
import kpiengine.testing.pytest_plugin  # the plugin loads in every pytest run of the environment
print("score", main(["score", sys.argv[1], sys.argv[2]]))
print("fuzz", main(["fuzz", sys.argv[1]]))
"""


def test_kpi_and_the_plugin_work_without_hypothesis_and_fuzz_says_what_it_needs():
    # hypothesis is imported only where it runs: when it is missing or broken, importing it at the top of the
    # fuzz modules would break every kpi command (and every pytest run, through the plugin).
    done = subprocess.run([sys.executable, "-c", WITHOUT_HYPOTHESIS, str(DEMO_RULES), str(DEMO_EVIDENCE)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.stdout.splitlines()[-2:] == ["score 0", "fuzz 2"]
    assert done.stderr == "kpi: error: kpi fuzz needs hypothesis, a dependency of kpiengine: " \
                          "pip install 'hypothesis>=6.90'\n"
