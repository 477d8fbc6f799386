"""kpi show and kpi progress: the plan book and monitoring during the year."""

from __future__ import annotations

import math
import sys

import click

from kpiengine import EvidenceFileError, KpiError
from kpiengine.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    FILE,
    PATH,
    Failure,
    emit,
    format_option,
    lang_option,
    one_unit,
    open_rules,
    open_units,
    pick_format,
    said,
)
from kpiengine.core.calendar import fiscal_year_bounds, format_thai, parse_day
from kpiengine.engine.evaluation import check_plan
from kpiengine.evidence.validate import unknown_projects
from kpiengine.plan.book import plan_book
from kpiengine.plan.progress import project_progress
from kpiengine.reports import progress as progress_report
from kpiengine.reports import show as show_report
from kpiengine.reports.i18n import use
from kpiengine.rules.hash import rules_hash


@click.command()
@click.argument("rules", type=PATH)
@format_option(show_report.FORMATS)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the plan book to FILE.")
@lang_option
def show(rules, fmt, output, lang):
    """Print the plan book: dimensions, indicators, projects, budgets and totals."""
    ruleset = open_rules(rules)
    fmt = pick_format(fmt, output, show_report.FORMATS)
    book = plan_book(ruleset)
    if fmt == "json":
        book = {**book, "rules_hash": rules_hash(ruleset)}
    with use(lang or ruleset.plan.language):
        content = show_report.FORMATS[fmt](book)
    emit(content, output, inputs=(rules,))


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
@format_option(progress_report.FORMATS)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option("--unit", metavar="NAME", help="The unit to report, in a table or workbook of several.")
@lang_option
def progress(rules, evidence, as_of, tolerance, fmt, output, unit, lang):
    """Planned against actual progress of each project at a date (monitoring during the year)."""
    ruleset = open_rules(rules)
    with use(lang or ruleset.plan.language):
        found = one_unit(open_units(evidence, ruleset), evidence, unit)
        fmt = pick_format(fmt, output, progress_report.FORMATS)
        try:
            check_plan(found, ruleset)
        except EvidenceFileError as exc:
            raise Failure(said(exc)) from None
        as_of = _as_of(as_of, found, ruleset)
        results = project_progress(ruleset, found, as_of, tolerance)
        unknown = unknown_projects(ruleset, found)
        content = progress_report.FORMATS[fmt](results, ruleset, as_of, unknown)
    emit(content, output, inputs=(rules, evidence))
    sys.exit(EXIT_PROBLEMS if unknown or any(r.faults for r in results) else EXIT_OK)
