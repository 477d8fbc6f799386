"""A folder whose subfolders each hold a plan is several rule sets (kpi check, kpi test, kpi fuzz)."""

import json
import shutil
from pathlib import Path

import jsonschema
import xmlschema
import yaml

from kpiengine.rules.discover import rule_set_paths

from .conftest import DEMO_RULES, JUNIT_XSD, ROOT, SARIF_SCHEMA, run

RULES = ROOT / "rules"


def two_plans(tmp_path, fault: str = ""):
    """folder/a (the demo plan) and folder/b (the demo plan renamed 'demo-b', `fault` appended to its indicators)."""
    folder = tmp_path / "rules"
    shutil.copytree(DEMO_RULES, folder / "a")
    shutil.copytree(DEMO_RULES, folder / "b")
    plan = folder / "b" / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("id: demo-2563", "id: demo-b"), encoding="utf-8")
    if fault:
        indicators = folder / "b" / "indicators.yaml"
        indicators.write_text(indicators.read_text(encoding="utf-8") + fault, encoding="utf-8")
    return folder


def test_this_repository_rules_folder_is_two_rule_sets_and_clean():
    assert rule_set_paths(str(RULES)) == [str(RULES / "bma-csc-2563"), str(RULES / "demo-2563")]
    code, out, _ = run("check", RULES)
    assert code == 0 and "(SC07)" not in out and "(SC06)" not in out and "[error]" not in out
    assert out.count("[warning]") == 6  # the seed plan's own contradictions (PL07 once, PL04 five times)


def test_a_rule_set_with_subfolders_but_one_plan_stays_one(tmp_path):
    shutil.copytree(DEMO_RULES, tmp_path / "plan")
    (tmp_path / "plan" / "more").mkdir()
    shutil.move(tmp_path / "plan" / "indicators.yaml", tmp_path / "plan" / "more" / "indicators.yaml")
    assert rule_set_paths(str(tmp_path / "plan")) == [str(tmp_path / "plan")]
    # plan.yaml and projects.yaml at the top, indicators in a subfolder: one rule set, checked clean
    assert run("check", tmp_path / "plan")[0] == 0
    # a folder whose subfolders are not all plans is one rule set: here rules/ with plan/ and more/ only
    (tmp_path / "split").mkdir()
    shutil.copytree(DEMO_RULES, tmp_path / "split" / "plan")
    (tmp_path / "split" / "extra").mkdir()
    (tmp_path / "split" / "extra" / "x.yaml").write_text("kind: weights\nid: w\n", encoding="utf-8")
    assert rule_set_paths(str(tmp_path / "split")) == [str(tmp_path / "split")]


def test_problems_of_every_rule_set_are_reported_together(tmp_path):
    folder = two_plans(tmp_path, "---\nkind: indicator\nid: extra\nname: x\ndimension: effectivenes\nweight: 0\n"
                                 "unit: count\ninputs: {n: {type: count}}\ntarget: \">= 1\"\n")
    code, out, _ = run("check", folder, "--format", "json")
    assert code == 1
    found = json.loads(out)
    # only b is faulty: its unknown dimension, nothing from a, no SC07 or SC06 across the two
    assert [(p["code"], p["file"]) for p in found if p["severity"] == "error"] == [
        ("RF01", str(folder / "b" / "indicators.yaml"))]
    code, out, _ = run("check", folder / "a", folder / "b", "--format", "json")
    assert [p["code"] for p in json.loads(out) if p["severity"] == "error"] == ["RF01"]


def test_sarif_and_junit_list_every_rule_set(tmp_path):
    folder = two_plans(tmp_path, "---\nkind: indicator\nid: extra\nname: x\ndimension: effectivenes\nweight: 0\n"
                                 "unit: count\ninputs: {n: {type: count}}\ntarget: \">= 1\"\n")
    code, out, _ = run("check", folder, "--format", "sarif")
    log = json.loads(out)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(log)
    [one_run] = log["runs"]  # one run: every rule set's results, each with its file
    # the run names the rule sets it covers (as URIs relative to the working directory, like the results)
    assert [uri.rsplit("/", 2)[-2:] for uri in one_run["properties"]["ruleSets"]] == [["rules", "a"], ["rules", "b"]]
    assert {r["ruleId"] for r in one_run["results"]} >= {"RF01"}
    code, out, _ = run("check", folder, "--format", "junit", env={"SOURCE_DATE_EPOCH": "0"})
    schema = xmlschema.XMLSchema(str(JUNIT_XSD))
    schema.validate(out)
    suites = schema.to_dict(out)["testsuite"]
    assert [s["@name"] for s in suites] == [f"kpi check {folder / 'a'}", f"kpi check {folder / 'b'}"]
    assert [(s["@tests"], s["@failures"]) for s in suites] == [(3, 0), (3, 1)]


def test_evidence_needs_one_rule_set():
    code, _, err = run("check", RULES, "--evidence", ROOT / "cases" / "demo-2563" / "evidence.yaml")
    assert code == 2 and "holds 2" in err


def test_kpi_test_runs_each_case_against_its_own_rule_set(tmp_path):
    folder = two_plans(tmp_path)
    cases = tmp_path / "cases"
    (cases / "b").mkdir(parents=True)
    case = ("kind: case\nname: %s\nevidence:\n  %svalues:\n    satisfaction: {satisfied: 33, respondents: 50}\n"
            "    review-steps: {completed: [1, 2], partial: {3: 0.5}}\n"
            "    report-delivered: {delivered: 2563-10-20}\nexpect: {overall: 3.392}\n")
    (cases / "a.yaml").write_text(case % ("by plan id", "plan: demo-2563\n  "), encoding="utf-8")
    (cases / "b" / "b.yaml").write_text(case % ("by folder", ""), encoding="utf-8")
    code, out, _ = run("test", folder, cases, "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["passed"] == 2
    assert [(r["plan"], r["cases"]) for r in doc["rule_sets"]] == [("demo-2563", 1), ("demo-b", 1)]
    (cases / "c.yaml").write_text(case % ("nowhere", ""), encoding="utf-8")
    code, _, err = run("test", folder, cases)
    assert code == 2 and "case 'nowhere' matches none of the rule sets (demo-2563, demo-b)" in err


def test_kpi_fuzz_fuzzes_each_rule_set(tmp_path):
    folder = two_plans(tmp_path)
    code, out, _ = run("fuzz", folder, "--max-examples", "3", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["findings"] == 0
    assert [d["plan"] for d in doc["rule_sets"]] == ["demo-2563", "demo-b"]
    assert doc["rule_sets"][0]["rules_hash"] != doc["rule_sets"][1]["rules_hash"]  # the plan ids differ
    code, out, _ = run("fuzz", folder, "--max-examples", "3", "--indicator", "satisfaction")
    assert code == 0 and out.count("no findings in 1 indicator ") == 2


def test_commands_that_take_one_rule_set_say_which_to_give():
    code, out, err = run("score", RULES, ROOT / "cases" / "demo-2563" / "evidence.yaml")
    assert (code, out) == (2, "")
    assert err == (f"kpi: error: '{RULES}' is a folder of 2 rule sets ({RULES / 'bma-csc-2563'}, "
                   f"{RULES / 'demo-2563'}): give one of them\n")


def test_folders_nest_and_a_flow_style_plan_counts(tmp_path):
    for year in ("2563", "2564"):
        for office in ("a", "b"):
            shutil.copytree(DEMO_RULES, tmp_path / "rules" / year / office)
    flow = tmp_path / "rules" / "2564" / "b" / "plan.yaml"
    data = yaml.safe_load(flow.read_text(encoding="utf-8"))
    flow.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")  # {"kind": "plan", …}: JSON is YAML
    found = rule_set_paths(str(tmp_path / "rules"))
    assert [Path(p).relative_to(tmp_path / "rules").as_posix() for p in found] == ["2563/a", "2563/b", "2564/a",
                                                                                    "2564/b"]
    code, _, err = run("check", tmp_path / "rules")
    assert code == 0 and err.startswith("no problems: 4 rule sets (demo-2563, demo-2563, demo-2563, demo-2563), ")


def test_an_unreadable_plan_is_reported_in_its_own_rule_set(tmp_path):
    folder = two_plans(tmp_path)
    plan = folder / "b" / "plan.yaml"
    plan.write_bytes(b"\t{kind: plan\n")  # a YAML syntax error before anything else
    assert len(rule_set_paths(str(folder))) == 2
    code, out, _ = run("check", folder, "--format", "json")
    errors = [(p["code"], p["file"]) for p in json.loads(out) if p["severity"] == "error"]
    assert code == 1 and ("SC01", str(plan)) in errors
    assert all(file.startswith(str(folder / "b")) for _, file in errors)  # rule set a stays clean
