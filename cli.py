"""kpi — the command line of kpiengine.

A thin layer: parse arguments, call the library, format output, map errors to
exit codes (SPEC §7): 0 nothing wrong, 1 problems found, 2 could not run.
"""

from __future__ import annotations

import os
import sys

import click

from kpiengine import EvidenceFileError, KpiError, RuleSetError, evaluate, inspect_rules, load_evidence, load_rules
from kpiengine.explain import explain_text
from kpiengine.output import write_atomic
from kpiengine.reports import problems as problem_report
from kpiengine.reports import score as score_report
from kpiengine.suggest import did_you_mean

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


def _evaluate(rules_path: str, evidence_path: str):
    ruleset = _load_rules(rules_path)
    evidence = _load_evidence(evidence_path)
    try:
        return ruleset, evaluate(ruleset, evidence)
    except EvidenceFileError as exc:
        raise Failure(str(exc)) from None


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
def score(rules, evidence, fmt, output):
    """Score EVIDENCE against the rule set RULES."""
    _, result = _evaluate(rules, evidence)
    _emit(score_report.FORMATS[fmt](result), output, inputs=(rules, evidence))
    sys.exit(EXIT_PROBLEMS if result.errors else EXIT_OK)


@kpi.command()
@click.argument("rules", type=_PATH)
@click.argument("evidence", type=_FILE)
@click.option("--indicator", "indicators", multiple=True, metavar="ID", help="Explain only this indicator (repeatable).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the explanation to FILE.")
def explain(rules, evidence, indicators, output):
    """Show how every number of the score of EVIDENCE came about."""
    ruleset, result = _evaluate(rules, evidence)
    for ident in indicators:
        if ident not in ruleset.indicators:
            raise Failure(f"unknown indicator '{ident}'{did_you_mean(ident, ruleset.indicators)}")
    _emit(explain_text(ruleset, result, set(indicators) or None), output, inputs=(rules, evidence))
    sys.exit(EXIT_PROBLEMS if result.errors else EXIT_OK)


@kpi.command()
@click.argument("paths", nargs=-1, required=True, type=_PATH)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
def check(paths, fmt, output):
    """Check rule sets for problems: file:line:col: [severity] message (CODE)."""
    found = []
    for path in paths:
        found.extend(inspect_rules(path).problems)
    if fmt == "json":
        text = problem_report.to_json(found)
    else:
        color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        text = problem_report.to_text(found, color=color)
    _emit(text, output, inputs=paths)
    sys.exit(EXIT_PROBLEMS if any(p.severity.value == "error" for p in found) else EXIT_OK)


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
