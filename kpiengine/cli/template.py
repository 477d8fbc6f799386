"""kpi template: an evidence template (xlsx or csv) generated from the rule set, optionally prefilled."""

from __future__ import annotations

import os

import click

from kpiengine.cli.common import PATH, Failure, emit, open_rules, open_units
from kpiengine.reports.i18n import use
from kpiengine.reports.template import to_csv, unit_columns

LAYOUTS = ("inputs", "units")


def _units(units: str | None, units_file: str | None) -> list[str]:
    names: list[str] = []
    if units:
        names += [u.strip() for u in units.split(",") if u.strip()]
    if units_file:
        try:
            with open(units_file, encoding="utf-8-sig") as fh:
                names += [line.strip() for line in fh if line.strip() and not line.lstrip().startswith("#")]
        except (OSError, UnicodeDecodeError) as exc:
            raise Failure(f"cannot read the units file '{units_file}' ({getattr(exc, 'strerror', None) or exc})")
    seen = set()
    for name in names:
        if name in seen:
            raise Failure(f"unit '{name}' is named twice")
        seen.add(name)
    return names


@click.command()
@click.argument("rules", type=PATH)
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True,
              help="The template to write: FILE.xlsx (a workbook) or FILE.csv.")
@click.option("--units", metavar="A,B,…", help="The units, one column each (comma-separated).")
@click.option("--units-file", type=click.Path(exists=True, dir_okay=False), metavar="FILE",
              help="The units, one name a line.")
@click.option("--layout", type=click.Choice(LAYOUTS), default=None,
              help="inputs: a row per input, a column per unit (default for xlsx); units: a row per unit "
                   "(default for csv).")
@click.option("--evidence", "evidence", multiple=True, type=click.Path(exists=True, dir_okay=False),
              metavar="FILE", help="Prefill from this evidence (YAML, CSV table or workbook; repeatable).")
@click.option("--lang", type=click.Choice(("en", "th")), default=None, help="Language of the help columns.")
def template(rules, output, units, units_file, layout, evidence, lang):
    """Write an evidence template for the rule set RULES: every input of every indicator, ready to fill."""
    ruleset = open_rules(rules)
    extension = os.path.splitext(output)[1].lower()
    if extension not in (".xlsx", ".csv"):
        raise Failure(f"cannot write '{output}': a template is a .xlsx workbook or a .csv table")
    layout = layout or ("inputs" if extension == ".xlsx" else "units")
    found = [ev for path in evidence for ev in open_units(path, ruleset)]
    for ev in found:
        if ev.plan is not None and ev.plan != ruleset.plan.id:
            raise Failure(f"{ev.file}: the evidence is for plan '{ev.plan}', but the rule set is plan "
                          f"'{ruleset.plan.id}'")
    columns = unit_columns(_units(units, units_file), found)
    with use(lang or ruleset.plan.language):
        if extension == ".xlsx":
            from kpiengine.reports.xlsx.template import template_workbook

            content = template_workbook(ruleset, columns, layout)
        else:
            content = to_csv(ruleset, columns, layout)
    emit(content, output, inputs=(rules, *evidence))
