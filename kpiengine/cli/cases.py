"""kpi test: golden cases."""

from __future__ import annotations

import sys

import click

from kpiengine import KpiError
from kpiengine.cases import load_cases, run_cases
from kpiengine.cli.common import EXIT_OK, EXIT_PROBLEMS, PATH, emit, failure, open_rules
from kpiengine.reports import cases as case_report


@click.command(name="test")
@click.argument("rules", type=PATH)
@click.argument("cases", nargs=-1, required=True, type=PATH)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
def test_cases(rules, cases, fmt, output):
    """Run the golden CASES (kind: case) against RULES; exit 1 if any fails."""
    ruleset = open_rules(rules)
    try:
        results = run_cases(ruleset, load_cases(cases))
    except KpiError as exc:
        raise failure(exc) from None
    if fmt == "junit":
        text = case_report.to_junit(results, ruleset.plan.id)
    else:
        text = case_report.to_json(results) if fmt == "json" else case_report.to_text(results)
    emit(text, output, inputs=(rules, *cases))
    sys.exit(EXIT_OK if all(r.passed for r in results) else EXIT_PROBLEMS)
