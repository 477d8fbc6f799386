"""kpi users and kpi serve on the command line: accounts, and clear errors with exit 2."""

from __future__ import annotations

from click.testing import CliRunner

from kpiengine.cli.main import kpi
from kpiengine.web.auth import verify_password
from kpiengine.web.db import Database
from tests.web.conftest import DEMO_RULES


def users(db, *args, password="a long password"):
    result = CliRunner().invoke(kpi, ["users", *args, "--db", str(db)], input=password + "\n")
    return result.exit_code, result.stdout, result.stderr


def test_add_list_remove(tmp_path):
    db = tmp_path / "kpi.sqlite"
    assert users(db, "add", "somchai", "--role", "reporter", "--unit", "เขตพระนคร", "--password-stdin") == \
        (0, "added reporter 'somchai' for unit 'เขตพระนคร'\n", "")
    assert users(db, "add", "eva", "--role", "evaluator", "--password-stdin")[0] == 0
    assert users(db, "list") == (0, "eva\tevaluator\t-\nsomchai\treporter\tเขตพระนคร\n", "")
    stored = Database(str(db)).user("somchai").password_hash
    assert stored.startswith("scrypt$16384$8$1$") and "a long password" not in stored
    assert verify_password("a long password", stored) and not verify_password("a long passwore", stored)
    assert users(db, "remove", "somchai") == (0, "removed 'somchai'\n", "")
    assert users(db, "remove", "somchai") == (2, "", "kpi: error: no user 'somchai'\n")


def test_password_from_the_prompt_is_asked_twice(tmp_path):
    result = CliRunner().invoke(kpi, ["users", "add", "eva", "--role", "evaluator", "--db", str(tmp_path / "k.db")],
                                input="a long password\na long password\n")
    assert result.exit_code == 0 and verify_password("a long password",
                                                     Database(str(tmp_path / "k.db")).user("eva").password_hash)


def test_refusals_are_clear(tmp_path):
    db = tmp_path / "kpi.sqlite"
    assert users(db, "add", "x", "--role", "reporter", "--password-stdin")[1:] == \
        ("", "kpi: error: a reporter needs --unit (the unit it reports for)\n")
    assert users(db, "add", "x", "--role", "evaluator", "--password-stdin", password="short")[2] == \
        "kpi: error: the password needs at least 8 characters\n"
    assert users(db, "add", "x", "--role", "reporter", "--unit", "a/b", "--password-stdin")[2] == \
        "kpi: error: invalid unit 'a/b': a unit name cannot hold '/' or control characters\n"
    assert users(db, "add", "x", "--role", "evaluator", "--password-stdin")[0] == 0
    assert users(db, "add", "x", "--role", "evaluator", "--password-stdin")[1:] == \
        ("", "kpi: error: user 'x' exists already\n")
    assert users(db, "add", "y", "--role", "admin", "--password-stdin")[0] == 2
    (tmp_path / "not.sqlite").write_text("this is not a database\n" * 100)
    code, _, err = users(tmp_path / "not.sqlite", "list")
    assert code == 2 and err.startswith("kpi: error: ") and "is not a kpi database" in err


def test_serve_refuses_an_invalid_rule_set_and_an_unusable_database(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: plan\nid: Bad Id\n", encoding="utf-8")
    result = CliRunner().invoke(kpi, ["serve", str(bad), "--db", str(tmp_path / "k.sqlite")])
    assert result.exit_code == 2 and "has errors (run 'kpi check" in result.stderr
    result = CliRunner().invoke(kpi, ["serve", str(DEMO_RULES), "--db", str(tmp_path / "no" / "k.sqlite")])
    assert result.exit_code == 2
    assert result.stderr == f"kpi: error: cannot create the database '{tmp_path / 'no' / 'k.sqlite'}': " \
                            f"no directory '{tmp_path / 'no'}'\n"


def test_schema_is_versioned_and_versions_cannot_be_changed(tmp_path):
    import sqlite3

    import pytest

    db = Database(str(tmp_path / "k.sqlite"))
    db.save_version("u", "eva", None, None, "evidence.yaml", "kind: evidence\n", {})
    con = sqlite3.connect(str(tmp_path / "k.sqlite"))
    assert con.execute("SELECT version FROM schema_migrations").fetchall() == [(1,)]
    assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    with pytest.raises(sqlite3.IntegrityError, match="never changed"):
        con.execute("UPDATE evidence_versions SET user = 'mallory'")
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
        con.execute("DELETE FROM evidence_versions")
    con.close()
    Database(str(tmp_path / "k.sqlite"))  # a second start migrates nothing and keeps the version
    assert [v.version for v in db.history("u")] == [1]


def test_the_readme_account_commands_work_as_written(tmp_path, monkeypatch):
    import re
    import shlex

    from tests.web.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Evaluation office: `kpi serve`.*?```sh\n(.*?)```", readme, re.S).group(1)
    monkeypatch.chdir(tmp_path)
    ran = 0
    for line in block.splitlines():
        command = line.split("#")[0].strip()
        if "kpi users" not in command:
            continue
        words = shlex.split(command.split("|")[-1].replace("$PASSWORD", "a long password"))
        result = CliRunner().invoke(kpi, words[1:], input="a long password\na long password\n")
        assert result.exit_code == 0, (command, result.stderr)
        ran += 1
    assert ran == 3
    assert [u.name for u in Database("kpi.sqlite").users()] == ["eva", "somchai"]


def test_serve_on_a_port_in_use_is_exit_2(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(kpi, ["serve", str(DEMO_RULES), "--db", str(tmp_path / "k.sqlite"),
                                          "--port", str(port)])
    assert result.exit_code == 2
    assert result.stderr == f"kpi: error: cannot listen on 127.0.0.1:{port} (Address already in use)\n"
