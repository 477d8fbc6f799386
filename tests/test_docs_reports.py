"""Every shell block of docs/excel.md and docs/reports.md runs as written (in a copy of the repository layout)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from .conftest import ROOT

DOCS = ["excel.md", "reports.md", "README.md"]


def blocks(name: str) -> list[str]:
    if name == "README.md":  # its Excel section
        text = (ROOT / name).read_text(encoding="utf-8")
        section = text[text.index("## Excel, printed reports, Thai"):text.index("## The rule language")]
        return re.findall(r"```sh\n(.*?)```", section, re.S)
    return re.findall(r"```sh\n(.*?)```", (ROOT / "docs" / name).read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("name", DOCS)
def test_shell_blocks_run(tmp_path, name):
    for folder in ("rules", "cases"):
        os.symlink(ROOT / folder, tmp_path / folder)
    shim = tmp_path / "bin" / "kpi"
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m kpiengine "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = {**os.environ, "PATH": f"{shim.parent}:{os.environ['PATH']}", "PYTHONPATH": str(ROOT)}
    for block in blocks(name):
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, (block, done.stderr)
    written = sorted(p.name for p in tmp_path.iterdir() if p.is_file())
    assert written, "the blocks wrote their files"
