"""The ASGI application of ``kpi serve``: the rule set, the database, pages, API and static files.

`create_app(rules, db_path)` loads the rule set once (raising `RuleSetError`
like ``kpi score`` would) and opens or creates the database (schema and
migrations on first start).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from kpiengine import RuleSet, load_rules
from kpiengine.core.calendar import format_thai
from kpiengine.core.numbers import format_number, round_half_up
from kpiengine.web import api, pages
from kpiengine.web.auth import Accounts
from kpiengine.web.db import Database
from kpiengine.web.forms import IndicatorForm, indicator_forms
from kpiengine.web.service import Service

HERE = Path(__file__).parent

SECURITY_HEADERS = {
    b"content-security-policy": b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                b"frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    b"x-content-type-options": b"nosniff",
    b"x-frame-options": b"DENY",
    b"referrer-policy": b"same-origin",
    b"cache-control": b"no-store",
}


class SecurityHeaders:
    """Adds the headers above to every response (pages, API and static files)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def sending(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [
                    (k, v) for k, v in SECURITY_HEADERS.items() if k not in names]
            await send(message)

        await self.app(scope, receive, sending)


@dataclass
class KpiState:
    service: Service
    accounts: Accounts
    templates: Jinja2Templates
    forms: list[IndicatorForm]

    @property
    def forms_by_id(self) -> dict:
        return {f.id: f for f in self.forms}


def _score(value) -> str:
    return "-" if value is None else round_half_up(value, 4)


def _value(value, lang: str = "en") -> str:
    if value is None:
        return "-"
    if hasattr(value, "isoformat"):
        return format_thai(value) if lang == "th" else value.isoformat()
    return format_number(value, 4)


def templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["score"] = _score
    env.filters["value"] = _value
    env.filters["number"] = format_number
    return Jinja2Templates(env=env)


async def not_found(request: Request, exc) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": {"code": "not-found",
                                       "message": f"no such endpoint '{request.url.path}'"}}, status_code=404)
    return Response("not found", status_code=404, media_type="text/plain")


async def not_allowed(request: Request, exc) -> Response:
    return JSONResponse({"error": {"code": "bad-request",
                                   "message": f"method {request.method} is not allowed here"}}, status_code=405)


async def server_error(request: Request, exc: Exception) -> Response:
    """A bug of ours or a failing disk: said plainly, without a traceback (uvicorn logs it)."""
    message = f"internal error: {type(exc).__name__} (the server's log has the details; please report it)"
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": {"code": "internal", "message": message}}, status_code=500)
    return Response(message, status_code=500, media_type="text/plain")


def create_app(rules: str | RuleSet, db_path: str = "kpi.sqlite") -> Starlette:
    ruleset = load_rules(rules) if isinstance(rules, str) else rules
    db = Database(db_path)
    state = KpiState(Service(ruleset, db), Accounts(db), templates(), indicator_forms(ruleset))
    routes = api.ROUTES + pages.ROUTES + [Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")]
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)],
                    exception_handlers={404: not_found, 405: not_allowed, Exception: server_error})
    app.state.kpi = state
    return app
