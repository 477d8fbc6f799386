"""kpi fuzz: property tests that guard formulas."""

from __future__ import annotations

import json
import sys

import click

from kpiengine.cli.common import EXIT_OK, EXIT_PROBLEMS, PATH, Failure, emit, open_rules
from kpiengine.core.suggest import did_you_mean
from kpiengine.reports import fuzz as fuzz_report
from kpiengine.rules.discover import rule_set_paths
from kpiengine.rules.hash import rules_hash
from kpiengine.testing.fuzz import DEFAULT_MAX_EXAMPLES
from kpiengine.testing.fuzz import fuzz as run_fuzz


def _progress():
    """A progress line on stderr: rewritten in place on a terminal, one line per indicator otherwise."""
    stream = click.get_text_stream("stderr")
    live = stream.isatty()

    def show(done: int, total: int, ident: str) -> None:
        text = f"kpi fuzz: [{done + 1}/{total}] {ident}"
        if live:
            stream.write("\r\033[K" + text + ("\n" if done + 1 == total else ""))
        else:
            stream.write(text + "\n")
        stream.flush()

    return show


@click.command("fuzz")
@click.argument("rules", type=PATH)
@click.option("--indicator", "indicators", multiple=True, metavar="ID", help="Fuzz only this indicator (repeatable).")
@click.option("--max-examples", type=click.IntRange(min=1), default=DEFAULT_MAX_EXAMPLES, show_default=True,
              help="Random examples per indicator, after the boundary cases.")
@click.option("--seed", type=int, default=None, help="Seed of the random examples (default: the same every run).")
@click.option("--format", "fmt", type=click.Choice(sorted(fuzz_report.FORMATS)), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option("-q", "--quiet", is_flag=True, help="No progress lines or notes on stderr.")
def fuzz_command(rules, indicators, max_examples, seed, fmt, output, quiet):
    """Search each indicator's declared domains for evidence that breaks its formula or scoring.

    RULES may be a folder of rule sets (one plan per subfolder): each is fuzzed on its own."""
    rule_sets = [open_rules(path) for path in rule_set_paths(rules)]
    known = {ident for ruleset in rule_sets for ident in ruleset.indicators}
    for ident in indicators:
        if ident not in known:
            raise Failure(f"unknown indicator '{ident}'{did_you_mean(ident, sorted(known))}")
    reports, hashes = [], []
    for ruleset in rule_sets:
        wanted = set(indicators) & set(ruleset.indicators) if indicators else None
        if indicators and not wanted:
            continue
        reports.append(run_fuzz(ruleset, wanted, max_examples, seed, progress=None if quiet else _progress()))
        hashes.append(rules_hash(ruleset))
    emit(_render(reports, hashes, fmt), output, inputs=(rules,))
    for report in reports:
        note = fuzz_report.unchecked_note(report)
        if note and not quiet:
            click.echo(f"kpi fuzz: {report.plan}: {note}", err=True)
    sys.exit(EXIT_PROBLEMS if any(report.findings for report in reports) else EXIT_OK)


def _render(reports, hashes, fmt: str) -> str:
    if fmt == "json":
        docs = []
        for report, digest in zip(reports, hashes, strict=True):
            doc = json.loads(fuzz_report.to_json(report))
            doc["rules_hash"] = digest
            docs.append(doc)
        doc = docs[0] if len(docs) == 1 else {"rule_sets": docs,
                                              "findings": sum(len(d["findings"]) for d in docs)}
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if len(reports) == 1:
        return fuzz_report.to_text(reports[0])
    return "".join(f"== {report.rules} ({report.plan})\n" + fuzz_report.to_text(report) for report in reports)
