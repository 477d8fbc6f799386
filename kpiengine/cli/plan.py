"""kpi show and kpi progress: the plan book and monitoring during the year."""

from __future__ import annotations

import math
import sys

import click

from kpiengine import EvidenceFileError, KpiError
from kpiengine.cli.common import EXIT_OK, EXIT_PROBLEMS, FILE, PATH, Failure, emit, open_evidence, open_rules
from kpiengine.core.calendar import fiscal_year_bounds, format_thai, parse_day
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
    if value is None:
        return None
    try:
        return parse_day(value, "date")
    except KpiError as exc:
        raise click.BadParameter(str(exc)) from None


def _tolerance(ctx, param, value):
    if value is None or not math.isfinite(value) or value < 0:
        raise click.BadParameter(f"expected a number of percentage points ≥ 0, got '{value}'")
    return value


def _as_of(given, evidence, ruleset):
    """--as-of, else the evidence's as_of; a warning on stderr when it falls outside the plan's fiscal year."""
    as_of = given or evidence.as_of
    if as_of is None:
        raise Failure(f"no date to compare at: give --as-of DATE, or 'as_of' in '{evidence.file}'")
    start, end = fiscal_year_bounds(ruleset.plan.fiscal_year)
    if not start <= as_of <= end:
        click.echo(f"kpi: warning: the date {as_of.isoformat()} ({format_thai(as_of)}) is outside fiscal year "
                   f"{ruleset.plan.fiscal_year} ({start.isoformat()} … {end.isoformat()})", err=True)
    return as_of


@click.command()
@click.argument("rules", type=PATH)
@click.argument("evidence", type=FILE)
@click.option("--as-of", callback=_date, metavar="DATE",
              help="The date to compare at, e.g. 2563-03-31 or 31 มี.ค. 2563 (default: the evidence's as_of).")
@click.option("--tolerance", type=float, callback=_tolerance, default=0.0, show_default=True,
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
    as_of = _as_of(as_of, found, ruleset)
    results = project_progress(ruleset, found, as_of, tolerance)
    unknown = unknown_projects(ruleset, found)
    emit(progress_report.FORMATS[fmt](results, ruleset, as_of, unknown), output, inputs=(rules, evidence))
    sys.exit(EXIT_PROBLEMS if unknown or any(r.faults for r in results) else EXIT_OK)
