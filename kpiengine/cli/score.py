"""kpi score and kpi explain."""

from __future__ import annotations

import sys

import click

from kpiengine.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    FILE,
    PATH,
    Failure,
    emit,
    evaluate_files,
    on_missing_option,
    weights_option,
)
from kpiengine.core.suggest import did_you_mean
from kpiengine.reports import score as score_report
from kpiengine.reports.explain import explain_text
from kpiengine.rules.hash import rules_hash


@click.command()
@click.argument("rules", type=PATH)
@click.argument("evidence", type=FILE)
@click.option("--format", "fmt", type=click.Choice(sorted(score_report.FORMATS)), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE (whole or not at all).")
@weights_option
@on_missing_option
def score(rules, evidence, fmt, output, weights, on_missing):
    """Score EVIDENCE against the rule set RULES."""
    ruleset, result = evaluate_files(rules, evidence, weights, on_missing)
    text = score_report.to_json(result, rules_hash(ruleset)) if fmt == "json" else score_report.FORMATS[fmt](result)
    emit(text, output, inputs=(rules, evidence))
    if fmt != "text" and score_report.no_evidence_line(result):
        click.echo(f"kpi score: {score_report.no_evidence_line(result)}", err=True)
    sys.exit(EXIT_PROBLEMS if result.errors else EXIT_OK)


@click.command()
@click.argument("rules", type=PATH)
@click.argument("evidence", type=FILE)
@click.option("--indicator", "indicators", multiple=True, metavar="ID", help="Explain only this indicator (repeatable).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the explanation to FILE.")
@weights_option
@on_missing_option
def explain(rules, evidence, indicators, output, weights, on_missing):
    """Show how every number of the score of EVIDENCE came about."""
    ruleset, result = evaluate_files(rules, evidence, weights, on_missing)
    for ident in indicators:
        if ident not in ruleset.indicators:
            raise Failure(f"unknown indicator '{ident}'{did_you_mean(ident, ruleset.indicators)}")
    emit(explain_text(ruleset, result, set(indicators) or None), output, inputs=(rules, evidence))
    sys.exit(EXIT_PROBLEMS if result.errors else EXIT_OK)
