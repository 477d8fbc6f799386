"""The rules schema judges each document by its kind, so every document of a multi-document file validates."""

import json

import jsonschema
import pytest

from kpiengine.rules.discover import rule_set_paths
from kpiengine.rules.loader import rule_files
from kpiengine.rules.schema import rules_schema
from kpiengine.sources.yaml_reader import load_file

from .conftest import ROOT, run

VALIDATOR = jsonschema.Draft202012Validator(rules_schema())


def _plain(value):
    """YAML data as JSON sees it: keys as text, dates as ISO text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def every_rule_document():
    for rule_set in rule_set_paths(str(ROOT / "rules")):
        for file in rule_files(rule_set):
            documents, problems = load_file(file)
            assert not problems, file
            for document in documents:
                if document.data is not None:
                    yield file, document.mark(()).line, _plain(document.data)


def test_the_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(rules_schema())
    assert [branch["if"]["properties"]["kind"]["const"] for branch in rules_schema()["allOf"]] == [
        "plan", "indicator", "project", "indicators", "projects", "weights"]


def test_every_document_of_every_rule_set_in_the_repository_validates():
    found = list(every_rule_document())
    assert {d["kind"] for _, _, d in found} >= {"plan", "indicator", "project", "weights"}
    for file, line, document in found:
        errors = [e.message for e in VALIDATOR.iter_errors(document)]
        assert errors == [], f"{file}:{line}"


@pytest.mark.parametrize("document, message", [
    ({"kind": "project", "id": "p", "name": "x", "budgt": 1}, "Additional properties are not allowed ('budgt' was unexpected)"),
    ({"kind": "indicator", "id": "a", "name": "b", "dimension": "d", "weight": 1, "unit": "percent", "wieght": 3},
     "Additional properties are not allowed ('wieght' was unexpected)"),
    ({"kind": "weights", "id": "w", "indicatrs": {}}, "Additional properties are not allowed ('indicatrs' was unexpected)"),
    ({"kind": "indicater", "id": "a"}, "'indicater' is not one of ['plan', 'indicator', 'project', 'indicators', "
                                       "'projects', 'weights']"),
    ({"id": "a"}, "'kind' is a required property"),
])
def test_a_mistyped_key_is_named_and_nothing_else_is_reported(document, message):
    # before: anyOf over every kind reported "$.kind: 'project' was expected" for a project's unknown key
    assert [e.message for e in VALIDATOR.iter_errors(document)] == [message]


def test_editor_settings_map_the_rule_files_to_the_schema():
    code, out, _ = run("schema", "--editor")
    assert code == 0
    assert json.loads(out) == {"yaml.schemas": {"./kpi-rules.schema.json": ["rules/**/*.yaml", "rules/**/*.yml"]}}
    code, out, _ = run("schema", "--editor", "--schema-file", "schemas/rules.json", "--glob", "plans/*.yaml")
    assert json.loads(out) == {"yaml.schemas": {"schemas/rules.json": ["plans/*.yaml"]}}
    assert run("schema", "evidence", "--editor")[0] == 2


def test_sarif_rules_link_to_their_entry_in_the_checks_document():
    from urllib.parse import urlparse

    code, out, _ = run("check", ROOT / "rules" / "demo-2563", "--format", "sarif")
    rules = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
    headings = {line[4:].strip().lower() for line in (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
                .splitlines() if line.startswith("### ")}
    for rule in rules:
        uri = urlparse(rule["helpUri"])
        assert (uri.scheme, uri.netloc, uri.path) == ("https", "github.com", "/kpiengine/kpiengine/blob/main/docs/checks.md")
        assert uri.fragment == rule["id"].lower() and uri.fragment in headings  # the anchor GitHub makes of '### FM09'
        assert rule["fullDescription"]["text"] and "\n" not in rule["fullDescription"]["text"]
    fm09 = next(r for r in rules if r["id"] == "FM09")
    assert fm09["fullDescription"]["text"].startswith("A divisor (of ``/``, ``//`` or ``%``) whose range")
