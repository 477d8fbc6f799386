"""kpi show and kpi progress: the plan book and monitoring during the year."""

from __future__ import annotations

import sys

import click

from kpiengine import EvidenceFileError, KpiError
from kpiengine.cli.common import EXIT_OK, EXIT_PROBLEMS, FILE, PATH, Failure, emit, open_evidence, open_rules
from kpiengine.core.calendar import parse_day
from kpiengine.engine.evaluation import check_plan
from kpiengine.evidence.validate import unknown_projects
from kpiengine.plan.book import plan_book
from kpiengine.plan.progress import project_progress
from kpiengine.reports import progress as progress_report
from kpiengine.reports import show as show_report
from kpiengine.rules.hash import rules_hash


@click.command()
@click.argument("rules", type=PATH)
@click.option("--format", "fmt", type=click.Choice(sorted(show_report.FORMATS)), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the plan book to FILE.")
def show(rules, fmt, output):
    """Print the plan book: dimensions, indicators, projects, budgets and totals."""
    ruleset = open_rules(rules)
    book = plan_book(ruleset)
    if fmt == "json":
        book = {**book, "rules_hash": rules_hash(ruleset)}
    emit(show_report.FORMATS[fmt](book), output, inputs=(rules,))


def _date(ctx, param, value):
    try:
        return parse_day(value, "date")
    except KpiError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command()
@click.argument("rules", type=PATH)
@click.argument("evidence", type=FILE)
@click.option("--as-of", required=True, callback=_date, metavar="DATE",
              help="The date to compare at, e.g. 2563-03-31 or 31 มี.ค. 2563.")
@click.option("--tolerance", type=click.FloatRange(min=0), default=0.0, show_default=True,
              help="Percentage points within which a project counts as on track.")
@click.option("--format", "fmt", type=click.Choice(sorted(progress_report.FORMATS)), default="text",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
def progress(rules, evidence, as_of, tolerance, fmt, output):
    """Planned against actual progress of each project at a date (monitoring during the year)."""
    ruleset = open_rules(rules)
    found = open_evidence(evidence)
    try:
        check_plan(found, ruleset)
    except EvidenceFileError as exc:
        raise Failure(str(exc)) from None
    results = project_progress(ruleset, found, as_of, tolerance)
    unknown = unknown_projects(ruleset, found)
    emit(progress_report.FORMATS[fmt](results, ruleset, as_of, unknown), output, inputs=(rules, evidence))
    sys.exit(EXIT_PROBLEMS if unknown or any(r.faults for r in results) else EXIT_OK)
