"""rules_hash: the same rules give the same hash however they are written; any changed value changes it."""

import json

import yaml

from kpiengine import load_rules, rules_hash

from .conftest import APPENDIX_A, DEMO_EVIDENCE, DEMO_RULES, run


def documents(path):
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]


def test_file_order_document_order_comments_and_style_do_not_change_it(tmp_path):
    digest = rules_hash(load_rules(DEMO_RULES))  # three files: plan, indicators, projects
    # SPEC appendix A: the same rules as one file of five documents
    assert rules_hash(load_rules(APPENDIX_A / "rules.yaml")) == digest
    docs = documents(APPENDIX_A / "rules.yaml")
    # reversed document order, every mapping in flow style with its keys reversed, a comment per document
    flipped = tmp_path / "flipped.yaml"
    flipped.write_text("".join(
        f"# document {i}\n---\n" + yaml.safe_dump(dict(reversed(list(d.items()))), allow_unicode=True,
                                                   sort_keys=False, default_flow_style=True)
        for i, d in enumerate(reversed(docs))), encoding="utf-8")
    assert rules_hash(load_rules(flipped)) == digest
    # one file per document, named so that the file order differs again
    folder = tmp_path / "split"
    folder.mkdir()
    for i, d in enumerate(docs):
        (folder / f"{9 - i}-{d['kind']}.yml").write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    assert rules_hash(load_rules(folder)) == digest


def test_a_changed_weight_or_level_changes_it(tmp_path):
    digest = rules_hash(load_rules(APPENDIX_A / "rules.yaml"))
    text = (APPENDIX_A / "rules.yaml").read_text(encoding="utf-8")
    for old, new in [("weight: 60", "weight: 61"), ("levels: [40, 50, 60, 70, 80]", "levels: [40, 50, 60, 70, 81]"),
                     ("formula: satisfied * 100 / respondents", "formula: satisfied * 100.0 / respondents")]:
        assert old in text
        changed = tmp_path / "changed.yaml"
        changed.write_text(text.replace(old, new), encoding="utf-8")
        assert rules_hash(load_rules(changed)) != digest, new


def test_every_json_report_carries_it():
    digest = rules_hash(load_rules(DEMO_RULES))
    assert digest.startswith("sha256:") and len(digest) == 7 + 64
    code, out, _ = run("score", DEMO_RULES, DEMO_EVIDENCE, "--format", "json")
    assert code == 0 and json.loads(out)["rules_hash"] == digest
    code, out, _ = run("show", DEMO_RULES, "--format", "json")
    assert code == 0 and json.loads(out)["rules_hash"] == digest
    code, out, _ = run("progress", DEMO_RULES, DEMO_EVIDENCE, "--as-of", "2563-03-31", "--format", "json")
    assert json.loads(out)["rules_hash"] == digest
    # with another policy the rules that made the score differ, and so does the hash
    code, out, _ = run("score", DEMO_RULES, DEMO_EVIDENCE, "--format", "json", "--on-missing", "exclude")
    assert json.loads(out)["rules_hash"] != digest
