"""kpi diff: the same evidence scored under two versions of a rule set."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
import tempfile

import click

from kpiengine import EvidenceFileError, RuleSetError, evaluate, load_rules
from kpiengine.cli.common import EXIT_OK, EXIT_PROBLEMS, FILE, Failure, emit, failure, open_evidence, open_rules
from kpiengine.plan.diff import diff
from kpiengine.reports import diff as diff_report
from kpiengine.reports import problems as problem_report

GIT_PREFIX = "git:"


def _git(args, cwd=None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=120)
    except FileNotFoundError:
        raise Failure("git:REV:PATH needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise Failure("git did not answer within 120 seconds") from None


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip()
    return text.splitlines()[0] if text else "no output"


def rules_at_revision(spec: str, workdir: str) -> str:
    """Extract `git:REV:PATH` (PATH relative to the current directory) into `workdir`; the extracted path."""
    rev, sep, path = spec[len(GIT_PREFIX):].partition(":")
    if not sep or not rev or not path:
        raise click.UsageError(f"'{spec}' is not git:REV:PATH (e.g. git:HEAD~1:rules/my-plan)")
    if rev.startswith("-"):
        raise click.UsageError(f"'{rev}' is not a revision")
    top = _git(["rev-parse", "--show-toplevel"])
    if top.returncode != 0:
        raise Failure(f"cannot read '{spec}': the current directory is not in a git repository")
    root = top.stdout.decode("utf-8", "surrogateescape").strip()
    prefix = _git(["rev-parse", "--show-prefix"]).stdout.decode("utf-8", "surrogateescape").strip()
    inside = os.path.normpath(os.path.join(prefix, path)).replace(os.sep, "/")
    if inside == ".." or inside.startswith("../"):
        raise Failure(f"cannot read '{spec}': '{path}' is outside the repository")
    archive = _git(["archive", "--format=tar", rev, "--", "." if inside == "." else inside], cwd=root)
    if archive.returncode != 0:
        raise Failure(f"cannot read '{path}' at revision '{rev}' ({_first_line(archive.stderr)})")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        _extract(tar, workdir)
    return os.path.join(workdir, inside)


def _extract(tar: tarfile.TarFile, workdir: str) -> None:
    """Only regular files and folders, only inside `workdir` (git archive writes nothing else we need)."""
    root = os.path.realpath(workdir)
    members = [m for m in tar.getmembers() if (m.isfile() or m.isdir())
               and os.path.realpath(os.path.join(root, m.name)).startswith(root + os.sep)]
    if hasattr(tarfile, "data_filter"):  # Python ≥ 3.11.4: the standard library's safe filter, too
        tar.extractall(root, members=members, filter="data")
        return
    for member in members:
        target = os.path.realpath(os.path.join(root, member.name))
        if member.isdir():
            os.makedirs(target, exist_ok=True)
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as out:
            out.write(tar.extractfile(member).read())


def _open_old(spec: str, path: str, workdir: str):
    """The rule set extracted from git; its problems name files as git:REV:FILE, not the temporary copy."""
    try:
        return load_rules(path)
    except RuleSetError as exc:
        rev = spec[len(GIT_PREFIX):].split(":", 1)[0]
        errors = [p for p in exc.problems if p.severity.value == "error"]
        text = problem_report.to_text(errors).replace(workdir + os.sep, f"{GIT_PREFIX}{rev}:")
        click.echo(text, err=True, nl=False)
        raise Failure(f"the rule set '{spec}' has errors") from None


def _locator(ruleset):
    def locate(indicator_id):
        indicator = ruleset.indicators.get(indicator_id)
        if indicator is None:
            return None
        where = indicator.where("id")
        return where.file, where.line
    return locate


@click.command("diff")
@click.argument("old")
@click.argument("new", type=click.Path(exists=True))
@click.argument("evidence", nargs=-1, required=True, type=FILE)
@click.option("--format", "fmt", type=click.Choice(diff_report.FORMATS), default="text", show_default=True,
              help="markdown for a pull-request comment, github for annotations.")
@click.option("--fail-on-change", is_flag=True, help="Exit 1 when any score changed.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
def diff_command(old, new, evidence, fmt, fail_on_change, output):
    """Score EVIDENCE with the rule sets OLD and NEW and show what changed and why.

    OLD is a rule set path, or git:REV:PATH for the rule set at PATH in revision REV (git:main:rules/my-plan)."""
    with tempfile.TemporaryDirectory(prefix="kpi-diff-") as workdir:
        if old.startswith(GIT_PREFIX):
            old_path = rules_at_revision(old, workdir)
        elif os.path.exists(old):
            old_path = old
        else:
            raise click.UsageError(f"OLD '{old}' does not exist (a rule set path, or git:REV:PATH)")
        old_rules = _open_old(old, old_path, workdir) if old.startswith(GIT_PREFIX) else open_rules(old_path)
        new_rules = open_rules(new)
        evaluations = []
        for path in evidence:
            document = open_evidence(path)
            try:
                evaluations.append((path, evaluate(old_rules, document), evaluate(new_rules, document)))
            except EvidenceFileError as exc:
                raise failure(exc) from None
        report = diff(old, old_rules, new, new_rules, evaluations)
    if fmt == "github":
        text = diff_report.to_github(report, _locator(new_rules))
    else:
        text = {"text": diff_report.to_text, "markdown": diff_report.to_markdown,
                "json": diff_report.to_json}[fmt](report)
    emit(text, output, inputs=(new, *evidence, *([] if old.startswith(GIT_PREFIX) else [old])))
    sys.exit(EXIT_PROBLEMS if fail_on_change and report.changed else EXIT_OK)
