"""One error shape for the API, ``{"error": {"code": ..., "message": ...}}``, and an HTML page of the
same message for the pages: a user's mistake is a 4xx with one line, never a traceback."""
from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from newsgraph.errors import BadOption, BadRange, NewsgraphError, UnknownActor

STATUS_OF = ((UnknownActor, 404, "unknown_actor"), (BadRange, 400, "bad_range"), (BadOption, 400, "bad_option"),
             (NewsgraphError, 400, "bad_request"))
HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 400: "bad_request", 422: "invalid_parameter"}


class NotFound(NewsgraphError):
    """The article (or another record) a request names is not in the store."""


def error_response(request: Request, status: int, code: str, message: str):
    """JSON under /api/ and for the OpenAPI document, an HTML page elsewhere."""
    if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"status": status, "code": code, "message": message},
                                      status_code=status)


def validation_message(error: RequestValidationError) -> str:
    parts = []
    for detail in error.errors()[:3]:
        where = ".".join(str(part) for part in detail.get("loc", ()) if part not in ("query", "path"))
        parts.append(f"{where}: {detail.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError):
        return error_response(request, 422, "invalid_parameter", validation_message(error))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException):
        return error_response(request, error.status_code, HTTP_CODES.get(error.status_code, "http_error"),
                              str(error.detail))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound):
        return error_response(request, 404, "not_found", str(error))

    @app.exception_handler(NewsgraphError)
    async def mistake(request: Request, error: NewsgraphError):
        status, code = next((status, code) for kind, status, code in STATUS_OF if isinstance(error, kind))
        return error_response(request, status, code, str(error))

