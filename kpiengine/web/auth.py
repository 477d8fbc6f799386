"""Accounts: password hashes, sessions, CSRF tokens, failed-login limits and who may see what.

Passwords are hashed with scrypt (a fresh 16-byte salt each) and compared in
constant time. A session is a random token in an HttpOnly, SameSite cookie;
the database keeps only its SHA-256. Each session has a CSRF token that every
form (and every htmx request, as a header) must send back. Failed logins are
counted per account and per address over a window; past the limit, logins
are refused until the window has passed, whether the password is right or not.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time

from kpiengine.web.db import Database, User

SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
SESSION_SECONDS = 8 * 3600
FAILURE_WINDOW = 15 * 60  # seconds
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
ROLES = ("evaluator", "reporter")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, **SCRYPT)
    return "scrypt${n}${r}${p}${salt}${digest}".format(
        n=SCRYPT["n"], r=SCRYPT["r"], p=SCRYPT["p"],
        salt=base64.b64encode(salt).decode(), digest=base64.b64encode(digest).decode())


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class TooManyFailures(Exception):
    """Logins of this account or from this address are refused for a while."""


class Accounts:
    """Checks passwords with the failure limits; remembers recent API credentials briefly.

    HTTP Basic sends the password with every request; hashing it each time
    (scrypt, ~50 ms) would make the API slow, so a successful check is kept
    for a minute under an HMAC of name and password with a per-process key
    (never the password itself), and dropped when the account changes.
    """

    CACHE_SECONDS = 60

    def __init__(self, db: Database):
        self.db = db
        self._key = secrets.token_bytes(32)
        self._cache: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()

    def login(self, name: str, password: str, address: str) -> User | None:
        """The user if `password` is right; None if not; raises `TooManyFailures` past the limits."""
        since = time.time() - FAILURE_WINDOW
        by_account, by_address = self.db.failures(name, address, since)
        if by_account >= MAX_FAILURES_PER_ACCOUNT or by_address >= MAX_FAILURES_PER_ADDRESS:
            raise TooManyFailures()
        user = self.db.user(name)
        key = hmac.new(self._key, f"{name}\0{password}".encode(), hashlib.sha256).hexdigest()
        with self._lock:
            cached = self._cache.get(key)
        if user and cached and cached[0] > time.time() and cached[1] == user.password_hash:
            return user
        if user is not None and verify_password(password, user.password_hash):
            with self._lock:
                self._cache[key] = (time.time() + self.CACHE_SECONDS, user.password_hash)
            if by_account:
                self.db.clear_failures(name)
            return user
        if user is None:
            verify_password(password, _DUMMY_HASH)  # the same time for unknown names
        self.db.add_failure(name, address)
        return None

    def start_session(self, user: User) -> tuple[str, str]:
        """A new session: (cookie token, CSRF token)."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        self.db.add_session(token_hash(token), user.name, csrf, time.time() + SESSION_SECONDS)
        return token, csrf

    def session_user(self, token: str | None) -> tuple[User, str] | None:
        """(user, CSRF token) of a live session, or None."""
        if not token:
            return None
        found = self.db.session(token_hash(token))
        if found is None:
            return None
        user = self.db.user(found[0])
        return (user, found[1]) if user else None

    def end_session(self, token: str | None) -> None:
        if token:
            self.db.end_session(token_hash(token))


_DUMMY_HASH = hash_password(secrets.token_urlsafe(8))


def may_see(user: User, unit: str) -> bool:
    """A reporter sees and edits only its own unit; an evaluator every unit."""
    return user.is_evaluator or (user.unit is not None and user.unit == unit)


def csrf_ok(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), given.encode())


def check_unit_name(unit: str) -> str | None:
    """Why `unit` cannot be a unit name, or None."""
    if not unit.strip():
        return "a unit name cannot be empty"
    if len(unit) > 200:
        return f"a unit name has at most 200 characters, got {len(unit)}"
    if "/" in unit or any(ord(c) < 32 for c in unit):
        return "a unit name cannot hold '/' or control characters"
    return None
