"""kpi score over many units: files, directories and evidence tables (issue 9, point 1)."""

from __future__ import annotations

import json

import pytest

from kpiengine import evaluate, load_evidence, load_rules
from kpiengine.reports import score as score_report

from .conftest import DEMO_EVIDENCE, DEMO_RULES, ROOT, run

SEED_RULES = ROOT / "rules" / "bma-csc-2563"
SEED_CASES = ROOT / "cases" / "bma-csc-2563"

# Three units of the demo plan as a CSV table (units layout). Worked by hand:
#   north: SPEC appendix A's evidence → 3.392
#   south: 45/50 = 90 % → beyond the last level 80: 5; steps 1–4 done → progress 100 → 5; delivered on
#          2563-09-30, on time → 5; effectiveness 5, efficiency 5, overall 5
#   east:  satisfied "๖๐" of 50 → 120 % … but 60 > respondents 50: EV04 at B4, error → 0 (on_missing zero);
#          no step column filled → review-steps missing → 0; delivered 2563-11-01 = 32 days late, step 15
#          → 3 started steps → level 2 = 2; effectiveness 0, efficiency 2, overall 0.3·2 = 0.6
UNITS_CSV = """\
unit,as_of,satisfaction.satisfied,satisfaction.respondents,review-steps.step.1,review-steps.step.2,review-steps.step.3,review-steps.step.4,report-delivered.delivered
north,2563-10-31,33,50,1,1,0.5,,20 ต.ค. 2563
south,2563-10-31,45,50,1,1,1,1,2563-09-30
east,,๖๐,50,,,,,2563-11-01
"""


def _units_csv(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(UNITS_CSV, encoding="utf-8")
    return path


def test_one_evidence_file_prints_exactly_the_single_report():
    code, out, err = run("score", DEMO_RULES, DEMO_EVIDENCE)
    ruleset = load_rules(DEMO_RULES)
    assert (code, err) == (0, "")
    assert out == score_report.to_text(evaluate(ruleset, load_evidence(DEMO_EVIDENCE)))


def test_a_table_ranks_its_units_with_the_summary(tmp_path):
    code, out, err = run("score", DEMO_RULES, _units_csv(tmp_path))
    assert code == 1  # east has an indicator error; every unit is still reported
    assert out.splitlines() == [
        "plan demo-2563 — ตัวอย่างแผน",
        "3 units, on_missing zero, sorted by overall",
        "",
        "rank  unit   overall  effectiveness  efficiency  achieved  missing  errors",
        "   1  south   5.0000         5.0000      5.0000         3        0       0",
        "   2  north   3.3920         3.5600      3.0000         1        0       0",
        "   3  east    0.6000         0.0000      2.0000         0        1       1",
        "",
        "summary",
        "                   mean  median     min     max",
        "  overall        2.9973  3.3920  0.6000  5.0000",  # (3.392 + 5 + 0.6) / 3
        "  effectiveness  2.8533  3.5600  0.0000  5.0000",
        "  efficiency     3.3333  3.0000  2.0000  5.0000",
        "",
        "errors (1):",
        f"  east: {tmp_path / 'units.csv'}:C4: satisfaction: input 'satisfied' of 'satisfaction' must be at most "
        "respondents (50), got 60",
    ]


def test_sort_by_unit_and_by_a_dimension(tmp_path):
    _, out, _ = run("score", DEMO_RULES, _units_csv(tmp_path), "--sort", "unit")
    assert [line.split()[1] for line in out.splitlines()[4:7]] == ["east", "north", "south"]
    _, out, _ = run("score", DEMO_RULES, _units_csv(tmp_path), "--sort", "efficiency")
    assert [line.split()[:2] for line in out.splitlines()[4:7]] == [["1", "south"], ["2", "north"], ["3", "east"]]
    code, _, err = run("score", DEMO_RULES, _units_csv(tmp_path), "--sort", "eficiency")
    assert code == 2 and "unknown --sort 'eficiency' (did you mean 'efficiency'?)" in err


def test_json_round_holds_each_units_single_report(tmp_path):
    code, out, _ = run("score", DEMO_RULES, _units_csv(tmp_path), "--format", "json")
    doc = json.loads(out)
    assert code == 1
    assert list(doc) == ["plan", "rules_hash", "units", "summary"]
    assert doc["rules_hash"].startswith("sha256:")  # the rules that made the scores, as for one unit
    assert [u["unit"] for u in doc["units"]] == ["north", "south", "east"]  # input order
    assert doc["summary"]["units"] == 3
    # mean of 3.392, 5 and 0.6 = 8.992 / 3
    assert doc["summary"]["overall"] == pytest.approx({"mean": 8.992 / 3, "median": 3.392, "min": 0.6, "max": 5})
    assert doc["summary"]["dimensions"]["efficiency"]["min"] == 2.0
    north = doc["units"][0]
    _, single, _ = run("score", DEMO_RULES, DEMO_EVIDENCE, "--format", "json")
    single = json.loads(single)
    assert north["overall"] == single["overall"]
    assert [i["score"] for i in north["indicators"]] == [i["score"] for i in single["indicators"]]
    [error] = doc["units"][2]["errors"]
    assert (error["code"], error["cell"], error["indicator"]) == ("EV04", "C4", "satisfaction")


def test_csv_round_has_a_byte_order_mark_and_a_row_per_unit(tmp_path):
    out_file = tmp_path / "round.csv"
    code, out, _ = run("score", DEMO_RULES, _units_csv(tmp_path), "--format", "csv", "-o", out_file)
    assert code == 1 and out == ""
    text = out_file.read_text(encoding="utf-8")
    assert text.startswith("\ufeffunit,assessment,as_of,overall,effectiveness,efficiency,satisfaction,")
    rows = text.lstrip("\ufeff").splitlines()
    assert rows[1].startswith("south,,2020-10-31,5.0,5.0,5.0,5.0,5.0,5.0")
    assert len(rows) == 4


def test_markdown_round(tmp_path):
    code, out, _ = run("score", DEMO_RULES, _units_csv(tmp_path), "--format", "markdown")
    lines = out.splitlines()
    assert lines[4] == ("| rank | unit | assessment | as_of | overall | effectiveness | efficiency | satisfaction "
                        "| review-steps | report-delivered |")
    assert lines[6] == "| 1 | south | - | 2020-10-31 | 5.0000 | 5.0000 | 5.0000 | 5.0000 | 5.0000 | 5.0000 |"
    assert "| overall | 2.9973 | 3.3920 | 0.6000 | 5.0000 |" in lines


def test_the_seed_directory_skips_golden_cases_with_a_note_and_equals_single_scoring():
    code, out, err = run("score", SEED_RULES, SEED_CASES, "--format", "json")
    assert code == 0
    assert f"kpi: note: skipped {SEED_CASES / 'evidence-faults.yaml'} (kind: case, not evidence)" in err
    doc = json.loads(out)
    files = ["progress-mid-year.yaml", "year-end-2563.yaml"]  # the evidence files, in path order
    assert len(doc["units"]) == len(files)
    for unit, name in zip(doc["units"], files, strict=True):
        _, single, _ = run("score", SEED_RULES, SEED_CASES / name, "--format", "json")
        single = json.loads(single)
        assert single.pop("rules_hash") == doc["rules_hash"]
        assert unit == single


def test_unreadable_files_are_named_and_the_others_scored(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: evidence\nplan: demo-2563\nvalues: [satisfaction]\n", encoding="utf-8")
    other = tmp_path / "other.yaml"
    other.write_text("kind: evidence\nplan: demo-2562\nvalues: {}\n", encoding="utf-8")
    code, out, err = run("score", DEMO_RULES, DEMO_EVIDENCE, broken, other, _units_csv(tmp_path))
    assert code == 1
    assert f"kpi: error: {broken}:3: 'values' must be a mapping of indicator id → inputs, got a list" in err
    assert "the evidence is for plan 'demo-2562', but the rule set is plan 'demo-2563'" in err
    assert "4 units" in out and "not read (2):" in out


def test_nothing_readable_exits_2(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: case\nname: x\n", encoding="utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    code, out, err = run("score", DEMO_RULES, broken, empty)
    assert code == 2 and out == ""
    assert "kpi: error: no evidence could be read" in err


def test_self_and_committee_assessments_side_by_side(tmp_path):
    """OPEC's practice: the unit's own score beside the committee's. Self: appendix A (3.392); committee:
    satisfaction 30/50 = 60 % → level 3 = 3 (instead of 3.6), the rest equal: effectiveness
    (60·3 + 40·3.5)/100 = 3.2 (−0.36), overall 0.7·3.2 + 0.3·3 = 3.14 (−0.252)."""
    evidence = DEMO_EVIDENCE.read_text(encoding="utf-8")
    own = tmp_path / "self.yaml"
    own.write_text(evidence.replace("as_of:", "assessment: self\nas_of:"), encoding="utf-8")
    committee = tmp_path / "committee.yaml"
    committee.write_text(evidence.replace("as_of:", "assessment: committee\nas_of:")
                         .replace("satisfied: 33", "satisfied: 30"), encoding="utf-8")
    code, out, _ = run("score", DEMO_RULES, own, committee)
    assert code == 0
    lines = out.splitlines()
    start = lines.index("assessments of สำนักงานตัวอย่าง: self · committee (difference committee − self)")
    assert lines[start + 1:start + 8] == [
        "                                 self  committee  difference",
        "  overall    overall           3.3920     3.1400     -0.2520",
        "  dimension  effectiveness     3.5600     3.2000     -0.3600",
        "  dimension  efficiency        3.0000     3.0000     +0.0000",
        "  indicator  satisfaction      3.6000     3.0000     -0.6000",
        "  indicator  review-steps      3.5000     3.5000     +0.0000",
        "  indicator  report-delivered  3.0000     3.0000     +0.0000",
    ]
    _, out, _ = run("score", DEMO_RULES, own, committee, "--format", "json")
    [group] = json.loads(out)["assessments"]
    assert group["overall"]["difference"] == pytest.approx(-0.252)
    assert group["indicators"]["satisfaction"]["weighted_difference"] == pytest.approx(-0.36)  # 60·(3 − 3.6)/100
    _, out, _ = run("score", DEMO_RULES, own, committee, "--format", "csv")
    assert out.splitlines()[-1].startswith("สำนักงานตัวอย่าง,committee - self,,-0.252")


def test_output_never_overwrites_an_input(tmp_path):
    table = _units_csv(tmp_path)
    before = table.read_text(encoding="utf-8")
    code, _, err = run("score", DEMO_RULES, table, DEMO_EVIDENCE, "-o", table)
    assert code == 2 and "refusing to write" in err
    assert table.read_text(encoding="utf-8") == before


def _blocks(language: str) -> list[str]:
    text = (ROOT / "docs" / "rounds.md").read_text(encoding="utf-8")
    parts = text.split("```" + language + "\n")[1:]
    return [part.split("```", 1)[0] for part in parts]


def test_every_command_of_docs_rounds_works(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    commands = [line.split("  #")[0].split() for block in _blocks("sh") for line in block.splitlines()
                if line.startswith("kpi ")]
    assert len(commands) == 5
    for argv in commands:
        argv = [str(tmp_path / a) if a == "round.csv" else a for a in argv[1:]]
        code, out, err = run(*argv)
        assert code == 0, (argv, err)
        assert "internal error" not in err
    assert (tmp_path / "round.csv").read_text(encoding="utf-8").startswith("\ufeffunit,")


def test_the_python_example_of_docs_rounds_runs(monkeypatch):
    monkeypatch.chdir(ROOT)
    [block] = _blocks("python")
    scope: dict = {}
    exec(block, scope)  # noqa: S102 - our own documentation
    batch = scope["batch"]
    # north is appendix A without milestone evidence (missing → 0): effectiveness (60·3.6 + 0)/100 = 2.16
    assert list(batch.dimensions["effectiveness"]) == pytest.approx([2.16, 3.0])  # south: 90 % → 5; 60·5/100


def test_both_table_layouts_score_the_same():
    _, by_units, _ = run("score", DEMO_RULES, ROOT / "cases" / "demo-2563-round" / "units.csv", "--format", "json")
    _, by_inputs, _ = run("score", DEMO_RULES, ROOT / "cases" / "demo-2563-round" / "inputs.csv", "--format", "json")
    by_units, by_inputs = json.loads(by_units), json.loads(by_inputs)
    assert by_units["summary"] == by_inputs["summary"]
    # docs/rounds.md: north 3.392, south 5, east 0.7·1.8 + 0.3·2 = 1.86
    assert [u["overall"]["score"] for u in by_units["units"]] == pytest.approx([3.392, 5.0, 1.86])
    for a, b in zip(by_units["units"], by_inputs["units"], strict=True):
        assert [i["score"] for i in a["indicators"]] == [i["score"] for i in b["indicators"]]
