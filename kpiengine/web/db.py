"""The embedded database: SQLite in WAL mode, versioned migrations, append-only evidence.

Every save of a unit's evidence is a new row of ``evidence_versions``; the
table refuses UPDATE and DELETE (triggers), so nothing a save commits is ever
overwritten. A stale save (its base version is not the latest) raises
`StaleVersion` inside the same ``BEGIN IMMEDIATE`` transaction that would have
inserted it, so two concurrent saves cannot both win.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

# Each migration runs once, in order, inside one transaction; its number is recorded.
MIGRATIONS = {
    1: """
        CREATE TABLE users (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('evaluator', 'reporter')),
            unit TEXT,
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE evidence_versions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            unit TEXT NOT NULL,
            version INTEGER NOT NULL,
            user TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            as_of TEXT,
            source_name TEXT NOT NULL,
            source_text TEXT NOT NULL,
            data_json TEXT NOT NULL,
            UNIQUE (unit, version)
        );
        CREATE TRIGGER evidence_versions_no_update BEFORE UPDATE ON evidence_versions
            BEGIN SELECT RAISE(ABORT, 'evidence versions are never changed'); END;
        CREATE TRIGGER evidence_versions_no_delete BEFORE DELETE ON evidence_versions
            BEGIN SELECT RAISE(ABORT, 'evidence versions are never deleted'); END;
        CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY,
            user TEXT NOT NULL,
            csrf TEXT NOT NULL,
            expires_at REAL NOT NULL
        );
        CREATE TABLE login_failures (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            account TEXT NOT NULL,
            address TEXT NOT NULL,
            at REAL NOT NULL
        );
        CREATE INDEX login_failures_account ON login_failures (account, at);
        CREATE INDEX login_failures_address ON login_failures (address, at);
        CREATE TABLE round_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            action TEXT NOT NULL CHECK (action IN ('close', 'open')),
            user TEXT NOT NULL,
            at TEXT NOT NULL
        );
    """,
}


class StaleVersion(Exception):
    """A save based on a version that is no longer the latest."""

    def __init__(self, expected: int, latest: int):
        self.expected, self.latest = expected, latest
        super().__init__(f"stale version: the save is based on version {expected}, the latest is {latest}")


class RoundClosed(Exception):
    """The round is closed: its evidence is read-only."""


class DatabaseError(Exception):
    """The database file cannot be opened or is not ours."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    unit: str | None
    password_hash: str

    @property
    def is_evaluator(self) -> bool:
        return self.role == "evaluator"


@dataclass(frozen=True)
class Version:
    unit: str
    version: int
    user: str
    saved_at: str
    as_of: str | None
    source_name: str
    source_text: str
    data: dict

    def history_entry(self) -> dict:
        return {"version": self.version, "user": self.user, "saved_at": self.saved_at, "as_of": self.as_of}


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class Database:
    """One SQLite file; a connection per call, so any thread may use it."""

    def __init__(self, path: str):
        self.path = os.fspath(path)
        self.migrate()
        self._queue: list = []
        self._queued = threading.Condition()
        self._writer: threading.Thread | None = None

    def connect(self) -> sqlite3.Connection:
        try:
            con = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise DatabaseError(f"cannot open the database '{self.path}' ({exc})") from None
        con.row_factory = sqlite3.Row
        con.execute("PRAGMA busy_timeout = 30000")
        con.execute("PRAGMA synchronous = FULL")  # a committed version survives a crash or a power cut
        con.execute("PRAGMA foreign_keys = ON")
        return con

    @contextmanager
    def transaction(self, immediate: bool = False):
        con = self.connect()
        try:
            con.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        finally:
            con.close()

    @contextmanager
    def reading(self):
        con = self.connect()
        try:
            yield con
        finally:
            con.close()

    def migrate(self) -> int:
        """Create or upgrade the schema; returns the schema version."""
        directory = os.path.dirname(os.path.abspath(self.path))
        if not os.path.isdir(directory):
            raise DatabaseError(f"cannot create the database '{self.path}': no directory '{directory}'")
        try:
            con = self.connect()
            try:
                con.execute("PRAGMA journal_mode = WAL")
                con.execute("BEGIN IMMEDIATE")
                con.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                            "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
                done = {row[0] for row in con.execute("SELECT version FROM schema_migrations")}
                for number in sorted(MIGRATIONS):
                    if number not in done:
                        for statement in _statements(MIGRATIONS[number]):
                            con.execute(statement)
                        con.execute("INSERT INTO schema_migrations VALUES (?, ?)", (number, now_text()))
                con.execute("COMMIT")
                return max(MIGRATIONS)
            finally:
                con.close()
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc):
                raise DatabaseError(f"the database '{self.path}' is locked by another program") from None
            raise DatabaseError(f"cannot use the database '{self.path}' ({exc})") from None
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(f"'{self.path}' is not a kpi database ({exc})") from None

    # --- users -------------------------------------------------------------------------------------

    def add_user(self, name: str, role: str, unit: str | None, password_hash: str) -> None:
        with self.transaction(immediate=True) as con:
            if con.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
                raise ValueError(f"user '{name}' exists already")
            con.execute("INSERT INTO users VALUES (?, ?, ?, ?, ?)", (name, role, unit, password_hash, now_text()))

    def remove_user(self, name: str) -> bool:
        with self.transaction(immediate=True) as con:
            con.execute("DELETE FROM sessions WHERE user = ?", (name,))
            return con.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount > 0

    def user(self, name: str) -> User | None:
        with self.reading() as con:
            row = con.execute("SELECT name, role, unit, password_hash FROM users WHERE name = ?", (name,)).fetchone()
        return User(*row) if row else None

    def users(self) -> list[User]:
        with self.reading() as con:
            rows = con.execute("SELECT name, role, unit, password_hash FROM users ORDER BY name").fetchall()
        return [User(*row) for row in rows]

    # --- sessions and failed logins ----------------------------------------------------------------

    def add_session(self, token_hash: str, user: str, csrf: str, expires_at: float) -> None:
        with self.transaction(immediate=True) as con:
            con.execute("DELETE FROM sessions WHERE expires_at < ?", (time.time(),))
            con.execute("INSERT INTO sessions VALUES (?, ?, ?, ?)", (token_hash, user, csrf, expires_at))

    def session(self, token_hash: str):
        with self.reading() as con:
            row = con.execute("SELECT user, csrf, expires_at FROM sessions WHERE token_hash = ?",
                              (token_hash,)).fetchone()
        if row is None or row["expires_at"] < time.time():
            return None
        return row["user"], row["csrf"]

    def end_session(self, token_hash: str) -> None:
        with self.transaction(immediate=True) as con:
            con.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash,))

    def failures(self, account: str, address: str, since: float) -> tuple[int, int]:
        with self.reading() as con:
            by_account = con.execute("SELECT COUNT(*) FROM login_failures WHERE account = ? AND at >= ?",
                                     (account, since)).fetchone()[0]
            by_address = con.execute("SELECT COUNT(*) FROM login_failures WHERE address = ? AND at >= ?",
                                     (address, since)).fetchone()[0]
        return by_account, by_address

    def add_failure(self, account: str, address: str) -> None:
        with self.transaction(immediate=True) as con:
            con.execute("INSERT INTO login_failures (account, address, at) VALUES (?, ?, ?)",
                        (account, address, time.time()))

    def clear_failures(self, account: str) -> None:
        with self.transaction(immediate=True) as con:
            con.execute("DELETE FROM login_failures WHERE account = ?", (account,))

    # --- evidence versions -------------------------------------------------------------------------

    def save_version(self, unit: str, user: str, base: int | None, as_of: str | None, source_name: str,
                     source_text: str, data: dict) -> int:
        """Insert the next version of `unit`; `base` (None: any) must be the latest version (0: none yet).

        Returns once the version is committed (fsynced). Saves are group-committed: one writer thread
        takes every save waiting, checks and inserts each in order in one transaction, and commits
        once, so fifty savers cost one disk flush rather than fifty. Raises `StaleVersion` or
        `RoundClosed` for a save that is refused; the others of its group are not affected.
        """
        future: Future = Future()
        row = (unit, user, base, as_of, source_name, source_text, json.dumps(data, ensure_ascii=False, default=str))
        with self._queued:
            self._queue.append((row, future))
            if self._writer is None or not self._writer.is_alive():
                self._writer = threading.Thread(target=self._write_loop, name="kpi-db-writer", daemon=True)
                self._writer.start()
            self._queued.notify()
        return future.result()

    def _write_loop(self) -> None:
        while True:
            with self._queued:
                while not self._queue:
                    if not self._queued.wait(timeout=5):
                        if not self._queue:
                            self._writer = None
                            return
                batch, self._queue = self._queue, []
            self._write_batch(batch)

    def _write_batch(self, batch) -> None:
        outcomes = []
        try:
            with self.transaction(immediate=True) as con:
                last = con.execute("SELECT action FROM round_events ORDER BY id DESC LIMIT 1").fetchone()
                closed = last is not None and last[0] == "close"
                for (unit, user, base, as_of, name, text, data_json), _future in batch:
                    if closed:
                        outcomes.append(RoundClosed())
                        continue
                    latest = con.execute("SELECT COALESCE(MAX(version), 0) FROM evidence_versions WHERE unit = ?",
                                         (unit,)).fetchone()[0]
                    if base is not None and base != latest:
                        outcomes.append(StaleVersion(base, latest))
                        continue
                    con.execute("INSERT INTO evidence_versions (unit, version, user, saved_at, as_of, source_name, "
                                "source_text, data_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                (unit, latest + 1, user, now_text(), as_of, name, text, data_json))
                    outcomes.append(latest + 1)
        except BaseException as exc:  # nothing of the group was committed: every saver hears why
            for _row, future in batch:
                future.set_exception(exc)
            return
        for (_row, future), outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, Exception):
                future.set_exception(outcome)
            else:
                future.set_result(outcome)

    def version(self, unit: str, version: int | None = None) -> Version | None:
        """A version of `unit` (the latest when `version` is None)."""
        query = ("SELECT unit, version, user, saved_at, as_of, source_name, source_text, data_json "
                 "FROM evidence_versions WHERE unit = ? ")
        with self.reading() as con:
            if version is None:
                row = con.execute(query + "ORDER BY version DESC LIMIT 1", (unit,)).fetchone()
            else:
                row = con.execute(query + "AND version = ?", (unit, version)).fetchone()
        return _version(row) if row else None

    def history(self, unit: str) -> list[Version]:
        with self.reading() as con:
            rows = con.execute("SELECT unit, version, user, saved_at, as_of, source_name, source_text, data_json "
                               "FROM evidence_versions WHERE unit = ? ORDER BY version", (unit,)).fetchall()
        return [_version(row) for row in rows]

    def latest_versions(self) -> dict[str, int]:
        with self.reading() as con:
            rows = con.execute("SELECT unit, MAX(version) FROM evidence_versions GROUP BY unit").fetchall()
        return {row[0]: row[1] for row in rows}

    def units(self) -> list[str]:
        """Every unit: those of reporter accounts and those with evidence, sorted."""
        with self.reading() as con:
            rows = con.execute("SELECT unit FROM users WHERE unit IS NOT NULL UNION "
                               "SELECT DISTINCT unit FROM evidence_versions").fetchall()
        return sorted(row[0] for row in rows)

    # --- the round ---------------------------------------------------------------------------------

    def round_closed(self) -> bool:
        with self.reading() as con:
            row = con.execute("SELECT action FROM round_events ORDER BY id DESC LIMIT 1").fetchone()
        return row is not None and row[0] == "close"

    def set_round(self, action: str, user: str) -> None:
        with self.transaction(immediate=True) as con:
            con.execute("INSERT INTO round_events (action, user, at) VALUES (?, ?, ?)", (action, user, now_text()))


def _version(row) -> Version:
    return Version(row[0], row[1], row[2], row[3], row[4], row[5], row[6], json.loads(row[7]))


def _statements(script: str):
    """Split a migration into statements (triggers hold ';' inside BEGIN … END)."""
    buffer = ""
    for line in script.strip().splitlines():
        buffer += line + "\n"
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()
