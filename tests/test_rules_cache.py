"""The cache of loaded rule sets (kpiengine.lint.cache): a recalled rule set scores exactly as a fresh one,
and anything that could make it differ — a changed byte, another file, other code, a foreign or broken
entry — is a miss."""

from __future__ import annotations

import os
import shutil
import stat

import pytest

from kpiengine import RuleSetError, evaluate, load_evidence, load_rules
from kpiengine.lint import cache
from kpiengine.reports import score as score_report

from .conftest import DEMO_EVIDENCE, DEMO_RULES, ROOT, run

SEED_RULES = ROOT / "rules" / "bma-csc-2563"
SEED_EVIDENCE = ROOT / "cases" / "bma-csc-2563" / "year-end-2563.yaml"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("KPI_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def rules_copy(tmp_path):
    """A copy of the demo rule set that a test may change."""
    target = tmp_path / "demo"
    shutil.copytree(DEMO_RULES, target)
    return target


def entries(folder) -> list:
    return sorted(p for p in folder.glob("rules-*.pickle")) if folder.exists() else []


@pytest.mark.parametrize("rules, evidence", [(DEMO_RULES, DEMO_EVIDENCE), (SEED_RULES, SEED_EVIDENCE)])
def test_a_recalled_rule_set_scores_exactly_as_a_fresh_one(cache_dir, rules, evidence):
    fresh = load_rules(rules)
    assert len(entries(cache_dir)) == 1
    recalled = cache.recall(rules)
    assert recalled is not None and recalled is not fresh
    assert recalled.problems == fresh.problems  # warnings of the lint checks included
    assert list(recalled.indicators) == list(fresh.indicators)
    for ident, indicator in fresh.indicators.items():
        again = recalled.indicators[ident]
        assert again.spec == indicator.spec and again.levels == indicator.levels and again.method == indicator.method
        assert (again.formula is None) == (indicator.formula is None)
        if indicator.formula is not None:  # compiled again when recalled
            assert again.formula.text == indicator.formula.text and again.formula.names == indicator.formula.names
    ev = load_evidence(evidence)
    assert score_report.to_json(evaluate(recalled, ev)) == score_report.to_json(evaluate(fresh, ev))


def test_kpi_score_prints_the_same_report_from_the_cache_as_without_it(cache_dir, monkeypatch):
    first = run("score", SEED_RULES, SEED_EVIDENCE)
    assert entries(cache_dir)
    second = run("score", SEED_RULES, SEED_EVIDENCE)
    monkeypatch.setenv("KPI_CACHE_DIR", "off")
    without = run("score", SEED_RULES, SEED_EVIDENCE)
    assert first == second == without
    assert first[0] == 0 and "overall score 3.8974" in first[1]  # SPEC appendix A's figure for the seed plan


def test_a_changed_byte_is_a_miss_even_with_the_same_size_and_date(cache_dir, rules_copy):
    load_rules(rules_copy)
    plan = rules_copy / "plan.yaml"
    info = plan.stat()
    text = plan.read_text(encoding="utf-8")
    assert "weight: 70}" in text
    plan.write_text(text.replace("weight: 70}", "weight: 60}", 1), encoding="utf-8")
    os.utime(plan, ns=(info.st_atime_ns, info.st_mtime_ns))  # same size, same date: only the bytes differ
    assert cache.recall(rules_copy) is None
    assert [d.weight for d in load_rules(rules_copy).dimensions][0] == 60


def test_a_new_or_removed_rule_file_is_a_miss(cache_dir, rules_copy):
    load_rules(rules_copy)
    assert cache.recall(rules_copy) is not None
    (rules_copy / "notes.yaml").write_text("", encoding="utf-8")
    assert cache.recall(rules_copy) is None
    (rules_copy / "notes.yaml").unlink()
    assert cache.recall(rules_copy) is not None


def test_other_code_is_a_miss(cache_dir, monkeypatch):
    load_rules(DEMO_RULES)
    assert cache.recall(DEMO_RULES) is not None
    monkeypatch.setattr(cache, "_code", lambda: (("kpiengine/rules", "formula.py", 1, 2),))
    assert cache.recall(DEMO_RULES) is None


def test_the_same_path_from_another_working_directory_is_another_entry(cache_dir, monkeypatch):
    monkeypatch.chdir(DEMO_RULES.parent)
    load_rules("demo-2563")
    monkeypatch.chdir(DEMO_RULES)
    with pytest.raises(RuleSetError):  # "demo-2563" names nothing here; the entry of the other folder is not used
        load_rules("demo-2563")


def test_a_rule_set_with_an_error_is_never_kept(cache_dir, rules_copy):
    plan = rules_copy / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("fiscal_year:", "fiscal_yeer:"), encoding="utf-8")
    with pytest.raises(RuleSetError):
        load_rules(rules_copy)
    assert entries(cache_dir) == []


def test_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("KPI_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    load_rules(DEMO_RULES)
    assert not (tmp_path / "xdg").exists()
    assert cache.folder() is None


def test_the_default_folder_follows_xdg(tmp_path, monkeypatch):
    monkeypatch.delenv("KPI_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    load_rules(DEMO_RULES)
    assert len(entries(tmp_path / "xdg" / "kpiengine")) == 1


def test_no_home_folder_means_no_cache_rather_than_one_in_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("KPI_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # what Python does when no home is known
    monkeypatch.chdir(tmp_path)
    assert cache.folder() is None
    assert load_rules(DEMO_RULES).valid
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05garbage"])
def test_a_broken_entry_is_a_miss_and_is_replaced(cache_dir, damage):
    load_rules(DEMO_RULES)
    [entry] = entries(cache_dir)
    entry.write_bytes(damage)
    assert cache.recall(DEMO_RULES) is None
    assert load_rules(DEMO_RULES).valid
    assert cache.recall(DEMO_RULES) is not None  # written again, whole


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="owners and modes are POSIX")
@pytest.mark.parametrize("what", ["entry", "folder"])
def test_an_entry_others_could_have_written_is_not_read(cache_dir, what):
    load_rules(DEMO_RULES)
    [entry] = entries(cache_dir)
    target = entry if what == "entry" else cache_dir
    target.chmod(target.stat().st_mode | stat.S_IWOTH)
    assert cache.recall(DEMO_RULES) is None  # a pickle is code: never loaded from a place others can write


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() == 0, reason="root may write anywhere")
def test_a_read_only_cache_folder_changes_nothing(cache_dir):
    cache_dir.mkdir(mode=0o500)
    assert load_rules(DEMO_RULES).valid
    assert entries(cache_dir) == []


def test_a_cache_folder_that_is_a_file_changes_nothing(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("KPI_CACHE_DIR", str(blocker))
    assert load_rules(DEMO_RULES).valid
    assert blocker.read_text() == "x"


def test_old_entries_are_pruned(cache_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    for i in range(5):
        copy = tmp_path / f"set-{i}"
        shutil.copytree(DEMO_RULES, copy)
        load_rules(copy)
    assert len(entries(cache_dir)) == 3
    assert not list(cache_dir.glob(".entry-*"))  # no temporary file left behind
