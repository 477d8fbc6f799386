"""Every command the README and docs show works as written.

The fenced ``sh`` blocks of README.md and docs/*.md are run line by line in a
temporary copy of the repository (rules/, cases/, pyproject.toml) with the
in-process runner, and must exit 0. A block that cannot run here (it installs
packages, or needs a server or the network) is marked by an HTML comment on
the line before its fence, ``<!-- docs-test: skip (why) -->``; anything else
that is not a ``kpi`` command fails the test, so nothing is skipped silently.
A command whose comment says ``exits 1`` must exit 1 (it shows problems found).
The GitHub Actions snippet's ``kpi`` steps, the pre-commit hook's default
arguments, the editor settings and the release named by ``rev:`` are checked
against what the code does.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kpiengine import __version__
from kpiengine.cli.main import kpi

from .conftest import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^(\s*)```(\w*)\s*$")
SKIP = re.compile(r"<!--\s*docs-test:\s*skip\b")


def blocks(path: Path, language: str):
    """(first line number, text, skipped) of each fenced block of `language` in `path`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match or match.group(2) == "":
            i += 1
            continue
        indent, kind = match.group(1), match.group(2)
        end = next(k for k in range(i + 1, len(lines)) if lines[k].strip() == "```")
        before = next((lines[k] for k in range(i - 1, -1, -1) if lines[k].strip()), "")
        if kind == language:
            body = "\n".join(line[len(indent):] for line in lines[i + 1:end])
            yield i + 2, body, bool(SKIP.search(before))
        i = end + 1


def commands():
    for path in DOCS:
        for line_no, body, skipped in blocks(path, "sh"):
            for offset, line in enumerate(body.splitlines()):
                if line.strip() and not line.strip().startswith("#"):
                    yield pytest.param(line, skipped, id=f"{path.name}:{line_no + offset}")


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory):
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(ROOT / "rules", root / "rules")
    shutil.copytree(ROOT / "cases", root / "cases")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    if shutil.which("git"):  # a repository with one commit, for `kpi diff git:HEAD:…`
        for args in (["init", "-q"], ["add", "."], ["-c", "user.name=docs", "-c", "user.email=docs@example.org",
                                                     "commit", "-qm", "docs"]):
            subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    return root


def run_kpi(tokens: list[str], cwd: Path, monkeypatch) -> tuple[int, str]:
    """Run one `kpi …` command line in `cwd`; `> FILE` writes stdout to FILE."""
    target = None
    if ">" in tokens:
        at = tokens.index(">")
        tokens, target = tokens[:at], tokens[at + 1]
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(kpi, tokens[1:], catch_exceptions=False)
    if target:
        (cwd / target).write_text(result.stdout, encoding="utf-8")
    return result.exit_code, result.stdout + result.stderr


@pytest.mark.parametrize("line, skipped", list(commands()))
def test_every_shown_command_works(line, skipped, repo_copy, monkeypatch):
    if skipped:
        pytest.skip("marked <!-- docs-test: skip --> in the document")
    if "git:" in line and not shutil.which("git"):
        pytest.skip("git:REV:PATH needs git, which this machine lacks")
    tokens = shlex.split(line, comments=True)
    parts, current = [], []
    for token in tokens:
        if token == "&&":
            parts.append(current)
            current = []
        else:
            current.append(token)
    parts.append(current)
    for part in parts:
        if part[:1] == ["printf"] and len(part) == 4 and part[2] == ">":  # a small input file the next lines use
            (repo_copy / part[3]).write_text(part[1].encode().decode("unicode_escape").encode("latin-1")
                                             .decode("utf-8"), encoding="utf-8")
            continue
        while part and "=" in part[0] and part[0].split("=", 1)[0].isupper():  # VAR=value kpi …: the environment
            name, _, value = part.pop(0).partition("=")
            monkeypatch.setenv(name, value)
        assert part and part[0] == "kpi", f"not a kpi command (mark its block to skip, with the reason): {line}"
        code, output = run_kpi(part, repo_copy, monkeypatch)
        expected = 1 if "exits 1" in line.partition(" #")[2] else 0  # a line may say it exits 1 (problems found)
        assert code == expected, f"{line}\n{output}"
        assert "Traceback" not in output and "internal error" not in output


def test_the_blocks_are_found():
    found = list(commands())
    assert len(found) >= 15  # README: quick start, evaluators, check, diff, schema, fuzz
    assert any("kpi diff" in p.values[0] for p in found) and any("kpi check rules/ " in p.values[0] for p in found)


def _readme_yaml(marker: str) -> dict:
    for _, body, _ in blocks(ROOT / "README.md", "yaml"):
        if marker in body:
            return yaml.safe_load(body)
    raise AssertionError(f"no yaml block with {marker!r} in README.md")


def test_the_github_actions_steps_run_as_written(repo_copy, monkeypatch):
    workflow = _readme_yaml("runs-on:")
    steps = workflow["jobs"]["kpi"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    assert runs[0].startswith("python -m pip install ") and f"@v{__version__}" in runs[0]  # a release that exists
    kpi_runs = [r for r in runs if r.startswith("kpi ")]
    assert [r.split()[1] for r in kpi_runs] == ["check", "test"]
    for command in kpi_runs:
        code, output = run_kpi(shlex.split(command), repo_copy, monkeypatch)
        assert code == 0, f"{command}\n{output}"
    assert (repo_copy / "kpi-test.xml").read_text(encoding="utf-8").startswith("<?xml")


def test_the_pre_commit_snippet_names_this_release_and_the_hook_runs(repo_copy, monkeypatch):
    config = _readme_yaml("rev:")
    repo = config["repos"][0]
    assert repo["rev"] == f"v{__version__}"  # the tag to create for this release
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(h["id"] for h in repo["hooks"]) <= set(hooks)
    hook = hooks["kpi-check"]
    code, output = run_kpi(shlex.split(hook["entry"]) + hook["args"], repo_copy, monkeypatch)
    assert code == 0, output  # the default args: [rules], a folder of two rule sets


def test_the_release_is_one_version_everywhere():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{__version__}"' in pyproject
    assert f"## {__version__}" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    result = CliRunner().invoke(kpi, ["--version"])
    assert result.stdout == f"kpi {__version__}\n"


def test_the_editor_settings_are_what_kpi_schema_prints():
    shown = next(json.loads(body) for _, body, _ in blocks(ROOT / "README.md", "json") if "yaml.schemas" in body)
    result = CliRunner().invoke(kpi, ["schema", "--editor"])
    assert json.loads(result.stdout) == shown
    comment = next(body for _, body, _ in blocks(ROOT / "README.md", "yaml") if "yaml-language-server" in body)
    schema_file = comment.split("$schema=")[1].strip()
    assert schema_file in shown["yaml.schemas"]  # the comment and the settings name the same file
