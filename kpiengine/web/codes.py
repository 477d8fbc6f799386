"""Codes of the web app's own refusals (evidence faults keep the library's EV codes).

Each code has its HTTP status; the JSON API answers ``{"error": {"code",
"name", "message"}}`` with it.
"""

from __future__ import annotations

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity


def _code(code: str, name: str, summary: str) -> Code:
    return Code(code, name, Severity.ERROR, summary, stage="kpiengine.web")


WB01 = _code("WB01", "web.login-required", "the request needs a user name and password (or a session)")
WB02 = _code("WB02", "web.forbidden", "the account may not see or change this unit")
WB03 = _code("WB03", "web.not-found", "no such unit, version or page")
WB04 = _code("WB04", "web.stale-version", "the save is based on a version that is no longer the latest")
WB05 = _code("WB05", "web.round-closed", "the round is closed: evidence is read-only")
WB06 = _code("WB06", "web.too-large", "the request or the uploaded file is larger than allowed")
WB07 = _code("WB07", "web.bad-request", "the request body is not what the endpoint reads")
WB08 = _code("WB08", "web.too-many-failures", "too many failed logins for this account or address")
WB09 = _code("WB09", "web.csrf", "a form was sent without its CSRF token")

STATUS = {"WB01": 401, "WB02": 403, "WB03": 404, "WB04": 409, "WB05": 409, "WB06": 413, "WB07": 400,
          "WB08": 429, "WB09": 403}
EVIDENCE_STATUS = 422  # the library's EV codes for evidence that cannot be read as one document
