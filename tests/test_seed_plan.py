"""The seed plan (rules/bma-csc-2563): it loads clean, its printed facts come out of the engine,
its golden cases pass, and the plan book and progress reports show what the printed plan says."""

import json
import math

import pytest

from kpiengine import inspect_rules, load_rules
from kpiengine.plan.book import plan_book
from kpiengine.rules.facts import computed_facts

from .conftest import ROOT, run

SEED = ROOT / "rules" / "bma-csc-2563"
CASES = ROOT / "cases" / "bma-csc-2563"



@pytest.fixture(scope="module")
def seed():
    return load_rules(SEED)


def test_the_seed_plan_has_no_errors():
    ruleset = inspect_rules(SEED)
    assert [p for p in ruleset.problems if p.severity.value == "error"] == []


def test_every_indicator_and_project_of_the_printed_plan(seed):
    # 16 strategic indicator ids of the inventory, two of them (district services / district tasks) encoded
    # once, plus 8 indicators of dimensions 2–4: 15 + 8 = 23
    assert len(seed.indicators) == 23
    assert [len(seed.indicators_in(d.id)) for d in seed.dimensions] == [15, 3, 3, 2]
    strategic = [p for p in seed.projects.values() if p.spec.category == "strategic"]
    baseline = [p for p in seed.projects.values() if p.spec.category == "baseline"]
    assert (len(strategic), len(baseline)) == (13, 16)
    # the nine milestone tables T1–T9
    assert sum(1 for p in strategic if p.spec.milestones) == 9


@pytest.mark.parametrize("category, fact, printed", [
    # L490: รวมงบประมาณทั้งสิ้น 26,134,500 (the sum of the 13 rows L473–489)
    ("strategic", "budget_total", 26_134_500),
    ("strategic", "projects", 13),  # L492
    ("strategic", "with_budget", 12),  # L494 ใช้งบประมาณ 12
    ("strategic", "funded", 8),  # L494 ได้รับงบประมาณ 8
    ("strategic", "not_funded", 4),  # L494 ไม่ได้รับงบประมาณ 4
    ("strategic", "no_budget", 1),  # L496 ไม่ใช้งบประมาณ 1
    ("baseline", "budget_total", 56_296_100),  # L523 รวม 56,296,100
    ("baseline", "projects", 16),  # L507–522
])
def test_printed_facts_come_out_of_the_engine(seed, category, fact, printed):
    assert computed_facts(seed, category)[fact] == printed
    declared = getattr(seed.plan.declared.by_category[category], fact)
    assert declared == printed


def test_every_cumulative_column_is_the_running_sum(seed):
    tables = [p.spec.milestones for p in seed.projects.values() if p.spec.milestones]
    assert len(tables) == 9
    for steps in tables:
        running = 0
        for step in steps:
            running += step.weight
            assert step.cumulative == running
        assert running == 100


def test_weights_aggregate_four_dimensions(seed):
    assert [(d.id, d.weight) for d in seed.dimensions] == [
        ("effectiveness", 60), ("efficiency", 15), ("quality", 15), ("organization-development", 10)]
    for d in seed.dimensions:
        assert math.fsum(i.weight for i in seed.indicators_in(d.id)) == 100


def test_golden_cases_pass():
    code, out, err = run("test", SEED, CASES)
    assert code == 0, out + err
    assert out.splitlines()[-1] == "12 case(s): 12 passed, 0 failed"


def test_show_json_totals_reproduce_the_printed_plan():
    code, out, _ = run("show", SEED, "--format", "json")
    assert code == 0
    totals = json.loads(out)["totals"]
    assert totals["indicators"] == 23 and totals["projects"] == 29
    # strategic 26,134,500 + baseline 56,296,100 = 82,430,600 (the plan prints no grand total)
    assert totals["budget"] == 82_430_600
    assert totals["budget_by_category"] == {"baseline": 56_296_100, "strategic": 26_134_500}


def test_show_text_and_markdown():
    code, out, _ = run("show", SEED)
    assert code == 0
    assert "  budget 82,430,600 baht (baseline 56,296,100; strategic 26,134,500)" in out.splitlines()
    assert "  projects with a budget 23 (funded 8, not funded 4), without a budget 6" in out.splitlines()
    code, out, _ = run("show", SEED, "--format", "markdown")
    assert code == 0 and out.startswith("# แผนปฏิบัติราชการประจำปี พ.ศ. 2563\n")
    assert "| 1 | district-office-structure | โครงการพัฒนาระบบงานและโครงสร้างสำนักงานเขต | strategic | 1,918,000 | funded |" in out


def test_the_plan_book_lists_indicator_targets_owners_and_projects(seed):
    book = plan_book(seed)
    district = next(i for i in book["indicators"] if i["id"] == "district-services-surveyed")
    assert district["target"] == {"op": ">=", "value": 100}
    assert "district-office-structure" in district["projects"]
    assert district["owner"] and district["weight"] == 20
    ea = next(p for p in book["projects"] if p["id"] == "hrm-enterprise-architecture")
    assert ea["status"] == "not funded" and ea["additional"] is True


def test_progress_mid_year():
    code, out, _ = run("progress", SEED, CASES / "progress-mid-year.yaml", "--as-of", "2563-03-31",
                       "--format", "json")
    assert code == 0
    projects = {p["id"]: p for p in json.loads(out)["projects"]}
    # worked by hand in progress-mid-year.yaml's header
    assert projects["district-office-structure"]["planned"] == pytest.approx(14)
    assert (projects["district-office-structure"]["actual"], projects["district-office-structure"]["status"]) == \
        (15, "ahead")
    assert projects["internship-in-bma"]["planned"] == pytest.approx(45 + 5 * 31 / 61)
    assert projects["internship-in-bma"]["status"] == "behind"
    assert projects["competency-review"]["status"] == "on track"
    assert projects["career-path-consultant"]["planned"] == pytest.approx(15 + 70 * 122 / 305 + 10 * 91 / 274)
    assert projects["career-path-consultant"]["status"] == "no evidence"
    quality = projects["quality-recruitment-system"]
    assert (quality["planned"], quality["actual"], quality["status"]) == (45, 30, "behind")
    assert [(s["step"], s["planned_end"], s["days_late"]) for s in quality["late_steps"]] == [(3, "2020-02-29", 31)]


def test_progress_at_year_end_text():
    code, out, _ = run("progress", SEED, CASES / "year-end-2563.yaml", "--as-of", "30 ก.ย. 2563")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "progress of plan bma-csc-2563 as of 2020-09-30 (fiscal year 2563)"
    assert any(line.startswith("  competency-review                  100.00   35.00      -65.00  behind") for line in lines)  # then the project's name
    assert any(line.startswith("  quality-recruitment-system         100.00   97.50       -2.50  behind") for line in lines)  # then the project's name
    assert any(line.startswith("  internship-in-bma                  100.00  100.00        0.00  on track") for line in lines)  # then the project's name
    assert "late steps:" not in lines  # due on the day itself is not late yet
    code, out, _ = run("progress", SEED, CASES / "year-end-2563.yaml", "--as-of", "2563-10-31")
    assert "  quality-recruitment-system step 8 (5%): planned by 2020-09-30, 31 days late, 50% done — " \
           "ติดตามประเมินผล และรายงานผู้บริหาร" in out.splitlines()


def test_progress_reports_unknown_projects(write):
    evidence = write("e.yaml", "kind: evidence\nplan: bma-csc-2563\nvalues: {}\nprojects:\n"
                               "  internship-in-bmaa: {completed: [1]}\n")
    code, out, _ = run("progress", SEED, evidence, "--as-of", "2563-03-31")
    assert code == 1
    assert f"  {evidence}:5: project 'internship-in-bmaa' is not a project of the plan " \
           "(did you mean 'internship-in-bma'?)" in out.splitlines()


def test_progress_needs_a_real_date():
    code, _, err = run("progress", SEED, CASES / "year-end-2563.yaml", "--as-of", "soon")
    assert code == 2 and "cannot read date 'soon'" in err


def test_year_end_evidence_scores_as_worked_by_hand():
    code, out, _ = run("score", SEED, CASES / "year-end-2563.yaml", "--format", "json")
    assert code == 0
    assert json.loads(out)["overall"]["score"] == pytest.approx(3.89735)  # year-end-2563.yaml's header


def test_scoring_with_another_years_weights_leaves_the_rule_set_unchanged(seed):
    from kpiengine.rules.overrides import with_weights

    before = {i.id: (i.weight, i.dimension.weight) for i in seed.indicators.values()}
    equal = with_weights(seed, "equal-2563")
    assert [d.weight for d in equal.dimensions] == [25, 25, 25, 25]
    assert all(i.dimension.weight == 25 for i in equal.indicators.values())
    assert {i.id: (i.weight, i.dimension.weight) for i in seed.indicators.values()} == before
    assert [d.weight for d in seed.dimensions] == [60, 15, 15, 10]
