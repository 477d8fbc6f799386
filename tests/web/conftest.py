"""Fixtures of the web tests: an app on a fresh database with accounts, clients, a live server."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*")  # starlette prefers httpx2; httpx works

from starlette.testclient import TestClient  # noqa: E402

from kpiengine import load_rules  # noqa: E402
from kpiengine.web import create_app  # noqa: E402
from kpiengine.web.auth import hash_password  # noqa: E402
from kpiengine.web.db import Database  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DEMO_RULES = ROOT / "rules" / "demo-2563"
DEMO_EVIDENCE = ROOT / "cases" / "demo-2563" / "evidence.yaml"
ARTIFACTS = Path(__file__).parent / "artifacts"

PASSWORD = "correct horse 1"
UNIT_A = "เขตพระนคร"
UNIT_B = "เขตดุสิต"
EVIL_UNIT = "<img src=x onerror=alert('u')>"
ACCOUNTS = {  # name → (role, unit)
    "eva": ("evaluator", None),
    "rep-a": ("reporter", UNIT_A),
    "rep-b": ("reporter", UNIT_B),
    "rep-evil": ("reporter", EVIL_UNIT),
}
_HASH = hash_password(PASSWORD)  # one slow hash shared by the accounts of every test database

# SPEC appendix A's evidence as the API takes it (worked by hand in cases/demo-2563/evidence.yaml: 3.392).
DEMO_BODY = {"as_of": "2563-10-31", "values": {
    "satisfaction": {"satisfied": 33, "respondents": 50},
    "review-steps": {"completed": [1, 2], "partial": {"3": 0.5}},
    "report-delivered": {"delivered": "2563-10-20"}}}


def add_accounts(db_path) -> None:
    db = Database(str(db_path))
    for name, (role, unit) in ACCOUNTS.items():
        db.add_user(name, role, unit, _HASH)


@pytest.fixture(scope="session")
def demo_rules():
    return load_rules(str(DEMO_RULES))


@pytest.fixture
def app(tmp_path, demo_rules):
    db_path = tmp_path / "kpi.sqlite"
    add_accounts(db_path)
    return create_app(demo_rules, str(db_path))


@pytest.fixture
def client(app):
    return TestClient(app)


def auth(name: str) -> tuple[str, str]:
    return (name, PASSWORD)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def login(client, name: str, password: str = PASSWORD):
    page = client.get("/login")
    return client.post("/login", data={"csrf": csrf_of(page.text), "username": name, "password": password,
                                       "next": "/"}, follow_redirects=False)


@pytest.fixture
def logged_in(app):
    """A page client per account name, logged in."""
    def make(name: str):
        c = TestClient(app)
        assert login(c, name).status_code == 303
        return c
    return make


# --- a real server ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``kpi serve`` in a subprocess on 127.0.0.1 (a real uvicorn)."""

    def __init__(self, rules, db_path):
        self.rules, self.db_path, self.port, self.process = str(rules), str(db_path), free_port(), None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        self.process = subprocess.Popen([sys.executable, "-m", "kpiengine", "serve", self.rules, "--db", self.db_path,
                                         "--port", str(self.port)], env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE)
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"kpi serve exited: {self.process.stderr.read().decode()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("kpi serve did not start within 20 s")

    def kill(self):
        """Stop it hard, as a crash would (no clean shutdown)."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


@pytest.fixture
def server(tmp_path):
    db_path = tmp_path / "kpi.sqlite"
    add_accounts(db_path)
    s = Server(DEMO_RULES, db_path).start()
    yield s
    s.kill()


def fill_unit_column(sheet, unit: str, delivered: str) -> None:
    """Fill `unit`'s column of a kpi template's evidence sheet as a district would: SPEC appendix A's values,
    with Thai digits and a Thai delivery date `delivered` (20 October 2563, 20 days late)."""
    column = [c.value for c in sheet[1]].index(unit) + 1
    values = {("as_of", None): "๓๑ ต.ค. ๒๕๖๓", ("satisfaction", "satisfied"): "๓๓",
              ("satisfaction", "respondents"): 50, ("review-steps", "step.1"): 1, ("review-steps", "step.2"): 1,
              ("review-steps", "step.3"): 0.5, ("report-delivered", "delivered"): delivered}
    for row in sheet.iter_rows(min_row=2):
        key = (row[0].value, row[2].value if row[0].value != "as_of" else None)
        if key in values:
            sheet.cell(row=row[0].row, column=column, value=values[key])
