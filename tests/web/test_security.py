"""The security matrix: role × unit × endpoint, anonymous callers, CSRF, escaping, uploads, login limits."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.web.conftest import DEMO_BODY, EVIL_UNIT, UNIT_A, UNIT_B, auth, csrf_of, login

Q = {u: quote(u, safe="") for u in (UNIT_A, UNIT_B, EVIL_UNIT)}

API = [("GET", "/api/units/{u}/evidence"), ("PUT", "/api/units/{u}/evidence"), ("GET", "/api/units/{u}/score"),
       ("GET", "/api/units/{u}/history")]
PAGES = ["/units/{u}", "/units/{u}/history", "/units/{u}/report.json", "/units/{u}/evidence.yaml"]


@pytest.fixture
def saved(client):
    """Both units have one saved version (so a 404 could not hide a 403)."""
    for unit, name in ((UNIT_A, "rep-a"), (UNIT_B, "rep-b")):
        assert client.put(f"/api/units/{Q[unit]}/evidence", json=DEMO_BODY, auth=auth(name)).status_code == 200
    return client


@pytest.mark.parametrize("method,path", API)
def test_api_role_matrix(saved, method, path):
    def call(unit, who):
        kwargs = {"json": DEMO_BODY} if method == "PUT" else {}
        if who:
            kwargs["auth"] = auth(who)
        return saved.request(method, path.format(u=Q[unit]), **kwargs).status_code

    assert call(UNIT_A, "rep-a") == 200
    assert call(UNIT_B, "rep-a") == 403
    assert call(UNIT_A, "rep-b") == 403
    assert call(UNIT_B, "eva") == 200
    assert call(UNIT_A, None) == 401
    assert call(UNIT_A, "nobody") == 401


def test_api_wrong_password_is_401_with_a_challenge(client):
    r = client.get("/api/plan", auth=("rep-a", "wrong password"))
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Basic")
    assert r.json()["error"] == {"code": "login-required", "message": "wrong user name or password"}


@pytest.mark.parametrize("path", PAGES)
def test_page_role_matrix(saved, logged_in, path):
    rep_a, eva = logged_in("rep-a"), logged_in("eva")
    assert rep_a.get(path.format(u=Q[UNIT_A])).status_code == 200
    assert rep_a.get(path.format(u=Q[UNIT_B])).status_code == 403
    assert eva.get(path.format(u=Q[UNIT_B])).status_code == 200
    anonymous = saved.get(path.format(u=Q[UNIT_A]), follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login?next=")


def test_reporter_cannot_post_to_another_unit_or_close_the_round(saved, logged_in):
    rep_a = logged_in("rep-a")
    csrf = csrf_of(rep_a.get(f"/units/{Q[UNIT_A]}").text)
    r = rep_a.post(f"/units/{Q[UNIT_B]}/evidence", data={"csrf": csrf, "base_version": "1", "as_of": "2563-10-31"})
    assert r.status_code == 403
    assert rep_a.post("/round/close", data={"csrf": csrf}).status_code == 403
    assert rep_a.get("/units", follow_redirects=False).headers["location"] == f"/units/{Q[UNIT_A]}"
    assert saved.get(f"/api/units/{Q[UNIT_B]}/history", auth=auth("eva")).json()[-1]["version"] == 1


def test_csrf_is_refused_without_the_token(saved, logged_in):
    rep_a = logged_in("rep-a")
    form = {"base_version": "1", "as_of": "2563-10-31", "v|satisfaction|satisfied": "1"}
    assert rep_a.post(f"/units/{Q[UNIT_A]}/evidence", data=form).status_code == 403
    assert rep_a.post(f"/units/{Q[UNIT_A]}/evidence", data={**form, "csrf": "forged"}).status_code == 403
    files = {"file": ("e.yaml", b"kind: evidence\nplan: demo-2563\nvalues: {}\n")}
    assert rep_a.post(f"/units/{Q[UNIT_A]}/upload", data={"base_version": "1"}, files=files).status_code == 403
    assert rep_a.post("/logout").status_code == 403
    assert saved.get(f"/api/units/{Q[UNIT_A]}/history", auth=auth("rep-a")).json()[-1]["version"] == 1


def test_login_form_needs_its_csrf_cookie(client):
    r = client.post("/login", data={"csrf": "x", "username": "rep-a", "password": "correct horse 1"},
                    follow_redirects=False)
    assert r.status_code == 403


def test_session_cookie_is_httponly_and_samesite(client):
    r = login(client, "rep-a")
    cookie = next(v for k, v in r.headers.multi_items() if k == "set-cookie" and v.startswith("kpi_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert r.headers["x-frame-options"] == "DENY" and "default-src 'self'" in r.headers["content-security-policy"]


def test_failed_logins_are_bounded_per_account(client):
    for _ in range(5):
        assert login(client, "rep-a", "wrong").status_code == 401
    locked = login(client, "rep-a")  # the right password, but the account is locked for the window
    assert locked.status_code == 429
    assert client.get("/api/plan", auth=auth("rep-a")).status_code == 429
    assert login(client, "rep-b").status_code == 303  # another account from the same address still may


def test_failed_logins_are_bounded_per_address(client):
    for i in range(20):
        assert login(client, f"ghost{i}", "wrong").status_code == 401
    assert login(client, "rep-b").status_code == 429


def test_html_in_unit_names_rule_names_and_values_is_escaped(tmp_path, demo_rules):
    from starlette.testclient import TestClient

    from kpiengine.web import create_app
    from tests.web.conftest import add_accounts

    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "kind: plan\nid: x-2563\ntitle: '<script>alert(\"plan\")</script>'\nfiscal_year: 2563\n"
        "dimensions: [{id: d, number: 1, name: '<b>dim</b>', weight: 100}]\n---\n"
        "kind: indicator\nid: k\nname: '<script>alert(\"rule\")</script>'\ndimension: d\nweight: 100\n"
        "unit: number\ninputs: {v: {type: number}}\ntarget: '>= 1'\n", encoding="utf-8")
    db = tmp_path / "x.sqlite"
    add_accounts(db)
    app = create_app(str(rules), str(db))
    c = TestClient(app)
    evil = "<script>alert('value')</script>"
    assert c.put(f"/api/units/{Q[EVIL_UNIT]}/evidence", json={"values": {"k": {"v": evil}}},
                 auth=auth("rep-evil")).status_code == 200
    assert login(c, "rep-evil").status_code == 303
    pages = [c.get(f"/units/{Q[EVIL_UNIT]}").text, c.get("/plan").text]
    assert login(c, "eva").status_code == 303
    pages += [c.get("/units").text, c.get(f"/units/{Q[EVIL_UNIT]}/history").text]
    for html in pages:
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>dim</b>" not in html
    assert "&lt;script&gt;alert(&#34;rule&#34;)&lt;/script&gt;" in pages[0]
    assert "&lt;img src=x onerror=alert(&#39;u&#39;)&gt;" in pages[2]
    assert "&lt;script&gt;alert(&#39;value&#39;)&lt;/script&gt;" in pages[0]  # the typed value, shown back


def test_oversized_and_malformed_uploads_are_refused_clearly(saved, logged_in):
    rep_a = logged_in("rep-a")
    csrf = csrf_of(rep_a.get(f"/units/{Q[UNIT_A]}").text)

    def upload(name, content):
        return rep_a.post(f"/units/{Q[UNIT_A]}/upload", data={"csrf": csrf, "base_version": "1"},
                          files={"file": (name, content)})

    big = upload("e.yaml", b"# " + b"x" * (1024 * 1024))
    assert big.status_code == 413 and "larger than 1,048,576 bytes" in big.text
    broken = upload("e.yaml", b"kind: evidence\nplan: demo-2563\nvalues: [1\n")
    assert broken.status_code == 422
    assert "e.yaml:4:1: syntax error: while parsing a flow sequence" in broken.text
    binary = upload("e.yaml", b"kind: evidence\n\xff\x00bad")
    assert binary.status_code == 422 and "is not UTF-8 text" in binary.text
    wrong_kind = upload("e.yaml", b"kind: case\nname: x\n")
    # the page is Thai: the library's message in Thai, the kind quoted as given
    assert wrong_kind.status_code == 422 and "ต้องเป็น kind: evidence แต่ได้รับ kind &#39;case&#39;" in wrong_kind.text
    excel = upload("e.xlsx", b"PK\x03\x04")  # not a workbook: refused with the file's name, not a crash
    assert excel.status_code == 422 and "e.xlsx" in excel.text
    other = upload("e.pdf", b"%PDF-1.4")
    assert other.status_code == 415 and "&#39;.pdf&#39; files cannot be uploaded" in other.text
    names = ["a", "b", "c", "d", "e", "f", "g"]
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"] + [
        f"{n}: &{n} [{', '.join(['*' + p] * 9)}]" for p, n in zip(names[:-1], names[1:], strict=True)]  # 9^7 nodes through aliases
    bomb = upload("e.yaml", ("\n".join(lines) + "\n").encode())
    assert bomb.status_code == 422 and "is this an alias bomb?" in bomb.text
    assert saved.get(f"/api/units/{Q[UNIT_A]}/history", auth=auth("rep-a")).json()[-1]["version"] == 1
