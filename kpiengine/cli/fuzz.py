"""kpi fuzz: property tests that guard formulas."""

from __future__ import annotations

import sys

import click

from kpiengine.cli.common import EXIT_OK, EXIT_PROBLEMS, PATH, Failure, emit, open_rules
from kpiengine.core.suggest import did_you_mean
from kpiengine.reports import fuzz as fuzz_report
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
@click.option("-q", "--quiet", is_flag=True, help="No progress lines on stderr.")
def fuzz_command(rules, indicators, max_examples, seed, fmt, output, quiet):
    """Search each indicator's declared domains for evidence that breaks its formula or scoring."""
    ruleset = open_rules(rules)
    for ident in indicators:
        if ident not in ruleset.indicators:
            raise Failure(f"unknown indicator '{ident}'{did_you_mean(ident, ruleset.indicators)}")
    report = run_fuzz(ruleset, set(indicators) or None, max_examples, seed, progress=None if quiet else _progress())
    emit(fuzz_report.FORMATS[fmt](report), output, inputs=(rules,))
    sys.exit(EXIT_PROBLEMS if report.findings else EXIT_OK)
