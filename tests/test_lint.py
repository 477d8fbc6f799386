"""kpi check as a CI linter: formats (text, json, github, sarif, junit, auto), configuration,
suppression comments, evidence checking, the catalog and the JSON Schemas."""

import json

import jsonschema
import pytest
import xmlschema
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpiengine import inspect_rules
from kpiengine.lint import catalog
from kpiengine.lint.registry import CHECKS, CODES
from kpiengine.rules.schema import case_schema, evidence_schema, rules_schema
from kpiengine.sources.yaml_reader import load_file

from .conftest import APPENDIX_A, DEMO_EVIDENCE, DEMO_RULES, JUNIT_XSD, ROOT, SARIF_SCHEMA, SHARED, VENDOR, run

SEED = ROOT / "rules" / "bma-csc-2563"

BAD = """\
kind: plan
id: t-2563
title: ทดสอบ
fiscal_year: 2563
dimensions:
  - {id: effectiveness, name: ประสิทธิผล, weight: 90}
---
kind: indicator
id: satisfaction
name: ร้อยละความพึงพอใจ
dimension: effectiveness
weight: 100
unit: percent
inputs:
  satisfied: {type: count, max: respondents}
  respondents: {type: count, min: 1}
formula: satisfied * 100 / respondnts
target: ">= 60"
"""



@pytest.fixture
def bad(write):
    return write("bad.yaml", BAD)


def test_text(bad):
    code, out, _ = run("check", bad)
    assert code == 1
    assert out.splitlines() == [
        f"{bad}:5:1: [warning] dimension weights sum to 90, not 100 (the overall score stays right: it divides "
        "by the sum) (WT03)",
        f"{bad}:17:28: [error] unknown name 'respondnts' (did you mean 'respondents'?) (names: respondents, "
        "satisfied) (FM03)",
    ]


def test_github(bad):
    code, out, _ = run("check", bad, "--format", "github")
    assert code == 1
    assert out.splitlines() == [
        f"::warning file={bad},line=5,col=1,title=WT03 weights.dimension-sum::dimension weights sum to 90, not 100 "
        "(the overall score stays right: it divides by the sum)",
        f"::error file={bad},line=17,col=28,title=FM03 formula.unknown-name::unknown name 'respondnts' (did you "
        "mean 'respondents'?) (names: respondents, satisfied)",
    ]


def test_auto_is_github_under_github_actions_and_text_elsewhere(bad):
    assert run("check", bad, "--format", "auto", env={"GITHUB_ACTIONS": "true"})[1].startswith("::warning ")
    assert run("check", bad, "--format", "auto", env={"GITHUB_ACTIONS": ""})[1].startswith(f"{bad}:5:1:")


def test_sarif_validates_against_the_oasis_schema(bad):
    code, out, _ = run("check", bad, "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(CODES) and all(r["help"]["text"] for r in rules)
    [warning, error] = run_["results"]
    assert error["ruleId"] == "FM03" and rules[error["ruleIndex"]]["id"] == "FM03"
    assert error["level"] == "error" and warning["level"] == "warning"
    assert error["locations"][0]["physicalLocation"]["region"] == {"startLine": 17, "startColumn": 28}


def test_sarif_of_a_clean_rule_set_validates_too():
    code, out, _ = run("check", DEMO_RULES, "--format", "sarif")
    assert code == 0
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(json.loads(out))
    assert json.loads(out)["runs"][0]["results"] == []


def test_junit_one_case_per_file(bad):
    code, out, _ = run("check", bad, "--format", "junit", env={"SOURCE_DATE_EPOCH": "0"})
    assert code == 1
    schema = xmlschema.XMLSchema(str(JUNIT_XSD))
    schema.validate(out)
    suite = schema.to_dict(out)["testsuite"][0]
    assert (suite["@tests"], suite["@failures"]) == (1, 1)
    failure = suite["testcase"][0]["failure"]
    assert failure["@message"] == "2 problem(s)" and failure["@type"] == "error"
    assert "(FM03)" in failure["$"] and "(WT03)" in failure["$"]
    code, out, _ = run("check", DEMO_RULES, "--format", "junit")
    schema.validate(out)
    suite = schema.to_dict(out)["testsuite"][0]
    assert (suite["@tests"], suite["@failures"]) == (3, 0)  # plan.yaml, indicators.yaml, projects.yaml


def test_select_ignore_and_strict(bad):
    assert run("check", bad, "--select", "WT")[:2] == (0, f"{bad}:5:1: [warning] dimension weights sum to 90, "
                                                          "not 100 (the overall score stays right: it divides by "
                                                          "the sum) (WT03)\n")
    assert run("check", bad, "--select", "WT", "--strict")[0] == 1
    assert run("check", bad, "--ignore", "formula,WT03") == (0, "", "")
    assert run("check", bad, "--ignore", "FM03", "--ignore", "weights.dimension-sum") == (0, "", "")


def test_configuration_from_kpi_toml(bad, tmp_path, monkeypatch):
    (tmp_path / "kpi.toml").write_text('ignore = ["WT03"]\nstrict = true\n[severity]\nFM03 = "warning"\n')
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("check", bad)
    assert code == 1  # strict: the warning fails
    assert out.splitlines() == [f"{bad}:17:28: [warning] unknown name 'respondnts' (did you mean 'respondents'?) "
                                "(names: respondents, satisfied) (FM03)"]


def test_configuration_from_pyproject(bad, tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.kpiengine]\nselect = ["FM"]\n')
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")  # found by searching upwards
    code, out, _ = run("check", bad)
    assert code == 1 and len(out.splitlines()) == 1 and out.endswith("(FM03)\n")


@pytest.mark.parametrize("toml, words", [
    ('selct = ["FM"]\n', "unknown key 'selct' (did you mean 'select'?)"),
    ('select = ["FM99x"]\n', "names no check"),
    ('[severity]\nFM03 = "fatal"\n', "severity must be error, warning or info"),
    ("select = [\n", "invalid TOML"),
])
def test_bad_configuration_exits_2(bad, tmp_path, toml, words):
    config = tmp_path / "kpi.toml"
    config.write_text(toml)
    code, _, err = run("check", bad, "--config", config)
    assert code == 2 and words in err


def test_noqa_comments(write):
    text = BAD.replace("formula: satisfied * 100 / respondnts", "formula: satisfied * 100 / respondnts  # kpi: noqa FM03")
    path = write("bad.yaml", text)
    code, out, _ = run("check", path)
    assert code == 0 and "(FM03)" not in out and "(WT03)" in out
    other_code = write("other.yaml", BAD.replace("respondnts", "respondnts  # kpi: noqa WT03"))
    assert run("check", other_code)[0] == 1  # a noqa for another code silences nothing here


def test_disable_to_the_end_of_the_document(write):
    text = BAD.replace("kind: plan\n", "# kpi: disable WT03\nkind: plan\n")
    path = write("bad.yaml", text)
    code, out, _ = run("check", path)
    assert "(WT03)" not in out and "(FM03)" in out and code == 1


def test_evidence_checked_against_the_rules(write):
    evidence = write("e.yaml", """\
        kind: evidence
        plan: demo-2563
        values:
          satisfaction: {satisfied: 60, respondents: 50, extra: 1}
          review-step: {completed: [1]}
        """)
    code, out, _ = run("check", DEMO_RULES, "--evidence", evidence)
    assert code == 1
    assert out.splitlines() == [
        f"{evidence}:4:29: [error] input 'satisfied' of 'satisfaction' must be at most respondents (50), got 60 (EV04)",
        f"{evidence}:4:50: [error] unknown input 'extra' for 'satisfaction' (inputs: satisfied, respondents) (EV02)",
        f"{evidence}:5:3: [error] unknown indicator 'review-step' (did you mean 'review-steps'?) (EV01)",
    ]
    assert run("check", DEMO_RULES, "--evidence", DEMO_EVIDENCE) == (0, "", "")
    assert run("check", DEMO_RULES, SEED, "--evidence", DEMO_EVIDENCE)[0] == 2  # one rule set only


def test_the_catalog():
    code, out, _ = run("checks")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["code", "name", "severity", "raised", "by", "summary"]
    assert len(lines) == len(CODES) + 1 == 61
    rows = {line.split()[0]: line.split()[1:4] for line in lines[1:]}
    assert rows["SC02"] == ["schema.duplicate-key", "error", "sources"]
    assert rows["SC10"] == ["schema.empty-file", "warning", "rules"]
    assert rows["FM03"] == ["formula.unknown-name", "error", "rules"]
    assert rows["FM04"] == ["formula.unused-input", "warning", "check"]
    assert rows["EV05"] == ["evidence.missing-input", "error", "evidence"]
    assert sorted(code for code, row in rows.items() if row[2] == "check") == sorted(CHECKS)
    assert run("check", "--list")[1] == out


def test_select_a_check_keeps_what_it_finds(write):
    write("plan.yaml", BAD.split("---")[0])
    rules = write("weights.yaml", """\
        kind: weights
        id: equal-2564
        dimensions: {effectivenes: 100, effectiveness: -5}
        """).parent
    code, out, _ = run("check", rules, "--select", "RF08")
    assert code == 1 and out == (f"{rules / 'weights.yaml'}:3:14: [error] weights 'equal-2564' name an unknown "
                                 "dimension 'effectivenes' (did you mean 'effectiveness'?) (RF08)\n")
    code, out, _ = run("check", rules, "--select", "WT01")
    assert code == 1 and out == (f"{rules / 'weights.yaml'}:3:48: [error] weights 'equal-2564' give "
                                 "'effectiveness' a negative weight (-5) (WT01)\n")


def test_scoring_with_a_weights_document_still_refuses_its_faults(write):
    rules = write("rules/plan.yaml", (APPENDIX_A / "rules.yaml").read_text(encoding="utf-8")).parent
    weights = write("w.yaml", "kind: weights\nid: w\ndimensions: {effectiveness: -5}\n")
    code, _, err = run("score", rules, APPENDIX_A / "evidence.yaml", "--weights", weights)
    assert code == 2 and f"{weights}:3: weights 'w' give 'effectiveness' a negative weight (-5)" in err


def test_the_catalog_document_is_up_to_date():
    assert (ROOT / "docs" / "checks.md").read_text(encoding="utf-8") == catalog.to_markdown(), \
        "regenerate with: kpi checks --format markdown -o docs/checks.md"


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared beside this checkout")
@pytest.mark.parametrize("copy, source", [
    ("schemas/sarif-schema-2.1.0.json", "schemas/sarif-schema-2.1.0.json"),
    ("schemas/junit.xsd", "schemas/junit.xsd"),
    ("appendix-a/rules.yaml", "examples/appendix-a/rules.yaml"),
    ("appendix-a/evidence.yaml", "examples/appendix-a/evidence.yaml"),
    ("appendix-a/expected.json", "examples/appendix-a/expected.json"),
])
def test_vendored_files_equal_their_sources(copy, source):
    assert (VENDOR / copy).read_bytes() == (SHARED / source).read_bytes(), f"copy ../shared/{source} again"


def _str_keys(value):
    if isinstance(value, dict):
        return {str(k): _str_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_str_keys(v) for v in value]
    return value


def _documents(*paths):
    for path in paths:
        files = sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
        for file in files:
            documents, problems = load_file(str(file))
            assert not problems
            yield from (_str_keys(d.data) for d in documents if d.data is not None)


def test_rules_schema_accepts_the_spec_appendix_and_the_seed_plan():
    validator = jsonschema.Draft202012Validator(rules_schema())
    documents = list(_documents(APPENDIX_A / "rules.yaml", DEMO_RULES, SEED))
    assert len(documents) > 40
    for document in documents:
        validator.validate(document)


@pytest.mark.parametrize("change", [
    {"wieght": 60},  # unknown key
    {"unit": "percnt"},  # not a unit
    {"weight": "sixty"},  # not a number
    {"scoring": {"method": "levels", "levles": [1, 2]}},  # unknown key below
    {"inputs": {"2nd": {"type": "count"}}},  # not a formula name
    {"kind": "indicater"},
])
def test_rules_schema_rejects_faulty_documents(change):
    document = {"kind": "indicator", "id": "satisfaction", "name": "ร้อยละ", "dimension": "effectiveness",
                "weight": 60, "unit": "percent", **change}
    validator = jsonschema.Draft202012Validator(rules_schema())
    assert list(validator.iter_errors(document))


def test_evidence_and_case_schemas():
    seed = inspect_rules(SEED)
    evidence = jsonschema.Draft202012Validator(evidence_schema(seed))
    for document in _documents(ROOT / "cases" / "bma-csc-2563"):
        if document["kind"] == "evidence":
            evidence.validate(document)
        elif document["name"] != "evidence with faults":
            jsonschema.Draft202012Validator(case_schema(seed)).validate(document)
    faulty = {"kind": "evidence", "plan": "bma-csc-2563",
              "values": {"district-services-surveyed": {"presented": 1, "surveyd": 2}}}
    assert list(evidence.iter_errors(faulty))
    generic = jsonschema.Draft202012Validator(evidence_schema())
    generic.validate(next(_documents(DEMO_EVIDENCE)))
    assert list(generic.iter_errors({"kind": "evidence", "plan": "x", "values": {}, "extra": 1}))


def test_kpi_schema_command():
    code, out, _ = run("schema")
    assert code == 0 and json.loads(out)["title"] == "kpiengine rule document"
    code, out, _ = run("schema", "evidence", "--rules", DEMO_RULES)
    assert code == 0
    values = json.loads(out)["properties"]["values"]["properties"]
    assert set(values) == {"satisfaction", "review-steps", "report-delivered"}
    assert run("schema", "rules", "--rules", DEMO_RULES)[0] == 2


def test_pre_commit_hooks_file():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    check = next(h for h in hooks if h["id"] == "kpi-check")
    assert check["entry"] == "kpi check" and check["language"] == "python" and check["pass_filenames"] is False


# --- valid rule sets produce no errors ----------------------------------------------------------------


@st.composite
def valid_rule_sets(draw):
    """Rule sets built only from valid parts: levels in order, weights ≥ 0, formulas over declared inputs."""
    n_dims = draw(st.integers(1, 4))
    plan = {"kind": "plan", "id": "gen-2563", "title": "แผนทดสอบ", "fiscal_year": 2563,
            "dimensions": [{"id": f"d{i}", "number": i + 1, "name": f"มิติ {i}", "weight": draw(st.integers(0, 50))}
                           for i in range(n_dims)]}
    docs = [plan]
    for i in range(draw(st.integers(1, 10))):
        kind = draw(st.sampled_from(["percent", "count", "milestone", "date", "score"]))
        doc = {"kind": "indicator", "id": f"i{i}", "name": f"ตัวชี้วัด {i}", "dimension": f"d{draw(st.integers(0, n_dims - 1))}",
               "weight": draw(st.integers(0, 100)), "unit": kind,
               "direction": draw(st.sampled_from(["higher", "lower"])) if kind in ("percent", "count") else "higher"}
        if kind in ("percent", "count"):
            start = draw(st.integers(0, 50))
            step = draw(st.integers(1, 10))
            levels = [start + k * step for k in range(draw(st.integers(2, 6)))]
            doc["inputs"] = {"done": {"type": "count", "max": "total"}, "total": {"type": "count", "min": 1}}
            doc["formula"] = "done * 100 / total" if kind == "percent" else "done"
            doc["scoring"] = {"levels": levels if doc["direction"] == "higher" else levels[::-1],
                              "interpolate": draw(st.booleans())}
        elif kind == "milestone":
            weights = draw(st.lists(st.integers(1, 50), min_size=1, max_size=6))
            weights[-1] += 100 - sum(weights) if sum(weights) < 100 else 0
            if sum(weights) != 100:
                weights = [100]
            doc["milestones"] = [{"step": k + 1, "title": f"ขั้น {k + 1}", "weight": w} for k, w in enumerate(weights)]
            doc["target"] = ">= 100"
        elif kind == "date":
            doc["inputs"] = {"delivered": {"type": "date"}}
            doc["target"] = {"by": "2563-09-30"}
        docs.append(doc)
    return docs


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(valid_rule_sets())
def test_valid_generated_rule_sets_produce_no_errors(tmp_path_factory, docs):
    path = tmp_path_factory.mktemp("gen") / "rules.yaml"
    path.write_text(yaml.safe_dump_all(docs, allow_unicode=True, sort_keys=False), encoding="utf-8")
    ruleset = inspect_rules(path)
    assert [p for p in ruleset.problems if p.severity.value == "error"] == []
    assert ruleset.valid


def test_select_on_the_command_line_replaces_the_configured_selection(bad, tmp_path, monkeypatch):
    (tmp_path / "kpi.toml").write_text('select = ["FM"]\n')
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("check", bad, "--select", "WT")
    assert code == 0 and out.endswith("(WT03)\n") and len(out.splitlines()) == 1
