"""What every command shares: exit codes, failures, writing output, loading rule sets and evidence."""

from __future__ import annotations

import os

import click

from kpiengine import EvidenceFileError, KpiError, RuleSetError, evaluate, load_evidence, load_rules
from kpiengine.reports.output import write_atomic
from kpiengine.rules.discover import rule_set_paths
from kpiengine.rules.overrides import with_on_missing, with_weights

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_ERROR = 2


class Failure(click.ClickException):
    """A run that could not be done: message on stderr, exit 2."""

    exit_code = EXIT_ERROR

    def show(self, file=None):
        # Bytes of a file name that are not UTF-8 (lone surrogates in Python) are shown as \xNN escapes.
        message = self.format_message().encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        click.echo(f"kpi: error: {message}", err=True)


def _problem_lines(problems) -> str:
    from kpiengine.reports import problems as problem_report  # only when something failed

    return problem_report.to_text(problems)


def failure(exc: KpiError) -> Failure:
    """A library error as the command's failure: every located problem it carries on stderr, then the message."""
    problems = getattr(exc, "problems", None) or []
    if len(problems) > 1 and not isinstance(exc, RuleSetError):
        click.echo(_problem_lines(problems), err=True, nl=False)
    return Failure(str(exc))


def emit(text: str, output: str | None, inputs=()) -> None:
    """Print `text`, or write it to `output` whole or not at all.

    Every path the command was given (arguments and options such as
    ``--weights FILE`` or ``--evidence``, not only the `inputs` named here) is
    protected from being overwritten.
    """
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_atomic(output, text, protected=(*inputs, *_given_paths()))
    except KpiError as exc:
        raise Failure(str(exc)) from None


def _given_paths() -> list[str]:
    """Every existing path among the current command's arguments and options, except its output."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return []
    found = []
    for name, value in ctx.params.items():
        if name in ("output", "output_path"):
            continue
        for item in value if isinstance(value, (list, tuple)) else (value,):
            if isinstance(item, str) and item and os.path.exists(item):
                found.append(item)
    return found


def open_rules(path: str):
    several = rule_set_paths(path)
    if len(several) > 1:
        names = ", ".join(several)
        raise Failure(f"'{path}' is a folder of {len(several)} rule sets ({names}): give one of them")
    try:
        return load_rules(path)
    except RuleSetError as exc:
        click.echo(_problem_lines([p for p in exc.problems if p.severity.value == "error"]), err=True,
                   nl=False)
        raise Failure(f"the rule set '{path}' has errors (run 'kpi check {path}' for all problems)") from None


def open_evidence(path: str):
    try:
        return load_evidence(path)
    except EvidenceFileError as exc:
        raise Failure(str(exc)) from None


def variant(ruleset, weights: str | None = None, on_missing: str | None = None):
    """The rule set with another year's weights or another on_missing policy."""
    try:
        if weights:
            ruleset = with_weights(ruleset, weights)
    except KpiError as exc:
        raise Failure(str(exc)) from None
    return with_on_missing(ruleset, on_missing) if on_missing else ruleset


def evaluate_files(rules_path: str, evidence_path: str, weights=None, on_missing=None):
    ruleset = variant(open_rules(rules_path), weights, on_missing)
    evidence = open_evidence(evidence_path)
    try:
        return ruleset, evaluate(ruleset, evidence)
    except EvidenceFileError as exc:
        raise Failure(str(exc)) from None


def weights_option(command):
    return click.option("--weights", metavar="ID|FILE",
                        help="Score with a 'kind: weights' document (its id in the rule set, or a file).")(command)


def on_missing_option(command):
    return click.option("--on-missing", type=click.Choice(["zero", "exclude", "error"]),
                        help="Score under this on_missing policy instead of the plan's.")(command)


PATH = click.Path(exists=True, dir_okay=True)
FILE = click.Path(exists=True, dir_okay=False)
