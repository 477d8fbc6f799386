"""kpi — the command line of kpiengine.

A thin layer: parse arguments, call the library, format output, map errors to
exit codes (SPEC §7): 0 nothing wrong, 1 problems found, 2 could not run.
"""

from __future__ import annotations

import json
import os
import sys

import click

from kpiengine.lint import catalog
from kpiengine import EvidenceFileError, KpiError, RuleSetError, evaluate, inspect_rules, load_evidence, load_rules
from kpiengine.core.calendar import parse_day
from kpiengine.cases import load_cases, run_cases
from kpiengine.lint.config import load_config, validate_items
from kpiengine.engine.evaluation import check_plan
from kpiengine.lint.evidence import check_evidence
from kpiengine.reports.explain import explain_text
from kpiengine.testing.fuzz import DEFAULT_MAX_EXAMPLES
from kpiengine.testing.fuzz import fuzz as run_fuzz
from kpiengine.rules.loader import rule_files
from kpiengine.reports.output import write_atomic
from kpiengine.rules.overrides import with_on_missing, with_weights
from kpiengine.plan.book import plan_book
from kpiengine.core.problems import sorted_problems
from kpiengine.plan.progress import project_progress, unknown_projects
from kpiengine.reports import cases as case_report
from kpiengine.reports import fuzz as fuzz_report
from kpiengine.reports import problems as problem_report
from kpiengine.reports import progress as progress_report
from kpiengine.reports import score as score_report
from kpiengine.reports import show as show_report
from kpiengine.rules.schema import SCHEMAS
from kpiengine.core.suggest import did_you_mean
from kpiengine.lint.suppress import unsilenced

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_ERROR = 2


class Failure(click.ClickException):
    """A run that could not be done: message on stderr, exit 2."""

    exit_code = EXIT_ERROR

    def show(self, file=None):
        click.echo(f"kpi: error: {self.format_message()}", err=True)


def _emit(text: str, output: str | None, inputs=()) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_atomic(output, text, protected=inputs)
    except KpiError as exc:
        raise Failure(str(exc)) from None


def _load_rules(path: str):
    try:
        return load_rules(path)
    except RuleSetError as exc:
        click.echo(problem_report.to_text([p for p in exc.problems if p.severity.value == "error"]), err=True,
                   nl=False)
        raise Failure(f"the rule set '{path}' has errors (run 'kpi check {path}' for all problems)") from None


def _load_evidence(path: str):
    try:
        return load_evidence(path)
    except EvidenceFileError as exc:
        raise Failure(str(exc)) from None


def _variant(ruleset, weights: str | None = None, on_missing: str | None = None):
    """The rule set with another year's weights or another on_missing policy."""
    try:
        if weights:
            ruleset = with_weights(ruleset, weights)
    except KpiError as exc:
        raise Failure(str(exc)) from None
    return with_on_missing(ruleset, on_missing) if on_missing else ruleset


def _evaluate(rules_path: str, evidence_path: str, weights=None, on_missing=None):
    ruleset = _variant(_load_rules(rules_path), weights, on_missing)
    evidence = _load_evidence(evidence_path)
    try:
        return ruleset, evaluate(ruleset, evidence)
    except EvidenceFileError as exc:
        raise Failure(str(exc)) from None


def _weights_option(command):
    return click.option("--weights", metavar="ID|FILE",
                        help="Score with a 'kind: weights' document (its id in the rule set, or a file).")(command)


def _on_missing_option(command):
    return click.option("--on-missing", type=click.Choice(["zero", "exclude", "error"]),
                        help="Score under this on_missing policy instead of the plan's.")(command)


_PATH = click.Path(exists=True, dir_okay=True)
_FILE = click.Path(exists=True, dir_okay=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kpiengine", prog_name="kpi")
def kpi():
    """Score KPI evidence against YAML rule sets, transparently."""


@kpi.command()
@click.argument("rules", type=_PATH)
@click.argument("evidence", type=_FILE)
@click.option("--format", "fmt", type=click.Choice(sorted(score_report.FORMATS)), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE (whole or not at all).")
@_weights_option
@_on_missing_option
def score(rules, evidence, fmt, output, weights, on_missing):
    """Score EVIDENCE against the rule set RULES."""
    _, result = _evaluate(rules, evidence, weights, on_missing)
    _emit(score_report.FORMATS[fmt](result), output, inputs=(rules, evidence))
    sys.exit(EXIT_PROBLEMS if result.errors else EXIT_OK)


@kpi.command()
@click.argument("rules", type=_PATH)
@click.argument("evidence", type=_FILE)
@click.option("--indicator", "indicators", multiple=True, metavar="ID", help="Explain only this indicator (repeatable).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the explanation to FILE.")
@_weights_option
@_on_missing_option
def explain(rules, evidence, indicators, output, weights, on_missing):
    """Show how every number of the score of EVIDENCE came about."""
    ruleset, result = _evaluate(rules, evidence, weights, on_missing)
    for ident in indicators:
        if ident not in ruleset.indicators:
            raise Failure(f"unknown indicator '{ident}'{did_you_mean(ident, ruleset.indicators)}")
    _emit(explain_text(ruleset, result, set(indicators) or None), output, inputs=(rules, evidence))
    sys.exit(EXIT_PROBLEMS if result.errors else EXIT_OK)


def _codes(ctx, param, values):
    """--select / --ignore: repeatable, each a comma-separated list."""
    items = [item.strip() for value in values for item in value.split(",") if item.strip()]
    try:
        return validate_items(items, f"--{param.name}")
    except KpiError as exc:
        raise click.BadParameter(str(exc)) from None


@kpi.command()
@click.argument("paths", nargs=-1, type=_PATH)
@click.option("--format", "fmt", type=click.Choice(problem_report.FORMATS), default="text", show_default=True,
              help="auto: github annotations under GitHub Actions, text otherwise.")
@click.option("--select", multiple=True, callback=_codes, metavar="CODES",
              help="Run only these checks: codes, prefixes (SG), dotted names or categories (comma-separated; "
                   "replaces the configured selection).")
@click.option("--ignore", multiple=True, callback=_codes, metavar="CODES",
              help="Skip these checks (added to the configured ones).")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option("--config", "config_path", type=_FILE, metavar="FILE",
              help="Read settings from FILE (default: kpi.toml or pyproject.toml [tool.kpiengine], searched upwards).")
@click.option("--evidence", "evidence_paths", multiple=True, type=_FILE, metavar="FILE",
              help="Also check evidence FILE against the rule set (repeatable; one rule set only).")
@click.option("--list", "list_checks", is_flag=True, help="Print the catalog of checks and exit.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
def check(paths, fmt, select, ignore, strict, config_path, evidence_paths, list_checks, output):
    """Check rule sets for problems: file:line:col: [severity] message (CODE)."""
    if list_checks:
        _emit(catalog.to_text(), output)
        return
    if not paths:
        raise click.UsageError("give at least one rule set (a directory or a YAML file)")
    if evidence_paths and len(paths) != 1:
        raise click.UsageError("--evidence checks evidence against one rule set: give exactly one PATH")
    try:
        config = load_config(config_path)
    except KpiError as exc:
        raise Failure(str(exc)) from None
    config.select = list(select) or config.select  # the command line's selection replaces the file's
    config.ignore = config.ignore + list(ignore)
    config.strict = config.strict or strict
    found, files = [], []
    for path in paths:
        ruleset = inspect_rules(path)
        found.extend(ruleset.problems)
        files.extend(rule_files(path))
        for evidence in evidence_paths:
            files.append(evidence)
            if ruleset.valid:
                found.extend(check_evidence(ruleset, evidence))
    found, _ = unsilenced(config.apply(sorted_problems(found)))
    fmt = problem_report.resolve_format(fmt)
    if fmt == "json":
        text = problem_report.to_json(found)
    elif fmt == "github":
        text = problem_report.to_github(found)
    elif fmt == "sarif":
        text = problem_report.to_sarif(found)
    elif fmt == "junit":
        text = problem_report.to_junit(found, files)
    else:
        color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        text = problem_report.to_text(found, color=color)
    _emit(text, output, inputs=(*paths, *evidence_paths))
    sys.exit(EXIT_PROBLEMS if config.fails(found) else EXIT_OK)


@kpi.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the catalog to FILE.")
def checks(fmt, output):
    """Print the catalog of checks (markdown: the document docs/checks.md)."""
    _emit(catalog.to_markdown() if fmt == "markdown" else catalog.to_text(), output)


@kpi.command()
@click.argument("kind", type=click.Choice(sorted(SCHEMAS)), default="rules")
@click.option("--rules", "rules_path", type=_PATH, metavar="RULES",
              help="For evidence and case: a schema that knows this rule set's indicators and inputs.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the schema to FILE.")
def schema(kind, rules_path, output):
    """Print a JSON Schema for editors: rules (default), evidence or case."""
    if rules_path and kind == "rules":
        raise click.UsageError("--rules is for 'evidence' and 'case' schemas")
    document = SCHEMAS[kind](_load_rules(rules_path)) if rules_path else SCHEMAS[kind]()
    _emit(json.dumps(document, ensure_ascii=False, indent=2) + "\n", output)


@kpi.command(name="test")
@click.argument("rules", type=_PATH)
@click.argument("cases", nargs=-1, required=True, type=_PATH)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
def test_cases(rules, cases, fmt, output):
    """Run the golden CASES (kind: case) against RULES; exit 1 if any fails."""
    ruleset = _load_rules(rules)
    try:
        results = run_cases(ruleset, load_cases(cases))
    except KpiError as exc:
        raise Failure(str(exc)) from None
    if fmt == "junit":
        text = case_report.to_junit(results, ruleset.plan.id)
    else:
        text = case_report.to_json(results) if fmt == "json" else case_report.to_text(results)
    _emit(text, output, inputs=(rules, *cases))
    sys.exit(EXIT_OK if all(r.passed for r in results) else EXIT_PROBLEMS)


@kpi.command()
@click.argument("rules", type=_PATH)
@click.option("--format", "fmt", type=click.Choice(sorted(show_report.FORMATS)), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the plan book to FILE.")
def show(rules, fmt, output):
    """Print the plan book: dimensions, indicators, projects, budgets and totals."""
    ruleset = _load_rules(rules)
    _emit(show_report.FORMATS[fmt](plan_book(ruleset)), output, inputs=(rules,))


def _date(ctx, param, value):
    try:
        return parse_day(value, "date")
    except KpiError as exc:
        raise click.BadParameter(str(exc)) from None


@kpi.command()
@click.argument("rules", type=_PATH)
@click.argument("evidence", type=_FILE)
@click.option("--as-of", required=True, callback=_date, metavar="DATE",
              help="The date to compare at, e.g. 2563-03-31 or 31 มี.ค. 2563.")
@click.option("--tolerance", type=click.FloatRange(min=0), default=0.0, show_default=True,
              help="Percentage points within which a project counts as on track.")
@click.option("--format", "fmt", type=click.Choice(sorted(progress_report.FORMATS)), default="text",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
def progress(rules, evidence, as_of, tolerance, fmt, output):
    """Planned against actual progress of each project at a date (monitoring during the year)."""
    ruleset = _load_rules(rules)
    found = _load_evidence(evidence)
    try:
        check_plan(found, ruleset)
    except EvidenceFileError as exc:
        raise Failure(str(exc)) from None
    results = project_progress(ruleset, found, as_of, tolerance)
    unknown = unknown_projects(ruleset, found)
    _emit(progress_report.FORMATS[fmt](results, ruleset, as_of, unknown), output, inputs=(rules, evidence))
    sys.exit(EXIT_PROBLEMS if unknown or any(r.faults for r in results) else EXIT_OK)


@kpi.command("fuzz")
@click.argument("rules", type=_PATH)
@click.option("--indicator", "indicators", multiple=True, metavar="ID", help="Fuzz only this indicator (repeatable).")
@click.option("--max-examples", type=click.IntRange(min=1), default=DEFAULT_MAX_EXAMPLES, show_default=True,
              help="Random examples per indicator, after the boundary cases.")
@click.option("--seed", type=int, default=None, help="Seed of the random examples (default: the same every run).")
@click.option("--format", "fmt", type=click.Choice(sorted(fuzz_report.FORMATS)), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
def fuzz_command(rules, indicators, max_examples, seed, fmt, output):
    """Search each indicator's declared domains for evidence that breaks its formula or scoring."""
    ruleset = _load_rules(rules)
    for ident in indicators:
        if ident not in ruleset.indicators:
            raise Failure(f"unknown indicator '{ident}'{did_you_mean(ident, ruleset.indicators)}")
    report = run_fuzz(ruleset, set(indicators) or None, max_examples, seed)
    _emit(fuzz_report.FORMATS[fmt](report), output, inputs=(rules,))
    sys.exit(EXIT_PROBLEMS if report.findings else EXIT_OK)


def main(argv=None) -> int:
    """Entry point of the ``kpi`` script; never a traceback for bad input."""
    try:
        kpi.main(args=argv, prog_name="kpi", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    except KpiError as exc:
        click.echo(f"kpi: error: {exc}", err=True)
        return EXIT_ERROR
    except Exception as exc:  # a bug of ours: say so plainly, without a traceback unless asked
        if os.environ.get("KPI_DEBUG"):
            raise
        click.echo(f"kpi: internal error: {type(exc).__name__}: {exc} (set KPI_DEBUG=1 for the traceback; "
                   "please report it)", err=True)
        return EXIT_ERROR
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
