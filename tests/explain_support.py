"""The runs kpi explain is tested on in English and Thai: the demo and seed plans' evidence, every golden
case of the seed plan, and tests/fixtures/explain/methods (every branch of the explanation's words)."""

from __future__ import annotations

import json
from pathlib import Path

from kpiengine import evaluate, load_evidence, load_rules
from kpiengine.cases import case_inputs, load_cases
from kpiengine.rules.overrides import with_on_missing

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "fixtures" / "explain" / "golden"
METHODS = ROOT / "tests" / "fixtures" / "explain" / "methods"
SEED = ROOT / "rules" / "bma-csc-2563"

# (name, rule set path, evidence path, on_missing): the runs kpi explain can make from files
FILE_RUNS = [
    ("demo", ROOT / "rules" / "demo-2563", ROOT / "cases" / "demo-2563" / "evidence.yaml", None),
    ("seed-year-end", SEED, ROOT / "cases" / "bma-csc-2563" / "year-end-2563.yaml", None),
    ("seed-mid-year", SEED, ROOT / "cases" / "bma-csc-2563" / "progress-mid-year.yaml", None),
    ("methods-one", METHODS / "rules.yaml", METHODS / "one.yaml", None),
    ("methods-two", METHODS / "rules.yaml", METHODS / "two.yaml", None),
    ("methods-three", METHODS / "rules.yaml", METHODS / "three.yaml", None),
    ("methods-four-zero", METHODS / "rules.yaml", METHODS / "four.yaml", None),
    ("methods-four-exclude", METHODS / "rules.yaml", METHODS / "four.yaml", "exclude"),
    ("methods-four-error", METHODS / "rules.yaml", METHODS / "four.yaml", "error"),
    ("methods-five-exclude", METHODS / "rules.yaml", METHODS / "five.yaml", "exclude"),
]


def file_args(run) -> list[str]:
    """The `kpi explain` arguments of a file run."""
    _name, rules, evidence, on_missing = run
    return [str(rules), str(evidence)] + (["--on-missing", on_missing] if on_missing else [])


def evaluations():
    """(name, rule set, evaluation) of every run: the file runs, then each golden case of the seed plan."""
    out = []
    for name, rules, evidence, on_missing in FILE_RUNS:
        ruleset = load_rules(rules)
        if on_missing:
            ruleset = with_on_missing(ruleset, on_missing)
        out.append((name, ruleset, evaluate(ruleset, load_evidence(evidence))))
    seed = load_rules(SEED)
    for case in load_cases(sorted((ROOT / "cases" / "bma-csc-2563").glob("*.yaml"))):
        ruleset, evidence = case_inputs(seed, case)
        slug = "".join(c if c.isalnum() else "-" for c in case.spec.name.lower()).strip("-")
        out.append((f"case-{slug}", ruleset, evaluate(ruleset, evidence)))
    return out


def golden_text(name: str) -> str:
    return (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")


def golden_explanations(name: str) -> dict:
    return json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
