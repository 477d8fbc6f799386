"""What every command shares: exit codes, failures, writing output, loading rule sets and evidence."""

from __future__ import annotations

import os

import click

from kpiengine import EvidenceFileError, KpiError, RuleSetError, evaluate, load_evidence, load_rules
from kpiengine.reports.i18n import LANGUAGES
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
    """A library error as the command's failure: every located problem it carries on stderr, then the message
    (an evidence file's, in the language of `kpiengine.reports.i18n.use`)."""
    problems = getattr(exc, "problems", None) or []
    if len(problems) > 1 and not isinstance(exc, RuleSetError):
        click.echo(_problem_lines(problems), err=True, nl=False)
    return Failure(said(exc))


def said(exc: KpiError) -> str:
    """`str(exc)`; for an evidence file that cannot be used, its first problem in the current language."""
    from kpiengine.reports.i18n import _, language

    if language() == "en" or not isinstance(exc, EvidenceFileError) or not exc.problems:
        return str(exc)
    from kpiengine.reports.words import problem_message

    first = exc.problems[0]
    where = first.location.text
    more = len(exc.problems) - 1
    return ((f"{where}: " if where else "") + problem_message(first)
            + (" " + _("(and {count} more problems)").format(count=more) if more else ""))


def emit(text: str | bytes, output: str | None, inputs=()) -> None:
    """Print `text`, or write it to `output` whole or not at all; bytes (xlsx) never go to a terminal.

    Every path the command was given (arguments and options such as
    ``--weights FILE`` or ``--evidence``, not only the `inputs` named here) is
    protected from being overwritten.
    """
    if output is None:
        if isinstance(text, bytes):
            stream = click.get_binary_stream("stdout")
            if stream.isatty():
                raise Failure("refusing to write a binary workbook to the terminal: give -o FILE.xlsx "
                              "(or redirect the output to a file)")
            stream.write(text)
            stream.flush()
            return
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
        raise Failure(said(exc)) from None


def open_units(path: str, ruleset) -> list:
    """Every unit's evidence in a YAML file, a CSV table or a workbook (exit 2 when it cannot be read)."""
    from kpiengine.evidence.intake import load_units  # tables and workbooks: only when evidence is read

    try:
        units = load_units(path, ruleset)
    except EvidenceFileError as exc:
        raise failure(exc) from None
    if not units:
        raise Failure(f"{path}: no unit in the table (a row per unit, or a column per unit after the columns "
                      f"'indicator' and 'input')")
    return units


def one_unit(units: list, path: str, unit: str | None = None):
    """The unit a one-unit command works on: the only one, or the one named with --unit."""
    if unit is not None:
        for evidence in units:
            if evidence.unit == unit:
                return evidence
        names = ", ".join(f"'{e.unit}'" for e in units)
        raise Failure(f"{path}: no unit '{unit}' (units: {names})")
    if len(units) > 1:
        names = ", ".join(f"'{e.unit}'" for e in units[:5]) + (", …" if len(units) > 5 else "")
        raise Failure(f"{path} holds {len(units)} units ({names}): name one with --unit")
    return units[0]


# The format an -o FILE asks for by its extension, when --format is not given.
EXTENSIONS = {".json": "json", ".md": "markdown", ".markdown": "markdown", ".csv": "csv", ".xlsx": "xlsx",
              ".html": "html", ".htm": "html", ".txt": "text", ".sarif": "sarif", ".xml": "junit"}


def pick_format(fmt: str | None, output: str | None, formats, default: str = "text") -> str:
    """--format if given; else the format of -o's extension when the command has it; else `default`."""
    if fmt is not None:
        return fmt
    if output:
        guess = EXTENSIONS.get(os.path.splitext(output)[1].lower())
        if guess in formats:
            return guess
        if guess is not None or os.path.splitext(output)[1].lower() in (".xls", ".xlsm", ".ods"):
            known = ", ".join(sorted(formats))
            raise Failure(f"cannot write '{output}': this command writes {known} (use --format)")
    return default


def lang_option(command):
    return click.option("--lang", type=click.Choice(LANGUAGES), default=None,
                        help="Language of the report's words and dates (default: the plan's language key, else en).")(command)


def format_option(formats):
    def decorate(command):
        return click.option("--format", "fmt", type=click.Choice(sorted(formats)), default=None,
                            help="Output format [default: from -o FILE's extension, else text].")(command)
    return decorate


def variant(ruleset, weights: str | None = None, on_missing: str | None = None):
    """The rule set with another year's weights or another on_missing policy."""
    try:
        if weights:
            ruleset = with_weights(ruleset, weights)
    except KpiError as exc:
        raise Failure(str(exc)) from None
    return with_on_missing(ruleset, on_missing) if on_missing else ruleset


def evaluate_files(rules_path: str, evidence_path: str, weights=None, on_missing=None, unit=None):
    ruleset, results = evaluate_units(rules_path, evidence_path, weights, on_missing, unit)
    return ruleset, one_unit(results, evidence_path)


def evaluate_units(rules_path: str, evidence_path: str, weights=None, on_missing=None, unit=None):
    """(rule set, the result of every unit in the evidence file, or of the one named `unit`)."""
    ruleset = variant(open_rules(rules_path), weights, on_missing)
    units = open_units(evidence_path, ruleset)
    if unit is not None:
        units = [one_unit(units, evidence_path, unit)]
    try:
        return ruleset, [evaluate(ruleset, evidence) for evidence in units]
    except EvidenceFileError as exc:
        raise failure(exc) from None


def weights_option(command):
    return click.option("--weights", metavar="ID|FILE",
                        help="Score with a 'kind: weights' document (its id in the rule set, or a file).")(command)


def on_missing_option(command):
    return click.option("--on-missing", type=click.Choice(["zero", "exclude", "error"]),
                        help="Score under this on_missing policy instead of the plan's.")(command)


PATH = click.Path(exists=True, dir_okay=True)
FILE = click.Path(exists=True, dir_okay=False)
