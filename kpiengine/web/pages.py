"""The HTML pages: log in, the plan, a unit's evidence form and scores, the round overview, history.

Pages use a session cookie; every form carries the session's CSRF token (htmx
sends it as the ``X-CSRF-Token`` header too). A reporter sees only its own
unit (403 elsewhere); an anonymous visitor is sent to the login page.
"""

from __future__ import annotations

import secrets
from urllib.parse import quote, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from kpiengine import EvidenceFileError
from kpiengine.web import codes, i18n
from kpiengine.web.auth import SESSION_SECONDS, TooManyFailures, csrf_ok, may_see
from kpiengine.web.db import RoundClosed, StaleVersion
from kpiengine.web.evidence import MAX_UPLOAD_BYTES
from kpiengine.web.explain import explanations
from kpiengine.web.forms import body_from_form, carry_over, field_of, form_values
from kpiengine.web.http import HttpError, read_body
from kpiengine.web.http import address as client_address
from kpiengine.web.plan import plan_curves, plan_json
from kpiengine.web.reports import REPORTS, ROUND_REPORTS, TEMPLATES, UPLOADS

SESSION_COOKIE = "kpi_session"
LOGIN_COOKIE = "kpi_login_csrf"
LANG_COOKIE = "kpi_lang"


class LoginNeeded(Exception):
    pass


def kpi(request: Request):
    return request.app.state.kpi


def language(request: Request) -> str:
    return i18n.pick(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE))


def render(request: Request, template: str, status: int = 200, user=None, csrf: str = "", **values) -> Response:
    lang = language(request)
    other = "en" if lang == "th" else "th"
    query = dict(request.query_params)
    query["lang"] = other
    context = {"request": request, "_": i18n.translator(lang), "lang": lang,
               "fault": lambda problem: i18n.problem_text(problem, lang),
               "switch_url": quote(request.url.path, safe="/") + "?" + urlencode(query), "user": user, "csrf": csrf,
               "quote": quote, **values}
    response = kpi(request).templates.TemplateResponse(request, template, context, status_code=status)
    if request.query_params.get("lang") in i18n.LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, httponly=True, samesite="lax")
    return response


async def page_user(request: Request):
    found = await run_in_threadpool(kpi(request).accounts.session_user, request.cookies.get(SESSION_COOKIE))
    if found is None:
        raise LoginNeeded()
    return found


async def checked_form(request: Request, csrf: str, limit: int = 256 * 1024):
    """The submitted form, after its CSRF token was checked."""
    await read_body(request, limit)
    form = await request.form(max_part_size=limit)
    given = form.get("csrf") or request.headers.get("x-csrf-token")
    if not csrf_ok(csrf, given if isinstance(given, str) else None):
        raise HttpError(codes.CSRF, "the form was sent without a valid CSRF token")
    return form


def allowed_unit(request: Request, user) -> str:
    unit = request.path_params["unit"]
    if not may_see(user, unit):
        raise HttpError(codes.FORBIDDEN, f"user '{user.name}' may not see unit '{unit}'")
    if not kpi(request).service.unit_known(unit):
        raise HttpError(codes.NOT_FOUND, f"unknown unit '{unit}'")
    return unit


def page(handler):
    """Send anonymous visitors to the login page and show refusals as pages with their status."""
    async def wrapped(request: Request) -> Response:
        try:
            user, csrf = await page_user(request)
            return await handler(request, user, csrf)
        except LoginNeeded:
            target = "/login?" + urlencode({"next": request.url.path})
            if request.headers.get("hx-request"):
                return Response(status_code=401, headers={"HX-Redirect": target})
            return RedirectResponse(target, status_code=303)
        except HttpError as exc:
            words = i18n.translator(language(request))
            key = {"forbidden": "forbidden", "not-found": "not_found", "csrf": "csrf", "round-closed": "closed_msg"}.get(
                exc.code.code)
            return render(request, "error.html", exc.status, message=words(key) if key else exc.message,
                          detail=exc.message)
    return wrapped


# --- log in and out ----------------------------------------------------------------------------------


def _safe_next(target: str | None) -> str:
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


async def login_page(request: Request) -> Response:
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", login_csrf=token, next=_safe_next(request.query_params.get("next")))
    response.set_cookie(LOGIN_COOKIE, token, max_age=3600, httponly=True, samesite="strict")
    return response


async def login_submit(request: Request) -> Response:
    await read_body(request, 16 * 1024)
    form = await request.form()
    words = i18n.translator(language(request))
    target = _safe_next(form.get("next"))
    if not csrf_ok(request.cookies.get(LOGIN_COOKIE, ""), form.get("csrf")):
        return render(request, "login.html", 403, login_csrf=request.cookies.get(LOGIN_COOKIE, ""), next=target,
                      error=words("csrf"))
    name, password = str(form.get("username", "")), str(form.get("password", ""))
    try:
        user = await run_in_threadpool(kpi(request).accounts.login, name, password, client_address(request))
    except TooManyFailures:
        return render(request, "login.html", 429, login_csrf=form.get("csrf"), next=target, error=words("login_locked"))
    if user is None:
        return render(request, "login.html", 401, login_csrf=form.get("csrf"), next=target, error=words("login_failed"))
    token, _csrf = await run_in_threadpool(kpi(request).accounts.start_session, user)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, token, max_age=SESSION_SECONDS, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https")
    response.delete_cookie(LOGIN_COOKIE)
    return response


@page
async def logout(request: Request, user, csrf) -> Response:
    await checked_form(request, csrf)
    await run_in_threadpool(kpi(request).accounts.end_session, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


# --- pages -------------------------------------------------------------------------------------------


@page
async def home(request: Request, user, csrf) -> Response:
    if user.is_evaluator or not user.unit:
        return RedirectResponse("/units", status_code=303)
    return RedirectResponse("/units/" + quote(user.unit, safe=""), status_code=303)


@page
async def plan_page(request: Request, user, csrf) -> Response:
    ruleset = kpi(request).service.ruleset
    return render(request, "plan.html", user=user, csrf=csrf, book=plan_json(ruleset), ruleset=ruleset,
                  curves=plan_curves(ruleset, language(request)))


@page
async def overview(request: Request, user, csrf) -> Response:
    if not user.is_evaluator:
        if user.unit:
            return RedirectResponse("/units/" + quote(user.unit, safe=""), status_code=303)
        raise HttpError(codes.FORBIDDEN, f"user '{user.name}' may not see the round overview")
    service = kpi(request).service

    def work():
        return service.overview(service.db.units()), service.db.round_closed()

    rows, closed = await run_in_threadpool(work)
    return render(request, "overview.html", user=user, csrf=csrf, rows=rows, closed=closed,
                  indicator_count=len(service.ruleset.indicators), round_reports=ROUND_REPORTS)


def _messages_by_field(app, result, lang: str) -> tuple[dict, dict]:
    """Evidence errors (in the page's language) placed by the form field their key path names (else by
    indicator)."""
    by_field: dict = {}
    by_indicator: dict = {}
    for e in result.errors:
        key = field_of(tuple(e.location.path), app.forms_by_id)
        text = f"{i18n.problem_text(e, lang)} ({e.code})"
        if key:
            by_field.setdefault(key, []).append(text)
        else:
            by_indicator.setdefault(e.subject, []).append(text)
    return by_field, by_indicator


def unit_page(request: Request, user, csrf, unit: str, status: int = 200, typed: dict | None = None,
              notice: str | None = None, problem: str | None = None, saved=None) -> Response:
    app = kpi(request)
    service = app.service
    scored = service.scored(unit)
    result = scored.result if saved is None else saved
    stored = scored.version
    body = typed if typed is not None else (stored.data if stored else {})
    by_field, by_indicator = _messages_by_field(app, result, language(request)) if typed is None or saved else ({}, {})
    return render(request, "unit.html", status, user=user, csrf=csrf, unit=unit, forms=app.forms,
                  dimensions=service.ruleset.dimensions, values=form_values(app.forms, body),
                  version=stored.version if stored else 0, stored=stored, result=result,
                  explain=explanations(service.ruleset, result, language(request)), by_field=by_field,
                  by_indicator=by_indicator,
                  notice=notice, problem=problem, closed=service.db.round_closed(), uploads=UPLOADS, templates=TEMPLATES,
                  reports=REPORTS)


@page
async def unit_view(request: Request, user, csrf) -> Response:
    unit = await run_in_threadpool(allowed_unit, request, user)
    return await run_in_threadpool(unit_page, request, user, csrf, unit)


def _base(form) -> int | None:
    text = str(form.get("base_version", "")).strip()
    return int(text) if text.isdigit() else None


def _file_error(exc: EvidenceFileError, lang: str) -> str:
    """What `str(exc)` says (the first problem, located; how many more), its message in `lang`."""
    more = len(exc.problems) - 1
    return i18n.located_problem(exc.problem, lang) + (f" (and {more} more problem(s))" if more else "")


def _save(request, user, csrf, unit, do_save, typed):
    words = i18n.translator(language(request))
    try:
        number, result = do_save()
    except StaleVersion as exc:
        return unit_page(request, user, csrf, unit, 409, typed=typed, problem=words("stale", latest=exc.latest))
    except RoundClosed:
        return unit_page(request, user, csrf, unit, 409, typed=typed, problem=words("closed_msg"))
    except EvidenceFileError as exc:
        return unit_page(request, user, csrf, unit, 422, typed=typed,
                         problem=f"{words('file_errors')}: {_file_error(exc, language(request))} ({exc.problem.code})")
    scored = kpi(request).service.scored(unit, number)
    return unit_page(request, user, csrf, unit, notice=f"{words('saved')} {number}",
                     saved=scored.result if scored else None)


@page
async def save_form(request: Request, user, csrf) -> Response:
    unit = await run_in_threadpool(allowed_unit, request, user)
    form = await checked_form(request, csrf)
    app = kpi(request)
    base = _base(form)
    saved = await run_in_threadpool(app.service.db.version, unit, base) if base else None
    body = carry_over(body_from_form(app.forms, form), saved.data if saved else None)
    return await run_in_threadpool(_save, request, user, csrf, unit,
                                   lambda: app.service.save_body(unit, user.name, body, base), body)


@page
async def upload(request: Request, user, csrf) -> Response:
    unit = await run_in_threadpool(allowed_unit, request, user)
    words = i18n.translator(language(request))
    form = await checked_form(request, csrf, MAX_UPLOAD_BYTES + 64 * 1024)
    file = form.get("file")
    if file is None or isinstance(file, str) or not file.filename:
        return await run_in_threadpool(unit_page, request, user, csrf, unit, 400, None, None,
                                       "choose a YAML evidence file to upload")
    raw = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(raw) > MAX_UPLOAD_BYTES:
        return await run_in_threadpool(unit_page, request, user, csrf, unit, 413, None, None,
                                       f"{words('file_errors')}: the file is larger than {MAX_UPLOAD_BYTES:,} bytes")
    suffix = "." + file.filename.rsplit(".", 1)[-1].lower() if "." in file.filename else ""
    reader = UPLOADS.get(suffix)
    if reader is None:
        known = ", ".join(sorted(k for k, v in UPLOADS.items() if v))
        return await run_in_threadpool(unit_page, request, user, csrf, unit, 415, None, None,
                                       f"'{suffix or file.filename}' files cannot be uploaded (accepted: {known})")
    app = kpi(request)
    base = _base(form)
    return await run_in_threadpool(_save, request, user, csrf, unit,
                                   lambda: reader(app.service, unit, user.name, raw, file.filename, base), None)


@page
async def history(request: Request, user, csrf) -> Response:
    unit = await run_in_threadpool(allowed_unit, request, user)
    versions = await run_in_threadpool(kpi(request).service.db.history, unit)
    return render(request, "history.html", user=user, csrf=csrf, unit=unit, versions=list(reversed(versions)))


def _version_number(request) -> int | None:
    text = request.query_params.get("version", "")
    return int(text) if text.isdigit() else None


@page
async def report(request: Request, user, csrf) -> Response:
    unit = await run_in_threadpool(allowed_unit, request, user)
    fmt = request.path_params["format"]
    maker = REPORTS.get(fmt)
    if maker is None:
        raise HttpError(codes.NOT_FOUND, f"no '{fmt}' report (formats: {', '.join(sorted(REPORTS))})")
    scored = await run_in_threadpool(kpi(request).service.scored, unit, _version_number(request))
    if scored is None:
        raise HttpError(codes.NOT_FOUND, f"unit '{unit}' has no such version")
    content, media = maker(scored.result)
    name = f"kpi-{scored.result.plan}-v{scored.version.version if scored.version else 0}.{fmt}"
    return Response(content, media_type=media,
                    headers={"Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"})


@page
async def evidence_file(request: Request, user, csrf) -> Response:
    unit = await run_in_threadpool(allowed_unit, request, user)
    stored = await run_in_threadpool(kpi(request).service.db.version, unit, _version_number(request))
    if stored is None:
        raise HttpError(codes.NOT_FOUND, f"unit '{unit}' has no such version")
    return PlainTextResponse(stored.source_text, media_type="application/yaml; charset=utf-8",
                             headers={"Content-Disposition": f"attachment; filename=\"evidence-v{stored.version}.yaml\""})


@page
async def round_action(request: Request, user, csrf) -> Response:
    await checked_form(request, csrf)
    if not user.is_evaluator:
        raise HttpError(codes.FORBIDDEN, f"user '{user.name}' may not close or open the round")
    action = request.path_params["action"]
    if action not in ("close", "open"):
        raise HttpError(codes.NOT_FOUND, f"unknown round action '{action}'")
    await run_in_threadpool(kpi(request).service.db.set_round, action, user.name)
    return RedirectResponse("/units", status_code=303)


def _download(content, media, name) -> Response:
    return Response(content, media_type=media,
                    headers={"Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"})


@page
async def round_report(request: Request, user, csrf) -> Response:
    if not user.is_evaluator:
        raise HttpError(codes.FORBIDDEN, f"user '{user.name}' may not see the round's report")
    fmt = request.path_params["format"]
    maker = ROUND_REPORTS.get(fmt)
    if maker is None:
        raise HttpError(codes.NOT_FOUND, f"no '{fmt}' round report (formats: {', '.join(sorted(ROUND_REPORTS))})")
    service = kpi(request).service

    def work():
        return [(unit, service.scored(unit).result) for unit in service.db.units()]

    content, media = maker(await run_in_threadpool(work))
    return _download(content, media, f"kpi-{service.plan_id}-round.{fmt}")


@page
async def template(request: Request, user, csrf) -> Response:
    fmt = request.path_params["format"]
    maker = TEMPLATES.get(fmt)
    if maker is None:
        raise HttpError(codes.NOT_FOUND, f"no '{fmt}' evidence template yet")
    service = kpi(request).service
    units = service.db.units() if user.is_evaluator else [user.unit]
    content, media = maker(service.ruleset, units)
    return _download(content, media, f"kpi-{service.plan_id}-template.{fmt}")


ROUTES = [
    Route("/", home, methods=["GET"]),
    Route("/login", login_page, methods=["GET"]),
    Route("/login", login_submit, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/plan", plan_page, methods=["GET"]),
    Route("/units", overview, methods=["GET"]),
    Route("/units/{unit}", unit_view, methods=["GET"]),
    Route("/units/{unit}/evidence", save_form, methods=["POST"]),
    Route("/units/{unit}/upload", upload, methods=["POST"]),
    Route("/units/{unit}/history", history, methods=["GET"]),
    Route("/units/{unit}/evidence.yaml", evidence_file, methods=["GET"]),
    Route("/units/{unit}/report.{format}", report, methods=["GET"]),
    Route("/round/report.{format}", round_report, methods=["GET"]),
    Route("/template.{format}", template, methods=["GET"]),
    Route("/round/{action:str}", round_action, methods=["POST"]),
]
