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

from pathlib import Path

import pytest
import yaml

from kpiengine import inspect_rules
from kpiengine.lint.checks import CHECKS
from kpiengine.lint.evidence import check_evidence

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
    for code in CHECKS:
        path = FIXTURES / f"{code}.yml"
        if code.startswith("IO"):
            continue  # I/O pseudo-checks are tested in test_loader.py
        if not path.exists():
            missing.append(code)
            continue
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
        assert any(c["problems"] for c in cases), f"{code}: no failing case"
        assert any(not c["problems"] for c in cases), f"{code}: no passing case"
    assert not missing, f"checks without fixtures: {missing}"


def test_catalog_entries_are_complete():
    import re

    for code, module in CHECKS.items():
        assert module.CODE == code and re.fullmatch(r"[A-Z]{2}\d{2}", code)
        assert re.fullmatch(r"[a-z]+\.[a-z-]+", module.NAME), module.NAME
        assert module.SEVERITY in ("error", "warning", "info")
        assert module.__doc__ and module.SUMMARY
        if not code.startswith("IO"):
            assert "Failing" in module.__doc__ and "Passing" in module.__doc__, code
