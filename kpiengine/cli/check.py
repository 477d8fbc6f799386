"""kpi check, kpi checks and kpi schema: the commands for rule authors and CI."""

from __future__ import annotations

import json
import os
import sys

import click

from kpiengine import KpiError, inspect_rules
from kpiengine.cli.common import EXIT_OK, EXIT_PROBLEMS, FILE, PATH, Failure, emit, open_rules
from kpiengine.core.problems import sorted_problems
from kpiengine.lint import catalog
from kpiengine.lint.config import load_config, validate_items
from kpiengine.lint.evidence import check_evidence
from kpiengine.lint.suppress import unsilenced
from kpiengine.reports import problems as problem_report
from kpiengine.reports.i18n import LANGUAGES, use
from kpiengine.rules.discover import expand
from kpiengine.rules.loader import rule_files
from kpiengine.rules.schema import SCHEMAS, editor_settings


def _codes(ctx, param, values):
    """--select / --ignore: repeatable, each a comma-separated list."""
    items = [item.strip() for value in values for item in value.split(",") if item.strip()]
    try:
        return validate_items(items, f"--{param.name}")
    except KpiError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command()
@click.argument("paths", nargs=-1, type=PATH)
@click.option("--format", "fmt", type=click.Choice(problem_report.FORMATS), default="text", show_default=True,
              help="auto: github annotations under GitHub Actions, text otherwise.")
@click.option("--select", multiple=True, callback=_codes, metavar="CODES",
              help="Run only these checks: codes, prefixes (SG), dotted names or categories (comma-separated; "
                   "replaces the configured selection).")
@click.option("--ignore", multiple=True, callback=_codes, metavar="CODES",
              help="Skip these checks (added to the configured ones).")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option("--config", "config_path", type=FILE, metavar="FILE",
              help="Read settings from FILE (default: kpi.toml or pyproject.toml [tool.kpiengine], searched upwards).")
@click.option("--evidence", "evidence_paths", multiple=True, type=FILE, metavar="FILE",
              help="Also check evidence FILE against the rule set (repeatable; one rule set only).")
@click.option("--list", "list_checks", is_flag=True, help="Print the catalog of checks and exit.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option("--lang", type=click.Choice(LANGUAGES), default=None,
              help="Language of the evidence problems in the text format (default en; json, github, sarif and "
                   "junit stay English).")
def check(paths, fmt, select, ignore, strict, config_path, evidence_paths, list_checks, output, lang):
    """Check rule sets for problems: file:line:col: [severity] message (CODE)."""
    if list_checks:
        emit(catalog.to_text(), output)
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
    rule_sets = expand(paths)
    if evidence_paths and len(rule_sets) != 1:
        raise click.UsageError(f"--evidence checks evidence against one rule set; '{paths[0]}' holds "
                               f"{len(rule_sets)}: give one of them")
    found, files, checked = [], {}, []
    for path in rule_sets:
        # Only the selected checks run; evidence is checked only against a rule set every check passes.
        ruleset = inspect_rules(path, None if evidence_paths else config)
        checked.append(ruleset)
        found.extend(ruleset.problems)
        files[path] = rule_files(path)
        for evidence in evidence_paths:
            files[path].append(evidence)
            if ruleset.valid:
                found.extend(check_evidence(ruleset, evidence))
    found, _ = unsilenced(config.apply(sorted_problems(found)))
    fmt = problem_report.resolve_format(fmt)
    if fmt == "json":
        text = problem_report.to_json(found)
    elif fmt == "github":
        text = problem_report.to_github(found)
    elif fmt == "sarif":
        text = problem_report.to_sarif(found, rule_sets)
    elif fmt == "junit":
        text = problem_report.to_junit(found, files)
    else:
        color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        with use(lang):
            text = problem_report.to_text(found, color=color)
    emit(text, output, inputs=(*paths, *evidence_paths, config.source or ""))  # the config file read, too
    if not found:
        click.echo(problem_report.summary(checked, sum(len(f) for f in files.values())), err=True)
    sys.exit(EXIT_PROBLEMS if config.fails(found) else EXIT_OK)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the catalog to FILE.")
def checks(fmt, output):
    """Print the catalog of codes, each a check or raised by a stage (markdown: the document docs/checks.md)."""
    emit(catalog.to_markdown() if fmt == "markdown" else catalog.to_text(), output)


@click.command()
@click.argument("kind", type=click.Choice(sorted(SCHEMAS)), default="rules")
@click.option("--rules", "rules_path", type=PATH, metavar="RULES",
              help="For evidence and case: a schema that knows this rule set's indicators and inputs.")
@click.option("--editor", is_flag=True,
              help="Print instead the YAML language server settings (yaml.schemas) that map rule files to the "
                   "rules schema, for every document of every file.")
@click.option("--schema-file", default="./kpi-rules.schema.json", show_default=True, metavar="PATH",
              help="With --editor: where you saved 'kpi schema rules'.")
@click.option("--glob", "globs", multiple=True, metavar="GLOB",
              help="With --editor: the rule files (repeatable; default rules/**/*.yaml and rules/**/*.yml).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the schema to FILE.")
def schema(kind, rules_path, editor, schema_file, globs, output):
    """Print a JSON Schema for editors: rules (default), evidence or case.

    The rules schema validates any one rule document by its kind."""
    if rules_path and kind == "rules":
        raise click.UsageError("--rules is for 'evidence' and 'case' schemas")
    if editor:
        if kind != "rules":
            raise click.UsageError("--editor maps rule files to the rules schema: leave out the kind")
        settings = editor_settings(schema_file, globs) if globs else editor_settings(schema_file)
        emit(json.dumps(settings, ensure_ascii=False, indent=2) + "\n", output)
        return
    document = SCHEMAS[kind](open_rules(rules_path)) if rules_path else SCHEMAS[kind]()
    emit(json.dumps(document, ensure_ascii=False, indent=2) + "\n", output)
