"""Scores from the web app equal ``kpi score --format json`` on the same evidence, for every file in cases/.

Each evidence document (and each case's ``evidence:``) is written as an
evidence file ``evidence.yaml``; the CLI scores that file, and the API gets
the same evidence twice: as that YAML text (the whole report must be byte for
byte the CLI's) and as a JSON body (the same numbers, statuses and messages;
error lines then point into the app's own evidence.yaml).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from starlette.testclient import TestClient

from kpiengine import load_rules
from kpiengine.sources.yaml_reader import load_file
from kpiengine.web import create_app
from tests.conftest import run
from tests.web.conftest import ROOT, add_accounts, auth

UNIT = "สำนักงาน ก.ก."


def evidence_documents():
    for path in sorted((ROOT / "cases").glob("*/*.yaml")):
        documents, _ = load_file(str(path))
        for i, doc in enumerate(documents):
            data = doc.data
            evidence = data.get("evidence") if data.get("kind") == "case" else data
            if isinstance(evidence, dict):
                yield pytest.param(path.parent.name, evidence, id=f"{path.parent.name}/{path.name}#{i + 1}")


@pytest.fixture(scope="module")
def clients(tmp_path_factory):
    out = {}
    for name in ("demo-2563", "bma-csc-2563"):
        db = tmp_path_factory.mktemp(name) / "kpi.sqlite"
        add_accounts(db)
        out[name] = TestClient(create_app(load_rules(str(ROOT / "rules" / name)), str(db)))
    return out


@pytest.mark.parametrize("rules,evidence", list(evidence_documents()))
def test_api_score_equals_cli(rules, evidence, clients, tmp_path, monkeypatch):
    plan_id = load_rules(str(ROOT / "rules" / rules)).plan.id
    data = {"kind": "evidence", "plan": plan_id, "unit": UNIT,
            **{k: v for k, v in evidence.items() if k not in ("kind", "plan", "unit")}}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    monkeypatch.chdir(tmp_path)
    Path("evidence.yaml").write_text(text, encoding="utf-8")
    code, out, _ = run("score", ROOT / "rules" / rules, "evidence.yaml", "--format", "json")
    assert code in (0, 1)
    client = clients[rules]
    url = f"/api/units/{quote(UNIT, safe='')}"

    put = client.put(url + "/evidence", content=text.encode(), auth=auth("eva"),
                     headers={"content-type": "application/yaml"})
    assert put.status_code == 200
    web = client.get(url + "/score", auth=auth("eva")).text
    assert web == out  # byte for byte, errors and their lines included

    body = {k: v for k, v in evidence.items() if k != "unit"}
    assert client.put(url + "/evidence", json=body, auth=auth("eva")).status_code == 200
    cli, api = json.loads(out), client.get(url + "/score", auth=auth("eva")).json()
    assert {k: api[k] for k in ("plan", "unit", "as_of", "overall", "dimensions", "indicators")} == \
        {k: cli[k] for k in ("plan", "unit", "as_of", "overall", "dimensions", "indicators")}
    assert [(e["indicator"], e["message"]) for e in api["errors"]] == [(e["indicator"], e["message"])
                                                                       for e in cli["errors"]]
