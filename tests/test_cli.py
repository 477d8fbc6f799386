"""The command line (click's CliRunner): exact lines and SPEC §7 exit codes."""

import json

import pytest

from kpiengine.cli.main import main

from .conftest import APPENDIX_A, DEMO_EVIDENCE, DEMO_RULES, run


def test_score_text():
    code, out, err = run("score", DEMO_RULES, DEMO_EVIDENCE)
    assert code == 0 and err == ""
    assert out.splitlines() == [
        "plan demo-2563 — ตัวอย่างแผน",
        "unit สำนักงานตัวอย่าง, as of 2020-10-31, on_missing zero",
        "",
        "1 effectiveness — ประสิทธิผล (weight 70)",
        "  indicator        value  target  achieved   score  weight  weighted  status  name",
        "  satisfaction        66  >= 60   yes       3.6000      60    2.1600  scored  ร้อยละความพึงพอใจของหน่วยงาน",
        "  review-steps        70  >= 100  no        3.5000      40    1.4000  scored  ความสำเร็จของการทบทวนสมรรถนะ",
        "  dimension score                           3.5600",
        "",
        "2 efficiency — ประสิทธิภาพ (weight 30)",
        "  indicator              value  target         achieved   score  weight  weighted  status  name",
        "  report-delivered  2020-10-20  by 2020-09-30  no        3.0000     100    3.0000  scored  ส่งรายงานภายในกำหนด",
        "  dimension score                                        3.0000",
        "",
        "overall score 3.3920",
    ]


def test_score_json_is_the_spec_numbers():
    code, out, _ = run("score", APPENDIX_A / "rules.yaml", APPENDIX_A / "evidence.yaml", "--format", "json")
    doc = json.loads(out)
    assert code == 0
    assert doc["overall"]["score"] == pytest.approx(3.392, abs=1e-12)
    assert [d["score"] for d in doc["dimensions"]] == pytest.approx([3.56, 3.0])
    assert [i["score"] for i in doc["indicators"]] == pytest.approx([3.6, 3.5, 3.0])


def test_score_markdown_and_csv():
    code, out, _ = run("score", DEMO_RULES, DEMO_EVIDENCE, "--format", "markdown")
    assert code == 0
    assert "| satisfaction | ร้อยละความพึงพอใจของหน่วยงาน | 66 | >= 60 | yes | 3.6000 | 60 | 2.1600 | scored |" in out
    assert "**Overall score: 3.3920**" in out
    code, out, _ = run("score", DEMO_RULES, DEMO_EVIDENCE, "--format", "csv")
    lines = out.splitlines()
    assert lines[0] == "\ufefflevel,dimension,id,name,status,value,target,achieved,score,weight,weighted_score"
    assert lines[1] == "indicator,effectiveness,satisfaction,ร้อยละความพึงพอใจของหน่วยงาน,scored,66.0,>= 60,true,3.6,60,2.16"
    assert lines[-1].startswith("overall,,,ตัวอย่างแผน,,,,,3.392")


def test_score_writes_a_file_whole(tmp_path):
    out = tmp_path / "report.json"
    code, stdout, _ = run("score", DEMO_RULES, DEMO_EVIDENCE, "--format", "json", "-o", out)
    assert code == 0 and stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["plan"] == "demo-2563"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left behind


def test_score_refuses_to_overwrite_an_input(tmp_path):
    evidence = tmp_path / "evidence.yaml"
    evidence.write_text(DEMO_EVIDENCE.read_text(encoding="utf-8"), encoding="utf-8")
    before = evidence.read_bytes()
    code, _, err = run("score", DEMO_RULES, evidence, "-o", evidence)
    assert code == 2 and "refusing to write" in err
    assert evidence.read_bytes() == before


def test_score_exit_1_on_evidence_faults_and_the_report_still_printed(write):
    evidence = write("e.yaml", """\
        kind: evidence
        plan: demo-2563
        values:
          satisfaction: {satisfied: 60, respondents: 50}
          review-steps: {completed: [1, 2]}
          report-delivered: {delivered: 2563-09-01}
        """)
    code, out, err = run("score", DEMO_RULES, evidence)
    assert code == 1
    assert out.splitlines()[-3:] == [
        "",
        "errors (1):",
        f"  {evidence}:4: satisfaction: input 'satisfied' of 'satisfaction' must be at most respondents (50), got 60",
    ]
    assert "overall score" in out


@pytest.mark.parametrize("text, words", [
    ("", "empty file"),
    ("kind: evidence\nplan: other\nvalues: {}\n", "for plan 'other'"),
    ("kind: case\n", "expected kind: evidence"),
    ("- 1\n", "expected a mapping"),
    ("kind: evidence\nplan: demo-2563\nvalues: [1]\n", "'values' must be a mapping"),
    ("kind: evidence\nplan: demo-2563\nvalues: {}\nextra: 1\n", "unknown key 'extra'"),
    ("kind: evidence\nplan: demo-2563\nas_of: soon\nvalues: {}\n", "invalid 'as_of'"),
    ("kind: evidence\nplan: [demo\n", "syntax error"),
])
def test_score_exit_2_on_unreadable_evidence(write, text, words):
    evidence = write("e.yaml", text)
    code, out, err = run("score", DEMO_RULES, evidence)
    assert code == 2 and out == ""
    assert err.startswith("kpi: error: ") and words in err


def test_score_exit_2_on_an_invalid_rule_set(write):
    rules = write("rules.yaml", "kind: plan\nid: x\n")
    code, out, err = run("score", rules, DEMO_EVIDENCE)
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"{rules}:1:1: [error] missing required key 'dimensions' (SC05)",
        f"{rules}:1:1: [error] missing required key 'fiscal_year' (SC05)",
        f"{rules}:1:1: [error] missing required key 'title' (SC05)",
        f"kpi: error: the rule set '{rules}' has errors (run 'kpi check {rules}' for all problems)",
    ]


def test_usage_errors_exit_2():
    assert run("score", DEMO_RULES)[0] == 2
    assert run("score", "no-such-dir", DEMO_EVIDENCE)[0] == 2
    assert run("score", DEMO_RULES, DEMO_EVIDENCE, "--format", "pdf")[0] == 2
    assert run("frobnicate")[0] == 2


def test_explain_lines():
    code, out, _ = run("explain", DEMO_RULES, DEMO_EVIDENCE, "--indicator", "satisfaction")
    assert code == 0
    assert out.splitlines() == [
        "plan demo-2563 — ตัวอย่างแผน",
        "scale [1, 5], below_first_level 0, on_missing zero",
        "unit สำนักงานตัวอย่าง, as of 2020-10-31",
        "",
        "satisfaction — ร้อยละความพึงพอใจของหน่วยงาน",
        "  dimension effectiveness (ประสิทธิผล), weight 60, unit percent, method levels, status scored",
        "  inputs: satisfied = 33, respondents = 50",
        "  formula: satisfied * 100 / respondents",
        "         = 33 * 100 / 50",
        "         = 66",
        "  target: 66 >= 60 → achieved",
        "  levels (higher, interpolated): 40 → 1, 50 → 2, 60 → 3, 70 → 4, 80 → 5",
        "  between level 3 (60) and level 4 (70): 3 + (4 − 3) × (66 − 60) / (70 − 60) = 3.6",
        "  score = 3.6",
        "  weighted score = 60 × 3.6 / 100 = 2.16",
        "  share of dimension effectiveness: 60 × 3.6 / 100 = 2.16 of 3.56",
        "  share of the overall score: 2.16 × 70 / 100 = 1.512",
        "",
        "dimension effectiveness = (60 × 3.6 + 40 × 3.5) / (60 + 40) = 3.56",
        "overall = (70 × 3.56 + 30 × 3) / (70 + 30) = 3.392",
    ]


def test_explain_every_indicator_and_the_sums():
    code, out, _ = run("explain", DEMO_RULES, DEMO_EVIDENCE)
    assert code == 0
    assert "  progress = 10 + 50 + 20 × 0.5 = 70" in out
    assert "  delivered 2020-10-20, due 2020-09-30: days_late = 20 (20 days late)" in out
    assert "  → level 3: 3" in out
    assert out.splitlines()[-3:] == [
        "dimension effectiveness = (60 × 3.6 + 40 × 3.5) / (60 + 40) = 3.56",
        "dimension efficiency = (100 × 3) / (100) = 3",
        "overall = (70 × 3.56 + 30 × 3) / (70 + 30) = 3.392",
    ]


def test_explain_unknown_indicator():
    code, _, err = run("explain", DEMO_RULES, DEMO_EVIDENCE, "--indicator", "satisfacton")
    assert code == 2 and "unknown indicator 'satisfacton' (did you mean 'satisfaction'?)" in err


def test_check_clean_rule_set():
    # one line on stderr says what was checked: 3 files (plan, indicators, projects), 3 indicators, 1 project
    assert run("check", DEMO_RULES) == (0, "", "no problems: 1 rule set (demo-2563), 3 files, 3 indicators, "
                                               "1 project\n")


def test_check_text_and_json(write):
    path = write("bad.yaml", """\
        kind: plan
        id: t-2563
        title: ทดสอบ
        fiscal_year: 2563
        dimensions:
          - {id: effectiveness, name: ประสิทธิผล, weight: 100}
        ---
        kind: indicator
        id: satisfaction
        name: ร้อยละความพึงพอใจ
        dimension: effectiveness
        wieght: 100
        unit: percent
        """)
    code, out, _ = run("check", path)
    assert code == 1
    assert out.splitlines() == [
        f"{path}:8:1: [error] missing required key 'weight' (SC05)",
        f"{path}:12:1: [error] unknown key 'wieght' (did you mean 'weight'?) (SC03)",
    ]
    code, out, _ = run("check", path, "--format", "json")
    assert code == 1
    assert json.loads(out) == [
        {"file": str(path), "line": 8, "column": 1, "code": "SC05", "severity": "error",
         "message": "missing required key 'weight'"},
        {"file": str(path), "line": 12, "column": 1, "code": "SC03", "severity": "error",
         "message": "unknown key 'wieght' (did you mean 'weight'?)", "path": ["wieght"]},  # the key path, as loc
    ]


def test_check_missing_path_is_a_usage_error():
    assert run("check", "no/such/rules")[0] == 2


def test_main_never_prints_a_traceback(capsys, write):
    rules = write("r.yaml", "\x00\x01")
    assert main(["check", str(rules)]) == 1
    assert main(["score", str(rules), str(DEMO_EVIDENCE)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err


def test_python_dash_m(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "kpiengine", "score", str(DEMO_RULES), str(DEMO_EVIDENCE),
                           "--format", "json"], capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0 and json.loads(done.stdout)["plan"] == "demo-2563"


def test_score_says_how_many_indicators_had_no_evidence(write):
    evidence = write("e.yaml", """\
        kind: evidence
        plan: demo-2563
        values:
          satisfaction: {satisfied: 33, respondents: 50}
        """)
    code, out, err = run("score", DEMO_RULES, evidence)
    assert code == 0 and err == ""
    assert "no evidence for 2 of 3 indicators (on_missing zero): review-steps, report-delivered" in out.splitlines()
    code, out, err = run("score", DEMO_RULES, evidence, "--format", "json")
    assert err == "kpi score: no evidence for 2 of 3 indicators (on_missing zero): review-steps, report-delivered\n"
