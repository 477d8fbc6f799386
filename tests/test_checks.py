"""Every check fires on its failing examples at the right line and column, and
stays silent on the passing ones (fixtures in tests/fixtures/checks/*.yml).

A fixture file holds `cases` (and may give `rules` or `plan` shared by its
cases); each case has `rules` (written to rules.yaml),
optionally `plan` (written to plan.yaml; default FIXTURE_PLAN; null for none)
and `problems`: the exact list of [code, file, line, column] the rule set
must produce — every problem, of every code and severity, so a passing case
(`problems: []`) proves the checks are silent on it. A fixture file may
name codes it deliberately leaves out (`ignore`), e.g. RF04 for snippets
that hold projects only. A case with `evidence` checks that evidence text
against the (valid) rule set, as `kpi check RULES --evidence FILE` does.
"""

import ast
import functools
import re
from pathlib import Path

import pytest
import yaml

import kpiengine
from kpiengine import Severity, inspect_rules
from kpiengine.core.codes import Code
from kpiengine.lint import registry
from kpiengine.lint.config import CheckConfig
from kpiengine.lint.evidence import check_evidence
from kpiengine.lint.registry import CHECKS, CODES, run_checks

FIXTURES = Path(__file__).parent / "fixtures" / "checks"

FIXTURE_PLAN = """\
kind: plan
id: t-2563
title: ทดสอบ
fiscal_year: 2563
dimensions:
  - {id: effectiveness, number: 1, name: ประสิทธิผล, weight: 100}
"""


def _cases():
    for path in sorted(FIXTURES.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, case in enumerate(data["cases"]):
            ignore = set(data.get("ignore", [])) | set(case.get("ignore", []))
            case = {"rules": data.get("rules"), **({"plan": data["plan"]} if "plan" in data else {}), **case}
            yield pytest.param(data["code"], case, ignore, id=f"{path.stem}-{i}-{case['name']}")


@pytest.mark.parametrize("code, case, ignore", list(_cases()))
def test_fixture(tmp_path, code, case, ignore):
    plan = case.get("plan", FIXTURE_PLAN)
    if plan is not None:
        (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    if case.get("rules") is not None:
        (tmp_path / "rules.yaml").write_text(case["rules"], encoding="utf-8")
    ruleset = inspect_rules(str(tmp_path))
    problems = list(ruleset.problems)
    if case.get("evidence") is not None:
        assert ruleset.valid, ruleset.problems
        evidence = tmp_path.parent / f"{tmp_path.name}-evidence" / "evidence.yaml"
        evidence.parent.mkdir()
        evidence.write_text(case["evidence"], encoding="utf-8")
        problems += check_evidence(ruleset, str(evidence))
    assert code not in ignore
    got = sorted((p.code, Path(p.file).stem if p.file != str(tmp_path) else "", p.line, p.column)
                 for p in problems if p.code not in ignore)
    expected = sorted(tuple(p) for p in case["problems"])
    assert got == expected, "\n".join(f"{p.code} {p.file}:{p.line}:{p.column} {p.message}" for p in problems)
    if expected:
        assert code in {p[0] for p in expected}, "a failing case must show its own code"


def test_every_code_has_a_fixture_with_a_failing_and_a_passing_case():
    missing = []
    for code in CODES:
        path = FIXTURES / f"{code}.yml"
        if code.startswith("IO"):
            continue  # I/O codes are tested in test_security.py and test_cli.py
        if not path.exists():
            missing.append(code)
            continue
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
        assert any(c["problems"] for c in cases), f"{code}: no failing case"
        assert any(not c["problems"] for c in cases), f"{code}: no passing case"
    assert not missing, f"codes without fixtures: {missing}"


def test_catalog_entries_are_complete():
    for code, entry in CODES.items():
        assert entry.code == code and re.fullmatch(r"[A-Z]{2}\d{2}", code)
        assert re.fullmatch(r"[a-z]+\.[a-z-]+", entry.name), entry.name
        assert entry.severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        assert entry.doc and entry.summary
        assert registry.raised_by(code) in ("check", "sources", "rules", "evidence"), code
        if not code.startswith("IO"):
            assert "Failing" in entry.doc and "Passing" in entry.doc, code
    for code, module in CHECKS.items():
        assert module.CODE.doc == module.__doc__, f"{code}: the module docstring is its documentation"
        assert module.__name__.split(".")[-1].startswith(code.lower() + "_"), module.__name__


def test_the_published_codes_are_all_still_there():
    # 60 codes were published before the catalog was split into checks and stage codes (issue 8).
    published = [f"{category}{n:02d}" for category, numbers in (
        ("IO", range(1, 3)), ("SC", range(1, 11)), ("RF", range(1, 10)), ("FM", range(1, 9)), ("SG", range(1, 11)),
        ("WT", range(1, 4)), ("PL", range(1, 8)), ("EV", range(0, 11))) for n in numbers]
    assert list(CODES) == published
    stages = {code: registry.raised_by(code) for code in CODES}
    assert [c for c, by in stages.items() if by == "check"] == list(CHECKS)
    assert len(CHECKS) == 30 and stages["SC02"] == "sources" and stages["FM01"] == "rules" \
        and stages["EV09"] == "evidence"


# --- every code has one home, and every code raised is in the catalog ------------------------------------

PACKAGE = Path(kpiengine.__file__).parent
CODE_TEXT = re.compile(r"[A-Z]{2}\d{2}")


@functools.cache
def _modules() -> tuple:
    """(path inside the package, syntax tree) of every module, parsed once for the tests below."""
    return tuple((path.relative_to(PACKAGE), ast.parse(path.read_text(encoding="utf-8")))
                 for path in sorted(PACKAGE.rglob("*.py")))


def test_no_two_homes_declare_the_same_code():
    declared = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Code":
                declared.append((node.args[0].value, str(path)))
    codes = [code for code, _ in declared]
    assert sorted(codes) == sorted(CODES), "every Code(...) in the package is in the catalog, once"
    assert len(set(codes)) == len(codes), [d for d in declared if codes.count(d[0]) > 1]


def test_every_code_the_package_raises_is_in_the_catalog():
    raised = {}  # code → where it is named
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "problem" \
                    and isinstance(node.func.value, ast.Name) and CODE_TEXT.fullmatch(node.func.value.id):
                raised.setdefault(node.func.value.id, f"{path}:{node.lineno}")
            elif isinstance(node, ast.ImportFrom) and (node.module or "").endswith(".codes"):
                for alias in node.names:
                    if CODE_TEXT.fullmatch(alias.name):
                        raised.setdefault(alias.name, f"{path}:{node.lineno}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE_TEXT.fullmatch(node.value):
                raised.setdefault(node.value, f"{path}:{node.lineno}")  # a literal code still at a raise site
    assert len(raised) > 40  # the scan sees the stages' raise sites
    assert {code: where for code, where in raised.items() if code not in CODES} == {}


def test_stage_codes_are_raised_through_their_constants_in_sources_and_rules():
    """No code literal is left at a raise site of the sources and rules stages (codes.py declares them)."""
    literals = []
    for path, tree in _modules():
        if path.parts[0] not in ("sources", "rules") or path.name == "codes.py" or path.name == "formula.py":
            continue  # formula.py: its FM codes move to rules.codes with the formula rewrite
        literals += [f"{path}:{n.lineno} {n.value}" for n in ast.walk(tree)
                     if isinstance(n, ast.Constant) and isinstance(n.value, str) and CODE_TEXT.fullmatch(n.value)]
    assert literals == []


def test_a_check_emits_only_its_own_code_stamped_by_the_registry(tmp_path):
    (tmp_path / "plan.yaml").write_text(FIXTURE_PLAN.replace("weight: 100}", "weight: 90}"), encoding="utf-8")
    (tmp_path / "w.yaml").write_text(WEIGHTS, encoding="utf-8")
    ruleset = inspect_rules(str(tmp_path))
    lint = [p for p in ruleset.problems if p.code in CHECKS]
    assert {p.code for p in lint} == {"RF04", "RF08", "WT01", "WT03"}
    for p in lint:
        entry = CODES[p.code]
        assert (p.name, p.severity) == (entry.name, entry.severity)


WEIGHTS = """\
kind: weights
id: equal-2564
dimensions: {effectivenes: 100, effectiveness: -5}
"""


RF = {"RF04", "RF05", "RF06", "RF07", "RF08", "RF09"}  # the RF codes that are checks (RF01-RF03: rules stage)


@pytest.mark.parametrize("select, runs, found", [
    (["RF08"], {"RF08"}, {"RF08"}),  # the unknown dimension 'effectivenes'; the negative weight is WT01's
    (["WT01"], {"WT01"}, {"WT01"}),  # the negative weight, found by WT01's own check
    (["weights"], {"WT01", "WT02", "WT03"}, {"WT01", "WT03"}),  # a category; WT03 sees the plan's 90
    (["RF", "WT03"], RF | {"WT03"}, {"RF04", "RF08", "WT03"}),
])
def test_only_selected_checks_run(tmp_path, select, runs, found):
    (tmp_path / "plan.yaml").write_text(FIXTURE_PLAN.replace("weight: 100}", "weight: 90}"), encoding="utf-8")
    (tmp_path / "w.yaml").write_text(WEIGHTS, encoding="utf-8")
    config = CheckConfig(select=select)
    assert {m.CODE.code for m in registry.selected(config)} == runs
    ruleset = inspect_rules(str(tmp_path), config)
    assert {p.code for p in ruleset.problems} == found
    assert run_checks(ruleset, CheckConfig(select=select, ignore=sorted(runs))) == []


def test_the_registry_stamps_the_configured_severity(tmp_path):
    (tmp_path / "plan.yaml").write_text(FIXTURE_PLAN.replace("weight: 100}", "weight: 90}"), encoding="utf-8")
    ruleset = inspect_rules(str(tmp_path))
    [default] = [p for p in ruleset.problems if p.code == "WT03"]
    [raised] = [p for p in run_checks(ruleset, CheckConfig(severity={"WT03": Severity.ERROR})) if p.code == "WT03"]
    assert (default.severity, raised.severity) == (Severity.WARNING, Severity.ERROR)
    assert raised.location == default.location and raised.message == default.message


def test_a_code_declared_twice_is_refused():
    twin = type(registry)("twin")  # a stage codes module declaring a code a check already has
    twin.SG01 = Code("SG01", "scoring.twin", Severity.ERROR, "a second home")
    with pytest.raises(RuntimeError, match="code SG01 declared twice: in kpiengine.lint.checks.scoring.sg01"):
        registry.homes(registry.CHECK_MODULES, (*registry.STAGE_MODULES, twin))
    assert list(registry.homes(registry.CHECK_MODULES, registry.STAGE_MODULES)) == list(CODES)
