"""kpi test: golden cases."""

from __future__ import annotations

import json
import os
import sys

import click

from kpiengine import KpiError
from kpiengine.cases import load_cases, run_cases
from kpiengine.cli.common import EXIT_OK, EXIT_PROBLEMS, PATH, emit, failure, open_rules
from kpiengine.reports import cases as case_report
from kpiengine.rules.discover import rule_set_paths
from kpiengine.rules.hash import rules_hash


@click.command(name="test")
@click.argument("rules", type=PATH)
@click.argument("cases", nargs=-1, required=True, type=PATH)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
def test_cases(rules, cases, fmt, output):
    """Run the golden CASES (kind: case) against RULES; exit 1 if any fails.

    RULES may be a folder of rule sets (one plan per subfolder): a case runs against the rule set whose
    plan id its evidence names (`plan:`), else the one whose folder name is in the case's path."""
    rule_sets = [open_rules(path) for path in rule_set_paths(rules)]
    try:
        loaded = load_cases(cases)
        groups = [(ruleset, run_cases(ruleset, chosen)) for ruleset, chosen in _assign(rule_sets, loaded)]
    except KpiError as exc:
        raise failure(exc) from None
    results = [r for _, found in groups for r in found]
    if fmt == "junit":
        text = case_report.to_junit_groups([(ruleset.plan.id, found) for ruleset, found in groups])
    elif fmt == "json":
        doc = json.loads(case_report.to_json(results))
        doc["rules_hash"] = rules_hash(rule_sets[0]) if len(rule_sets) == 1 else None
        doc["rule_sets"] = [{"path": ruleset.path, "plan": ruleset.plan.id, "rules_hash": rules_hash(ruleset),
                             "cases": len(found)} for ruleset, found in groups]
        text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    else:
        text = case_report.to_text(results)
    emit(text, output, inputs=(rules, *cases))
    sys.exit(EXIT_OK if all(r.passed for r in results) else EXIT_PROBLEMS)


def _assign(rule_sets, loaded):
    """[(ruleset, its cases)]: every case to exactly one rule set."""
    if len(rule_sets) == 1:
        return [(rule_sets[0], loaded)]
    by_plan = {ruleset.plan.id: ruleset for ruleset in rule_sets}
    by_folder = {os.path.basename(os.path.normpath(ruleset.path)): ruleset for ruleset in rule_sets}
    chosen = {ruleset.plan.id: [] for ruleset in rule_sets}
    for case in loaded:
        plan = case.spec.evidence.get("plan") if isinstance(case.spec.evidence, dict) else None
        parts = os.path.normpath(case.file).split(os.sep)
        ruleset = by_plan.get(str(plan)) if plan is not None else \
            next((by_folder[part] for part in reversed(parts) if part in by_folder), None)
        if ruleset is None:
            where = f"{case.file}:{case.line}" if case.line else case.file
            names = ", ".join(sorted(by_plan))
            raise KpiError(f"{where}: case '{case.spec.name}' matches none of the rule sets ({names}): give its "
                           "evidence a 'plan:', or keep it in a folder named like its rule set")
        chosen[ruleset.plan.id].append(case)
    return [(ruleset, chosen[ruleset.plan.id]) for ruleset in rule_sets if chosen[ruleset.plan.id]]
