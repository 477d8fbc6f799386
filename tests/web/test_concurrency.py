"""Nothing lost: concurrent saves on a real server (uvicorn on 127.0.0.1), stale saves, a crash and restart."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import httpx

from tests.web.conftest import DEMO_BODY, UNIT_A, auth

A = quote(UNIT_A, safe="")


def put(server, body=DEMO_BODY, if_match=None, who="rep-a"):
    headers = {"If-Match": f'"{if_match}"'} if if_match is not None else {}
    return httpx.put(f"{server.url}/api/units/{A}/evidence", json=body, auth=auth(who), headers=headers, timeout=30)


def history(server):
    return httpx.get(f"{server.url}/api/units/{A}/history", auth=auth("eva"), timeout=30).json()


def test_racing_saves_on_one_version_one_wins_the_rest_get_409(server):
    assert put(server).json()["version"] == 1
    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(lambda i: put(server, {**DEMO_BODY, "notes": f"client {i}"}, if_match=1), range(12)))
    assert sorted(r.status_code for r in answers) == [200] + [409] * 11
    winner = next(r for r in answers if r.status_code == 200)
    assert winner.json()["version"] == 2 and winner.headers["etag"] == '"2"'
    assert all(r.json()["error"]["code"] == "stale-version" for r in answers if r.status_code == 409)
    assert [h["version"] for h in history(server)] == [1, 2]


def test_concurrent_blind_saves_all_become_versions(server):
    with ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(lambda i: put(server, {**DEMO_BODY, "notes": str(i)}, who="eva"), range(24)))
    assert all(r.status_code == 200 for r in answers)
    assert sorted(r.json()["version"] for r in answers) == list(range(1, 25))
    saved = history(server)
    assert [h["version"] for h in saved] == list(range(1, 25))
    notes = {httpx.get(f"{server.url}/api/units/{A}/evidence?version={v}", auth=auth("eva")).json()["notes"]
             for v in (1, 12, 24)}
    assert len(notes) == 3  # each version holds its own save


def test_a_crash_between_saves_keeps_every_committed_version(server):
    assert put(server).json()["version"] == 1
    assert put(server, {**DEMO_BODY, "as_of": "2563-11-01"}, if_match=1).json()["version"] == 2
    server.kill()  # SIGKILL: no clean shutdown
    server.start()
    assert [(h["version"], h["as_of"]) for h in history(server)] == [(1, "2020-10-31"), (2, "2020-11-01")]
    assert put(server, if_match=1).status_code == 409  # still stale after the restart
    assert put(server, if_match=2).json()["version"] == 3
    score = httpx.get(f"{server.url}/api/units/{A}/score", auth=auth("rep-a")).json()
    assert abs(score["overall"]["score"] - 3.392) < 1e-12  # SPEC appendix A, worked by hand
    assert [h["version"] for h in history(server)] == [1, 2, 3]
