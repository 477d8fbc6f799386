"""The web app's own refusals: a stable slug (like pydantic's error ``type``) and an HTTP status.

These are not diagnostics of rule or evidence files, so they are not in the
check catalog; evidence refused by the library keeps its EV code. The JSON
API answers ``{"error": {"code": slug, "message": …}}``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Refusal:
    code: str
    status: int
    summary: str


LOGIN_REQUIRED = Refusal("login-required", 401, "the request needs a user name and password (or a session)")
FORBIDDEN = Refusal("forbidden", 403, "the account may not see or change this unit")
NOT_FOUND = Refusal("not-found", 404, "no such unit, version or page")
STALE_VERSION = Refusal("stale-version", 409, "the save is based on a version that is no longer the latest")
ROUND_CLOSED = Refusal("round-closed", 409, "the round is closed: evidence is read-only")
TOO_LARGE = Refusal("too-large", 413, "the request or the uploaded file is larger than allowed")
BAD_REQUEST = Refusal("bad-request", 400, "the request body is not what the endpoint reads")
TOO_MANY_FAILURES = Refusal("too-many-failures", 429, "too many failed logins for this account or address")
CSRF = Refusal("csrf", 403, "a form was sent without its CSRF token")

EVIDENCE_STATUS = 422  # the library's EV codes for evidence that cannot be read as one document
