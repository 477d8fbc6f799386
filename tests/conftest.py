"""Shared fixtures: paths of the bundled examples and a helper that writes rule sets."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from kpiengine.cli.main import kpi

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "tests" / "vendor"  # copies of ../shared's schemas and SPEC appendix A (see its README)
APPENDIX_A = VENDOR / "appendix-a"
SARIF_SCHEMA = VENDOR / "schemas" / "sarif-schema-2.1.0.json"
JUNIT_XSD = VENDOR / "schemas" / "junit.xsd"
SHARED = ROOT.parent / "shared"  # where the copies come from; absent from a bare checkout
DEMO_RULES = ROOT / "rules" / "demo-2563"
DEMO_EVIDENCE = ROOT / "cases" / "demo-2563" / "evidence.yaml"

# A plan used by tests that only need indicators: two dimensions, 70/30.
PLAN = """\
kind: plan
id: t-2563
title: ทดสอบ
fiscal_year: 2563
dimensions:
  - {id: effectiveness, number: 1, name: ประสิทธิผล, weight: 70}
  - {id: efficiency, number: 2, name: ประสิทธิภาพ, weight: 30}
"""


@pytest.fixture(autouse=True, scope="session")
def _rule_set_cache(tmp_path_factory):
    """Rule sets loaded by the tests (and the commands they start) are cached in a folder of this run only."""
    os.environ["KPI_CACHE_DIR"] = str(tmp_path_factory.mktemp("kpi-cache"))


def run(*args, env=None) -> tuple[int, str, str]:
    """Run the kpi command line in-process: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(kpi, [str(a) for a in args], catch_exceptions=False, env=env)
    return result.exit_code, result.stdout, result.stderr


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@pytest.fixture
def write(tmp_path):
    """write(name, text) → path of a file written under a fresh directory."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def rules_dir(tmp_path):
    """rules_dir(indicators_yaml, plan=PLAN) → a rule-set directory with plan.yaml and rules.yaml."""

    def _make(text: str, plan: str = PLAN) -> Path:
        directory = tmp_path / "rules"
        directory.mkdir(exist_ok=True)
        (directory / "plan.yaml").write_text(dedent(plan), encoding="utf-8")
        (directory / "rules.yaml").write_text(dedent(text), encoding="utf-8")
        return directory

    return _make
