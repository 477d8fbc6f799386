"""kpi score and kpi explain.

``kpi score RULES EVIDENCE...`` scores one unit, or a round: several evidence
files, directories of them (documents of other kinds, such as golden cases,
are skipped with a note) and evidence tables (CSV, a row per unit or a row
per input). One unit prints exactly the single report; several print the
round report of `kpiengine.reports.round`.
"""

from __future__ import annotations

import os
import sys

import click

from kpiengine import EvidenceFileError, evaluate
from kpiengine.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_PROBLEMS,
    FILE,
    PATH,
    Failure,
    emit,
    evaluate_files,
    on_missing_option,
    open_rules,
    variant,
    weights_option,
)
from kpiengine.core.suggest import did_you_mean
from kpiengine.evidence.document import load_evidence
from kpiengine.evidence.table import read_table
from kpiengine.reports import round as round_report
from kpiengine.reports import score as score_report
from kpiengine.reports.explain import explain_text
from kpiengine.sources.yaml_reader import load_file

EVIDENCE_SUFFIXES = (".yaml", ".yml")
TABLE_SUFFIXES = (".csv",)


@click.command()
@click.argument("rules", type=PATH)
@click.argument("evidence", nargs=-1, required=True, type=PATH)
@click.option("--format", "fmt", type=click.Choice(sorted(score_report.FORMATS)), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE (whole or not at all).")
@click.option("--sort", default="overall", show_default=True, metavar="overall|unit|DIMENSION",
              help="Order of the units in a round's report.")
@weights_option
@on_missing_option
def score(rules, evidence, fmt, output, sort, weights, on_missing):
    """Score EVIDENCE (files, directories, CSV tables) against the rule set RULES."""
    inputs = (rules, *evidence)
    if len(evidence) == 1 and os.path.isfile(evidence[0]) and not _is_table(evidence[0]):
        _, result = evaluate_files(rules, evidence[0], weights, on_missing)
        emit(score_report.FORMATS[fmt](result), output, inputs=inputs)
        sys.exit(EXIT_PROBLEMS if result.errors else EXIT_OK)
    ruleset = variant(open_rules(rules), weights, on_missing)
    _check_sort(sort, ruleset)
    units, unreadable = gather(evidence, ruleset)
    results = []
    for source, item in units:
        try:
            results.append(evaluate(ruleset, item))
        except EvidenceFileError as exc:  # evidence for another plan
            unreadable.append((source, exc.problems))
    for source, problems in unreadable:
        for p in problems:
            click.echo(f"kpi: error: {p.location.format() or source}: {p.message}", err=True)
    if not results:
        raise Failure("no evidence could be read" if unreadable else "no evidence found in " + ", ".join(evidence))
    if len(results) == 1:
        text = score_report.FORMATS[fmt](results[0])
    else:
        round_ = round_report.Round(ruleset.plan.id, ruleset.plan.title, ruleset.dimensions,
                                    list(ruleset.indicators), results, unreadable, ruleset.plan.on_missing)
        text = round_report.FORMATS[fmt](round_, sort)
    emit(text, output, inputs=inputs)
    failed = unreadable or any(r.errors for r in results)
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)


def _is_table(path: str) -> bool:
    return path.lower().endswith(TABLE_SUFFIXES)


def _check_sort(sort: str, ruleset) -> None:
    choices = ["overall", "unit"] + [d.id for d in ruleset.dimensions]
    if sort not in choices:
        raise Failure(f"unknown --sort '{sort}'{did_you_mean(sort, choices)} (choices: {', '.join(choices)})")


def gather(paths, ruleset) -> tuple[list, list]:
    """Every unit's `Evidence` from `paths`, in order: ((source, Evidence) list, (source, problems) list)."""
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
            if name.lower().endswith(EVIDENCE_SUFFIXES + TABLE_SUFFIXES) and not name.startswith("."):
                found.append(os.path.join(root, name))
    return found


def _read(path: str, ruleset, units: list, unreadable: list, in_directory: bool) -> None:
    try:
        if _is_table(path):
            units.extend((path, item) for item in read_table(path, ruleset))
            return
        if in_directory:
            other = _other_kind(path)
            if other is not None:
                click.echo(f"kpi: note: skipped {path} ({other}, not evidence)", err=True)
                return
        units.append((path, load_evidence(path)))
    except EvidenceFileError as exc:
        unreadable.append((path, exc.problems))


def _other_kind(path: str) -> str | None:
    """'kind: case' when the file is one readable YAML document of another kind than evidence."""
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


__all__ = ["EXIT_ERROR", "explain", "gather", "score"]
