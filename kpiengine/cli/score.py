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
    evaluate_units,
    format_option,
    lang_option,
    on_missing_option,
    pick_format,
    weights_option,
)
from kpiengine.core.suggest import did_you_mean
from kpiengine.reports import score as score_report
from kpiengine.reports.explain import explain_text
from kpiengine.reports.i18n import use


@click.command()
@click.argument("rules", type=PATH)
@click.argument("evidence", type=FILE)
@format_option(score_report.FORMATS)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE (whole or not at all).")
@click.option("--unit", metavar="NAME", help="Score only this unit of a table or workbook.")
@weights_option
@on_missing_option
@lang_option
def score(rules, evidence, fmt, output, unit, weights, on_missing, lang):
    """Score EVIDENCE (YAML, a CSV table or an Excel workbook) against the rule set RULES."""
    ruleset, results = evaluate_units(rules, evidence, weights, on_missing, unit)
    fmt = pick_format(fmt, output, score_report.FORMATS)
    with use(lang or ruleset.plan.language):
        if len(results) == 1:
            content = score_report.FORMATS[fmt](results[0])
        elif fmt in score_report.ROUND_FORMATS:
            content = score_report.ROUND_FORMATS[fmt](results)
        else:
            shown = ", ".join(sorted(score_report.ROUND_FORMATS))
            raise Failure(f"{evidence} holds {len(results)} units: --format {fmt} shows one unit (name it with "
                          f"--unit), or write the round as {shown}")
    emit(content, output, inputs=(rules, evidence))
    sys.exit(EXIT_PROBLEMS if any(r.errors for r in results) else EXIT_OK)


@click.command()
@click.argument("rules", type=PATH)
@click.argument("evidence", type=FILE)
@click.option("--indicator", "indicators", multiple=True, metavar="ID", help="Explain only this indicator (repeatable).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the explanation to FILE.")
@click.option("--unit", metavar="NAME", help="The unit to explain, in a table or workbook of several.")
@weights_option
@on_missing_option
def explain(rules, evidence, indicators, output, unit, weights, on_missing):
    """Show how every number of the score of EVIDENCE came about."""
    ruleset, result = evaluate_files(rules, evidence, weights, on_missing, unit)
    for ident in indicators:
        if ident not in ruleset.indicators:
            raise Failure(f"unknown indicator '{ident}'{did_you_mean(ident, ruleset.indicators)}")
    emit(explain_text(ruleset, result, set(indicators) or None), output, inputs=(rules, evidence))
    sys.exit(EXIT_PROBLEMS if result.errors else EXIT_OK)
