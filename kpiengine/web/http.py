"""HTTP helpers shared by pages and the API: bounded bodies, JSON errors, the caller's address."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kpiengine import EvidenceFileError
from kpiengine.web import codes

MAX_BODY_BYTES = 2 * 1024 * 1024  # any request body; uploads are checked again against MAX_UPLOAD_BYTES


class HttpError(Exception):
    """A refusal of `kpiengine.web.codes`: its slug, status and a message."""

    def __init__(self, code: codes.Refusal, message: str, status: int | None = None, headers: dict | None = None,
                 **extra):
        self.code, self.message = code, message
        self.status = status or code.status
        self.headers = headers or {}
        self.extra = extra
        super().__init__(message)

    def to_json(self) -> dict:
        return {"error": {"code": self.code.code, "message": self.message, **self.extra}}


def error_response(exc: HttpError) -> Response:
    return JSONResponse(exc.to_json(), status_code=exc.status, headers=exc.headers)


def evidence_error(exc: EvidenceFileError) -> Response:
    """An evidence document the library refuses (what ``kpi score`` exits 2 for)."""
    problem = exc.problem
    where = problem.location
    body = {"error": {"code": problem.code, "name": problem.name, "message": problem.message, "file": where.file,
                      "line": where.line, "column": where.column, "text": str(problem)}}
    return JSONResponse(body, status_code=codes.EVIDENCE_STATUS)


def json_response(data, status: int = 200, headers: dict | None = None) -> Response:
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return Response(text, status_code=status, media_type="application/json", headers=headers)


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The request body, refused (413) past `limit` bytes, whether or not it says its length."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HttpError(codes.TOO_LARGE, f"the request is too large ({int(declared):,} bytes; at most {limit:,})")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HttpError(codes.TOO_LARGE, f"the request is too large (more than {limit:,} bytes)")
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body  # Starlette's form parser reads the cached body
    return body


def address(request: Request) -> str:
    return request.client.host if request.client else "unknown"
