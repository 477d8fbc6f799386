"""The JSON API: HTTP Basic with the accounts of the pages, the same rules of who sees what.

``GET /api/plan`` · ``GET /api/units`` · ``GET|PUT /api/units/{unit}/evidence``
(``ETag`` = the version; ``If-Match: N`` → 409 when N is not the latest) ·
``GET /api/units/{unit}/score`` (the SPEC §7 JSON of ``kpi score --format
json``) · ``GET /api/units/{unit}/history``. Errors are ``{"error": {"code",
"message", …}}``; evidence faults carry the library's codes and messages.
"""

from __future__ import annotations

import base64
import binascii
import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kpiengine import EvidenceFileError
from kpiengine.reports.json_report import error_json
from kpiengine.web import codes
from kpiengine.web.auth import TooManyFailures, check_unit_name, may_see
from kpiengine.web.db import RoundClosed, StaleVersion
from kpiengine.web.evidence import MAX_UPLOAD_BYTES, BodyError, report_json
from kpiengine.web.http import HttpError, error_response, evidence_error, json_response, read_body
from kpiengine.web.http import address as client_address
from kpiengine.web.plan import plan_json

CHALLENGE = {"WWW-Authenticate": 'Basic realm="kpi", charset="UTF-8"'}


async def api_user(request: Request):
    header = request.headers.get("authorization", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        raise HttpError(codes.LOGIN_REQUIRED, "this API needs HTTP Basic authentication (user name and password)",
                        headers=CHALLENGE)
    try:
        name, sep, password = base64.b64decode(encoded.strip(), validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise HttpError(codes.LOGIN_REQUIRED, "the Authorization header is not valid HTTP Basic", headers=CHALLENGE)
    if not sep:
        raise HttpError(codes.LOGIN_REQUIRED, "the Authorization header is not valid HTTP Basic", headers=CHALLENGE)
    app = request.app.state.kpi
    try:
        user = await run_in_threadpool(app.accounts.login, name, password, client_address(request))
    except TooManyFailures:
        raise HttpError(codes.TOO_MANY_FAILURES, "too many failed logins for this account or address: try again in 15 minutes")
    if user is None:
        raise HttpError(codes.LOGIN_REQUIRED, "wrong user name or password", headers=CHALLENGE)
    return user


async def unit_for(request: Request, user, must_exist: bool = True) -> str:
    unit = request.path_params["unit"]
    if not may_see(user, unit):
        raise HttpError(codes.FORBIDDEN, f"user '{user.name}' may not see unit '{unit}'")
    if must_exist and not await run_in_threadpool(request.app.state.kpi.service.unit_known, unit):
        raise HttpError(codes.NOT_FOUND, f"unknown unit '{unit}'")
    return unit


def _version_param(request: Request) -> int | None:
    text = request.query_params.get("version")
    if text is None:
        return None
    if not text.isdigit():
        raise HttpError(codes.BAD_REQUEST, f"'version' must be a whole number, got '{text[:40]}'")
    return int(text)


def _if_match(request: Request) -> int | None:
    text = request.headers.get("if-match")
    if text is None:
        return None
    text = text.strip()
    if text.startswith("W/"):
        text = text[2:]
    text = text.strip('"')
    if not text.isdigit():
        raise HttpError(codes.BAD_REQUEST, f"If-Match must be a version number, got '{text[:40]}'")
    return int(text)


def _etag(version: int) -> dict:
    return {"ETag": f'"{version}"'}


def error_entries(result) -> list[dict]:
    """The ``errors`` of the SPEC §7 report: indicator, message, file, line, column, key path, code."""
    return [error_json(e) for e in result.errors]


def endpoint(handler):
    """Map refusals to JSON errors; every handler gets the user first."""
    async def wrapped(request: Request) -> Response:
        try:
            user = await api_user(request)
            return await handler(request, user)
        except HttpError as exc:
            return error_response(exc)
        except EvidenceFileError as exc:
            return evidence_error(exc)
    return wrapped


@endpoint
async def get_plan(request: Request, user) -> Response:
    return json_response(plan_json(request.app.state.kpi.service.ruleset))


@endpoint
async def get_units(request: Request, user) -> Response:
    service = request.app.state.kpi.service

    def work():
        units = [u for u in service.db.units() if may_see(user, u)]
        return [s.to_json() for s in service.overview(units)]

    return json_response(await run_in_threadpool(work))


@endpoint
async def get_evidence(request: Request, user) -> Response:
    unit = await unit_for(request, user)
    number = _version_param(request)
    stored = await run_in_threadpool(request.app.state.kpi.service.db.version, unit, number)
    if stored is None:
        what = f"version {number}" if number is not None else "no evidence saved yet"
        raise HttpError(codes.NOT_FOUND, f"unit '{unit}': {what}" if number is not None
                        else f"unit '{unit}' has {what}")
    body = {"version": stored.version, "user": stored.user, "saved_at": stored.saved_at, **stored.data}
    return json_response(body, headers=_etag(stored.version))


@endpoint
async def put_evidence(request: Request, user) -> Response:
    app = request.app.state.kpi
    unit = await unit_for(request, user, must_exist=not user.is_evaluator)
    why = check_unit_name(unit)
    if why:
        raise HttpError(codes.BAD_REQUEST, why)
    base = _if_match(request)
    raw = await read_body(request, MAX_UPLOAD_BYTES)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if kind in ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"):
            number, result = await run_in_threadpool(app.service.save_upload, unit, user.name, raw, "evidence.yaml",
                                                      base)
        else:
            try:
                body = json.loads(raw.decode("utf-8-sig"))
            except UnicodeDecodeError:
                raise HttpError(codes.BAD_REQUEST, "the body is not UTF-8 text")
            except json.JSONDecodeError as exc:
                raise HttpError(codes.BAD_REQUEST, f"the body is not JSON ({exc.msg} at line {exc.lineno} column {exc.colno})")
            number, result = await run_in_threadpool(app.service.save_body, unit, user.name, body, base)
    except BodyError as exc:
        raise HttpError(codes.BAD_REQUEST, str(exc))
    except StaleVersion as exc:
        raise HttpError(codes.STALE_VERSION, f"stale version: If-Match names version {exc.expected}, the latest is "
                                    f"{exc.latest} (get the evidence again and retry)", latest=exc.latest,
                        headers=_etag(exc.latest) if exc.latest else None)
    except RoundClosed:
        raise HttpError(codes.ROUND_CLOSED, "the round is closed: evidence is read-only")
    return json_response({"version": number, "errors": error_entries(result)}, headers=_etag(number))


@endpoint
async def get_score(request: Request, user) -> Response:
    unit = await unit_for(request, user)
    number = _version_param(request)
    scored = await run_in_threadpool(request.app.state.kpi.service.scored, unit, number)
    if scored is None:
        raise HttpError(codes.NOT_FOUND, f"unit '{unit}' has no version {number}")
    headers = _etag(scored.version.version) if scored.version else None
    return Response(report_json(scored.result), media_type="application/json", headers=headers)


@endpoint
async def get_history(request: Request, user) -> Response:
    unit = await unit_for(request, user)
    versions = await run_in_threadpool(request.app.state.kpi.service.db.history, unit)
    return json_response([v.history_entry() for v in versions])


ROUTES = [
    Route("/api/plan", get_plan, methods=["GET"]),
    Route("/api/units", get_units, methods=["GET"]),
    Route("/api/units/{unit}/evidence", get_evidence, methods=["GET"]),
    Route("/api/units/{unit}/evidence", put_evidence, methods=["PUT"]),
    Route("/api/units/{unit}/score", get_score, methods=["GET"]),
    Route("/api/units/{unit}/history", get_history, methods=["GET"]),
]
