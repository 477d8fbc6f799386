"""kpi score and kpi explain.

``kpi score RULES EVIDENCE...`` scores one unit, or a round: several evidence
files, directories of them (YAML documents of other kinds, such as golden
cases, are skipped with a note) and evidence tables (CSV, a row per unit or
a row per input; Excel workbooks). One unit prints exactly the single-unit
report; several print the round report (`kpiengine.reports.round`, and the
xlsx / html round reports).
"""

from __future__ import annotations

import os
import sys

import click

from kpiengine import EvidenceFileError, evaluate
from kpiengine.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    FILE,
    PATH,
    Failure,
    emit,
    evaluate_files,
    failure,
    format_option,
    lang_option,
    on_missing_option,
    open_rules,
    open_units,
    pick_format,
    variant,
    weights_option,
)
from kpiengine.cli.engines import ENGINES, choose_engine, score_table
from kpiengine.core.suggest import did_you_mean
from kpiengine.reports import score as score_report
from kpiengine.reports.explain import explain_text
from kpiengine.reports.i18n import use
from kpiengine.reports.words import problem_message
from kpiengine.rules.hash import rules_hash

EVIDENCE_SUFFIXES = (".yaml", ".yml", ".csv", ".xlsx")  # read unit by unit; .parquet goes to a table engine


@click.command()
@click.argument("rules", type=PATH)
@click.argument("evidence", nargs=-1, required=True, type=PATH)
@format_option(score_report.FORMATS)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE (whole or not at all).")
@click.option("--unit", metavar="NAME", help="Score only this unit of a table or workbook.")
@click.option("--sort", default="overall", show_default=True, metavar="overall|unit|DIMENSION",
              help="Order of the units in a round's report.")
@click.option("--engine", type=click.Choice(ENGINES), default=None,
              help="python: unit by unit, every report (default); numpy, duckdb, spark: an evidence table → the "
                   "results table (default duckdb for .parquet and CSV over 50 MB).")
@click.option("--spark-master", default="local[*]", show_default=True, metavar="URL",
              help="With --engine spark: the Spark master.")
@weights_option
@on_missing_option
@lang_option
def score(rules, evidence, fmt, output, unit, sort, engine, spark_master, weights, on_missing, lang):
    """Score EVIDENCE (YAML files, CSV tables, Excel workbooks, directories of them) against RULES."""
    ruleset = variant(open_rules(rules), weights, on_missing)
    with use(lang or ruleset.plan.language):  # evidence errors, even those that stop the run, in that language
        _score(ruleset, rules, evidence, fmt, output, unit, sort, engine, spark_master, lang)


def _score(ruleset, rules, evidence, fmt, output, unit, sort, engine, spark_master, lang):
    _check_sort(sort, ruleset)
    engine = choose_engine(engine, evidence)
    if engine != "python":  # a table engine: numbers, statuses and errors per unit, no traces
        results, unreadable = score_table(ruleset, evidence, engine, spark_master, output, rules), []
        if unit is not None:
            results = [r for r in results if r.unit == unit]
            if not results:
                raise Failure(f"no unit '{unit}' in {', '.join(evidence)}")
    else:
        results, unreadable = _evaluate_units(ruleset, evidence, unit)
    for source, problems in unreadable:
        for p in problems:
            click.echo(f"kpi: error: {p.location.format() or source}: {problem_message(p)}", err=True)
    if not results:
        raise Failure("no evidence could be read" if unreadable else f"no evidence found in {', '.join(evidence)}")
    fmt = pick_format(fmt, output, score_report.FORMATS)
    # JSON is data (SPEC §7): its explanations are English unless --lang asks otherwise, whatever the plan says.
    with use(lang or ("en" if fmt == "json" else ruleset.plan.language)):
        if len(results) == 1 and fmt == "json":
            content = score_report.to_json(results[0], rules_hash(ruleset))
        elif len(results) == 1:
            content = score_report.FORMATS[fmt](results[0])
        elif fmt in score_report.ROUND_FORMATS:
            content = score_report.round_report(fmt, results, sort=sort, unreadable=unreadable,
                                                rules_hash=rules_hash(ruleset))
        else:
            shown = ", ".join(sorted(score_report.ROUND_FORMATS))
            raise Failure(f"{len(results)} units: --format {fmt} shows one unit (name it with --unit), or write "
                          f"the round as {shown}")
    emit(content, output, inputs=(rules, *evidence))
    if len(results) == 1 and fmt != "text" and score_report.no_evidence_line(results[0]):
        click.echo(f"kpi score: {score_report.no_evidence_line(results[0])}", err=True)
    failed = unreadable or any(r.errors for r in results)
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)


def _evaluate_units(ruleset, evidence, unit):
    """Every unit of `evidence` scored by the scalar engine: (results, unreadable sources and their problems)."""
    if len(evidence) == 1 and not os.path.isdir(evidence[0]):
        units, unreadable = open_units(evidence[0], ruleset), []  # exit 2 when it cannot be read, as ever
    else:
        units, unreadable = gather(evidence, ruleset)
    if unit is not None:
        units = [(source, e) for source, e in _sourced(units, evidence) if e.unit == unit]
        if not units:
            raise Failure(f"no unit '{unit}' in {', '.join(evidence)}")
    results = []
    for source, item in _sourced(units, evidence):
        try:
            results.append(evaluate(ruleset, item))
        except EvidenceFileError as exc:  # evidence for another plan
            if len(evidence) == 1 and not os.path.isdir(evidence[0]):
                raise failure(exc) from None
            unreadable.append((source, exc.problems))
    return results, unreadable


def _sourced(units, evidence):
    """(source, Evidence) pairs, whether `units` came with their sources or from one file."""
    return [u if isinstance(u, tuple) else (evidence[0], u) for u in units]


def _check_sort(sort: str, ruleset) -> None:
    choices = ["overall", "unit"] + [d.id for d in ruleset.dimensions]
    if sort not in choices:
        raise Failure(f"unknown --sort '{sort}'{did_you_mean(sort, choices)} (choices: {', '.join(choices)})")


def gather(paths, ruleset) -> tuple[list, list]:
    """Every unit's `Evidence` in `paths`, in order: ([(source, Evidence)], [(source, problems)])."""
    units, unreadable = [], []
    for path in paths:
        if os.path.isdir(path):
            for file in _files_below(path):
                _read(file, ruleset, units, unreadable, in_directory=True)
        else:
            _read(path, ruleset, units, unreadable, in_directory=False)
    return units, unreadable


def _files_below(directory: str) -> list[str]:
    found = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.lower().endswith(EVIDENCE_SUFFIXES) and not name.startswith((".", "~$")):
                found.append(os.path.join(root, name))
    return found


def _read(path: str, ruleset, units: list, unreadable: list, in_directory: bool) -> None:
    from kpiengine.evidence.intake import load_units  # tables and workbooks: only when evidence is read

    try:
        if in_directory and path.lower().endswith((".yaml", ".yml")):
            other = _other_kind(path)
            if other is not None:
                click.echo(f"kpi: note: skipped {path} ({other}, not evidence)", err=True)
                return
        found = load_units(path, ruleset)
        if not found:
            raise EvidenceFileError([_no_unit(path)])
        units.extend((path, item) for item in found)
    except EvidenceFileError as exc:
        unreadable.append((path, exc.problems))


def _no_unit(path: str):
    from kpiengine.core.messages import say
    from kpiengine.core.problems import Location
    from kpiengine.evidence.codes import EV00

    return EV00.problem(say("no unit in the table (a row per unit, or a column per unit after the columns "
                            "'indicator' and 'input')"), Location(path))


def _other_kind(path: str) -> str | None:
    """'kind: case' when the file is readable YAML whose documents are all of one other kind than evidence."""
    from kpiengine.sources.yaml_reader import load_file

    documents, problems = load_file(path)
    documents = [d for d in documents if d.data is not None]
    if any(p.is_error for p in problems) or not documents:
        return None
    kinds = {d.data.get("kind") if isinstance(d.data, dict) else None for d in documents}
    kinds.discard("evidence")
    if len(kinds) == 1 and None not in kinds:
        return f"kind: {kinds.pop()}"
    return None


@click.command()
@click.argument("rules", type=PATH)
@click.argument("evidence", type=FILE)
@click.option("--indicator", "indicators", multiple=True, metavar="ID", help="Explain only this indicator (repeatable).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the explanation to FILE.")
@click.option("--unit", metavar="NAME", help="The unit to explain, in a table or workbook of several.")
@weights_option
@on_missing_option
@lang_option
def explain(rules, evidence, indicators, output, unit, weights, on_missing, lang):
    """Show how every number of the score of EVIDENCE came about."""
    ruleset, result = evaluate_files(rules, evidence, weights, on_missing, unit)
    for ident in indicators:
        if ident not in ruleset.indicators:
            raise Failure(f"unknown indicator '{ident}'{did_you_mean(ident, ruleset.indicators)}")
    with use(lang or ruleset.plan.language):
        text = explain_text(ruleset, result, set(indicators) or None)
    emit(text, output, inputs=(rules, evidence))
    sys.exit(EXIT_PROBLEMS if result.errors else EXIT_OK)
