"""The JSON API: versions with ETag/If-Match, errors as JSON with the library's codes and messages."""

from __future__ import annotations

from urllib.parse import quote

from tests.web.conftest import DEMO_BODY, UNIT_A, UNIT_B, auth


def url(unit: str, tail: str = "evidence") -> str:
    return f"/api/units/{quote(unit, safe='')}/{tail}"


def test_put_returns_version_and_etag_then_get_gives_it_back(client):
    r = client.put(url(UNIT_A), json=DEMO_BODY, auth=auth("rep-a"))
    assert r.status_code == 200 and r.json() == {"version": 1, "errors": []}
    assert r.headers["etag"] == '"1"'
    got = client.get(url(UNIT_A), auth=auth("rep-a"))
    assert got.headers["etag"] == '"1"'
    body = got.json()
    assert (body["version"], body["user"], body["as_of"], body["values"]) == (1, "rep-a", "2563-10-31",
                                                                              DEMO_BODY["values"])


def test_score_is_the_spec_json_worked_by_hand(client):
    client.put(url(UNIT_A), json=DEMO_BODY, auth=auth("rep-a"))
    report = client.get(url(UNIT_A, "score"), auth=auth("rep-a")).json()
    # SPEC appendix A: effectiveness (60·3.6 + 40·3.5)/100 = 3.56, efficiency 3, overall 0.7·3.56 + 0.3·3 = 3.392
    assert abs(report["overall"]["score"] - 3.392) < 1e-12
    assert [(d["id"], round(d["score"], 12)) for d in report["dimensions"]] == [("effectiveness", 3.56),
                                                                                ("efficiency", 3.0)]
    assert (report["plan"], report["unit"], report["as_of"]) == ("demo-2563", UNIT_A, "2020-10-31")
    assert set(report) == {"plan", "unit", "as_of", "overall", "dimensions", "indicators", "errors"}


def test_stale_if_match_is_409_and_nothing_is_lost(client):
    a = auth("rep-a")
    assert client.put(url(UNIT_A), json=DEMO_BODY, auth=a).json()["version"] == 1
    second = {**DEMO_BODY, "as_of": "2563-11-01"}
    assert client.put(url(UNIT_A), json=second, auth=a, headers={"If-Match": '"1"'}).json()["version"] == 2
    stale = client.put(url(UNIT_A), json=DEMO_BODY, auth=a, headers={"If-Match": "1"})
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "stale-version" and stale.json()["error"]["latest"] == 2
    history = client.get(url(UNIT_A, "history"), auth=a).json()
    assert [(h["version"], h["user"], h["as_of"]) for h in history] == [(1, "rep-a", "2020-10-31"),
                                                                         (2, "rep-a", "2020-11-01")]
    assert client.get(url(UNIT_A) + "?version=1", auth=a).json()["as_of"] == "2563-10-31"


def test_if_match_zero_means_nothing_saved_yet(client):
    assert client.put(url(UNIT_A), json=DEMO_BODY, auth=auth("rep-a"), headers={"If-Match": "0"}).status_code == 200
    assert client.put(url(UNIT_A), json=DEMO_BODY, auth=auth("rep-a"), headers={"If-Match": "0"}).status_code == 409


def test_evidence_faults_are_saved_and_reported_with_the_cli_codes(client):
    body = {"values": {"satisfaction": {"satisfied": "๓๓", "respondents": "many"}, "nope": {}}}
    r = client.put(url(UNIT_A), json=body, auth=auth("rep-a")).json()
    assert r["version"] == 1
    assert sorted((e["indicator"], e["code"], e["message"]) for e in r["errors"]) == [
        ("nope", "EV01", "unknown indicator 'nope'"),
        ("satisfaction", "EV03", "input 'respondents' of 'satisfaction': expected a number, got 'many'"),
    ]
    assert all(e["file"] == "evidence.yaml" and e["line"] for e in r["errors"])


def test_evidence_for_another_plan_is_refused_like_exit_2(client):
    r = client.put(url(UNIT_A), json={"plan": "other-2563", "values": {}}, auth=auth("rep-a"))
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "EV06"
    assert r.json()["error"]["message"] == "the evidence is for plan 'other-2563', but the rule set is plan 'demo-2563'"
    assert client.get(url(UNIT_A, "history"), auth=auth("rep-a")).json() == []


def test_malformed_bodies_are_refused_with_clear_errors(client):
    a = auth("rep-a")
    r = client.put(url(UNIT_A), content=b'{"values": ', auth=a)
    assert r.status_code == 400 and r.json()["error"]["message"].startswith("the body is not JSON (")
    r = client.put(url(UNIT_A), json=[1, 2], auth=a)
    assert r.status_code == 400 and "expected a JSON object" in r.json()["error"]["message"]
    r = client.put(url(UNIT_A), json={"values": [1]}, auth=a)
    assert r.status_code == 422
    assert r.json()["error"]["message"] == "'values' must be a mapping of indicator id → inputs, got a list"
    r = client.put(url(UNIT_A), json={"values": {}, "colour": 1}, auth=a)
    assert r.status_code == 422 and r.json()["error"]["message"].startswith("unknown key 'colour'")
    r = client.put(url(UNIT_A), json=DEMO_BODY, auth=a, headers={"If-Match": "latest"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad-request"


def test_oversized_body_is_413(client):
    huge = b'{"values": {}, "notes": "' + b"x" * (1024 * 1024 + 1) + b'"}'
    r = client.put(url(UNIT_A), content=huge, auth=auth("rep-a"), headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "too-large"


def test_yaml_body_is_read_like_a_file(client):
    text = (b"kind: evidence\nplan: demo-2563\nas_of: 31 \xe0\xb8\x95.\xe0\xb8\x84. 2563\nvalues:\n"
            b"  satisfaction: {satisfied: 33, respondents: 50}\n")
    r = client.put(url(UNIT_A), content=text, auth=auth("rep-a"), headers={"content-type": "application/yaml"})
    assert r.status_code == 200
    assert client.get(url(UNIT_A, "history"), auth=auth("rep-a")).json()[0]["as_of"] == "2020-10-31"


def test_units_lists_what_the_account_may_see(client):
    client.put(url(UNIT_A), json=DEMO_BODY, auth=auth("rep-a"))
    everything = client.get("/api/units", auth=auth("eva")).json()
    assert [u["unit"] for u in everything][0] == UNIT_A  # the only unit with a score above 0 ranks first
    assert {u["unit"] for u in everything} >= {UNIT_A, UNIT_B}
    own = client.get("/api/units", auth=auth("rep-b")).json()
    assert [(u["unit"], u["version"], u["overall"]) for u in own] == [(UNIT_B, None, 0.0)]
    assert own[0]["missing"] == ["satisfaction", "review-steps", "report-delivered"]


def test_plan_has_the_forms_inputs(client):
    plan = client.get("/api/plan", auth=auth("rep-a")).json()
    assert plan["plan"]["id"] == "demo-2563"
    sat = next(i for i in plan["indicators"] if i["id"] == "satisfaction")
    assert sat["formula"] == "satisfied * 100 / respondents" and sat["levels"] == [40, 50, 60, 70, 80]
    assert sat["inputs"]["satisfied"] == {"type": "count", "max": "respondents"}


def test_evaluator_creates_a_unit_by_saving_reporter_cannot(client):
    assert client.put(url("เขตใหม่"), json=DEMO_BODY, auth=auth("eva")).status_code == 200
    assert client.get(url("เขตใหม่", "history"), auth=auth("eva")).json()[0]["user"] == "eva"
    assert client.get(url("ไม่มี", "score"), auth=auth("eva")).status_code == 404


def test_a_failing_disk_is_a_json_500_without_a_traceback(app, monkeypatch):
    from starlette.testclient import TestClient

    def broken(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(app.state.kpi.service.db, "save_version", broken)
    r = TestClient(app, raise_server_exceptions=False).put(url(UNIT_A), json=DEMO_BODY, auth=auth("rep-a"))
    assert r.status_code == 500
    assert r.json() == {"error": {"code": "internal", "message": "internal error: OSError (the server's log has "
                                                                 "the details; please report it)"}}
