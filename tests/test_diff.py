"""kpi diff: the same evidence under two versions of a rule set (a path, or git:REV:PATH)."""

import json
import shutil
import subprocess

import pytest

from .conftest import DEMO_EVIDENCE, DEMO_RULES, run


def changed_copy(tmp_path, name="new"):
    """The demo rules with satisfaction's weight 60 → 50 and levels 40…80 → 50…90."""
    new = tmp_path / name
    shutil.copytree(DEMO_RULES, new)
    path = new / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    assert "weight: 60" in text and "levels: [40, 50, 60, 70, 80]" in text
    path.write_text(text.replace("weight: 60", "weight: 50").replace("levels: [40, 50, 60, 70, 80]",
                                                                      "levels: [50, 60, 70, 80, 90]"), encoding="utf-8")
    return new


def test_json_names_the_changes_and_the_hand_worked_scores(tmp_path):
    new = changed_copy(tmp_path)
    code, out, _ = run("diff", DEMO_RULES, new, DEMO_EVIDENCE, "--format", "json")
    assert code == 0  # a change is not a failure without --fail-on-change
    doc = json.loads(out)
    assert doc["old"]["rules_hash"] != doc["new"]["rules_hash"] and doc["changed"] is True
    assert doc["rule_changes"] == [{"kind": "indicator", "id": "satisfaction", "change": "changed", "keys": [
        {"key": "weight", "old": 60, "new": 50},
        {"key": "scoring.levels", "old": [40, 50, 60, 70, 80], "new": [50, 60, 70, 80, 90]}]}]
    [unit] = doc["units"]
    rows = {r["id"]: r for r in unit["indicators"]}
    # satisfaction 66: old levels, between 60 (3) and 70 (4) → 3.6; new levels, between 60 (2) and 70 (3) → 2.6
    assert (rows["satisfaction"]["old"], rows["satisfaction"]["new"]) == pytest.approx((3.6, 2.6))
    assert rows["satisfaction"]["why"] == ["weight", "scoring.levels"]
    assert rows["review-steps"]["why"] == [] and rows["review-steps"]["change"] == 0
    # effectiveness (60·3.6 + 40·3.5)/100 = 3.56 → (50·2.6 + 40·3.5)/90 = 270/90 = 3.0; overall 3.392 → 3.0
    dims = {d["id"]: d for d in unit["dimensions"]}
    assert (dims["effectiveness"]["old"], dims["effectiveness"]["new"]) == pytest.approx((3.56, 3.0))
    assert dims["effectiveness"]["why"] == ["satisfaction"]
    assert (unit["overall"]["old"], unit["overall"]["new"]) == pytest.approx((3.392, 3.0))


def test_text_lists_only_what_moved_and_fail_on_change(tmp_path):
    new = changed_copy(tmp_path)
    code, out, _ = run("diff", DEMO_RULES, new, DEMO_EVIDENCE, "--fail-on-change")
    assert code == 1
    assert "  indicator 'satisfaction': weight 60 → 50; scoring.levels [40, 50, 60, 70, 80] → [50, 60, 70, 80, 90]" \
        in out.splitlines()
    assert "(unit สำนักงานตัวอย่าง): overall 3.3920 → 3.0000 (−0.3920)" in out
    assert "review-steps" not in out and "report-delivered" not in out
    code, out, _ = run("diff", DEMO_RULES, DEMO_RULES, DEMO_EVIDENCE, "--fail-on-change")
    assert code == 0 and "rule changes: none (the same rules_hash)" in out and "no score changed" in out


def test_markdown_and_github(tmp_path):
    new = changed_copy(tmp_path)
    code, out, _ = run("diff", DEMO_RULES, new, DEMO_EVIDENCE, "--format", "markdown")
    assert code == 0 and "| indicator | satisfaction | 3.6000 | 2.6000 | −1.0000 | weight, scoring.levels |" in out
    code, out, _ = run("diff", DEMO_RULES, new, DEMO_EVIDENCE, "--format", "github")
    line = next(x for x in out.splitlines() if "title=kpi diff satisfaction" in x)
    assert line.startswith("::notice file=") and ",line=2," in line  # at 'id: satisfaction' of the new rules


def git(*args, cwd):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd, check=True,
                   capture_output=True)


def test_old_from_a_git_revision(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    shutil.copytree(DEMO_RULES, repo / "rules" / "demo")
    git("init", "-q", cwd=repo)
    git("add", ".", cwd=repo)
    git("commit", "-qm", "first", cwd=repo)
    changed = changed_copy(tmp_path)
    shutil.rmtree(repo / "rules" / "demo")
    shutil.copytree(changed, repo / "rules" / "demo")
    monkeypatch.chdir(repo / "rules")  # PATH is relative to the current directory, as git show takes it
    code, out, _ = run("diff", "git:HEAD:demo", "demo", DEMO_EVIDENCE, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["old"]["rules"] == "git:HEAD:demo" and [c["id"] for c in doc["rule_changes"]] == ["satisfaction"]
    code, _, err = run("diff", "git:no-such-rev:demo", "demo", DEMO_EVIDENCE)
    assert code == 2 and "cannot read 'demo' at revision 'no-such-rev'" in err
    code, _, err = run("diff", "git:HEAD", "demo", DEMO_EVIDENCE)
    assert code == 2 and "is not git:REV:PATH" in err
    code, _, err = run("diff", "git:--output=x:demo", "demo", DEMO_EVIDENCE)
    assert code == 2 and "is not a revision" in err
    assert sorted(p.name for p in repo.iterdir()) == [".git", "rules"]  # nothing written into the repository


def test_a_broken_old_revision_names_its_files_by_revision(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    shutil.copytree(DEMO_RULES, repo / "demo")
    plan = repo / "demo" / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("fiscal_year:", "fiscal_yaer:"), encoding="utf-8")
    git("init", "-q", cwd=repo)
    git("add", ".", cwd=repo)
    git("commit", "-qm", "broken", cwd=repo)
    monkeypatch.chdir(repo)
    code, out, err = run("diff", "git:HEAD:demo", DEMO_RULES, DEMO_EVIDENCE)
    assert (code, out) == (2, "")
    assert "git:HEAD:demo/plan.yaml:" in err and "unknown key 'fiscal_yaer'" in err
    assert err.splitlines()[-1] == "kpi: error: the rule set 'git:HEAD:demo' has errors"


def test_evidence_of_another_plan_is_refused(write):
    evidence = write("other.yaml", "kind: evidence\nplan: other-2563\nvalues: {}\n")
    code, _, err = run("diff", DEMO_RULES, DEMO_RULES, evidence)
    assert code == 2 and "other-2563" in err


def test_bad_inputs_exit_2(tmp_path):
    assert run("diff", tmp_path / "nothing", DEMO_RULES, DEMO_EVIDENCE)[0] == 2
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: plan\nid: [\n", encoding="utf-8")
    code, _, err = run("diff", broken, DEMO_RULES, DEMO_EVIDENCE)
    assert code == 2 and "has errors" in err


@pytest.mark.parametrize("stdlib_filter", [True, False])
def test_extraction_keeps_only_files_inside_the_folder(tmp_path, monkeypatch, stdlib_filter):
    import io
    import tarfile

    from kpiengine.cli.diff import _extract

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, data in [("rules/plan.yaml", b"kind: plan\n"), ("../evil.yaml", b"outside")]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("rules/link.yaml")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(link)
    buffer.seek(0)
    if not stdlib_filter:  # Python before 3.11.4 has no tarfile.data_filter: our own checks run
        monkeypatch.delattr(tarfile, "data_filter")
    target = tmp_path / "out"
    target.mkdir()
    with tarfile.open(fileobj=buffer) as tar:
        _extract(tar, str(target))
    assert [p.relative_to(target).as_posix() for p in sorted(target.rglob("*"))] == ["rules", "rules/plan.yaml"]
    assert not (tmp_path / "evil.yaml").exists()


def test_a_dimension_weight_moves_the_overall_and_says_so(tmp_path):
    new = tmp_path / "new"
    shutil.copytree(DEMO_RULES, new)
    plan = new / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "weight: 70}" in text and "weight: 30}" in text
    plan.write_text(text.replace("weight: 70}", "weight: 50}").replace("weight: 30}", "weight: 50}"), encoding="utf-8")
    code, out, _ = run("diff", DEMO_RULES, new, DEMO_EVIDENCE, "--format", "json")
    doc = json.loads(out)
    [unit] = doc["units"]
    # overall 0.7·3.56 + 0.3·3 = 3.392 → 0.5·3.56 + 0.5·3 = 3.28; no indicator or dimension score moves
    assert (unit["overall"]["old"], unit["overall"]["new"]) == pytest.approx((3.392, 3.28))
    assert [d["why"] for d in unit["dimensions"]] == [["plan dimensions.effectiveness"], ["plan dimensions.efficiency"]]
    assert all(d["change"] == 0 for d in unit["dimensions"]) and all(i["why"] == [] for i in unit["indicators"])
    assert [c["keys"][0]["key"] for c in doc["rule_changes"]] == ["dimensions"]
    code, out, _ = run("diff", DEMO_RULES, new, DEMO_EVIDENCE, "--format", "markdown")
    assert "| overall |  | 3.3920 | 3.2800 | −0.1120 | plan dimensions.effectiveness, plan dimensions.efficiency |" in out
