"""Builds the ASGI app: routes, the token gate, security headers, errors as JSON or a page."""

from __future__ import annotations

import logging
import math
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from polwire.console.web import api, pages
from polwire.console.web.app_paths import request_path
from polwire.console.web.auth import (
    COOKIE_NAME,
    bearer_matches,
    bearer_token,
    cookie_matches,
    is_open_path,
    safe_next,
)
from polwire.console.web.login_guard import LoginGuard, client_of
from polwire.console.web.metrics import MetricsPage
from polwire.console.web.rendering import environment
from polwire.console.web.state import WebSettings, WebState
from polwire.storage.errors import DatabaseUnavailable
from polwire.storage.pool import Pool

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
# Scripts and styles only from this site's files: a stored title that carries markup cannot
# run even if something forgot to escape it. Inline SVG charts use attributes, not style.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
MAX_QUERY_STRING = 8 * 1024  # the longest search is 1,000 characters; more is not a query


def create_app(settings: WebSettings, pool: Pool) -> FastAPI:
    app = FastAPI(
        title="polwire",
        summary="The archive's crawl runs, sources, articles and stories, read-only.",
        version="1",
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI loads its script from a CDN: not under this CSP
        redoc_url=None,
    )
    app.state.web = WebState(settings, pool)
    app.state.templates = environment()
    app.state.metrics = MetricsPage(app.state.web.connection, settings.home)
    app.state.logins = LoginGuard()
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _install_errors(app)
    _install_gate(app, settings.token)
    return app


def wants_json(request: Request) -> bool:
    path = request_path(request)
    return path.startswith("/api/") or path in ("/metrics", "/healthz")


def too_many_tries(request: Request, wait: float) -> Response:
    """429 while a client that failed to log in too often must wait."""
    seconds = max(1, math.ceil(wait))
    response = error_response(
        request, 429, f"too many failed logins from this address: try again in {seconds} s"
    )
    response.headers["Retry-After"] = str(seconds)
    return response


def error_response(request: Request, status: int, message: str) -> Response:
    if wants_json(request):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    html = request.app.state.templates.get_template("error.html").render(
        status=status, message=message, title=f"{status}", **_page_basics(request)
    )
    return HTMLResponse(html, status_code=status)


def _page_basics(request: Request) -> dict[str, object]:
    return {
        "request_path": request_path(request),
        "now": datetime.now(UTC),
        "token_required": request.app.state.web.settings.token is not None,
    }


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error_response(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for error in exc.errors()[:3]:
            where = ".".join(str(p) for p in error.get("loc", ())[1:]) or "request"
            problems.append(f"{where}: {error.get('msg', 'invalid')}")
        return error_response(request, 400, "; ".join(problems) or "bad request")

    @app.exception_handler(DatabaseUnavailable)
    async def database_down(request: Request, exc: DatabaseUnavailable) -> Response:
        return error_response(request, 503, str(exc).splitlines()[0])

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        # The traceback goes to the server's log, never to the client.
        logger.error("%s %s failed", request.method, request_path(request), exc_info=exc)
        return error_response(request, 500, "internal error (see the server's log)")


def _install_gate(app: FastAPI, token: str | None) -> None:
    @app.middleware("http")
    async def gate(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        try:
            response = await _gated(request, call_next, token)
        except Exception as exc:  # here too, so even a failure gets the security headers
            logger.error("%s %s failed", request.method, request_path(request), exc_info=exc)
            status = 503 if isinstance(exc, DatabaseUnavailable) else 500
            message = (
                str(exc).splitlines()[0]
                if status == 503
                else "internal error (see the server's log)"
            )
            response = error_response(request, status, message)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


async def _gated(
    request: Request, call_next: Callable[[Request], Awaitable[Response]], token: str | None
) -> Response:
    query = request.scope.get("query_string", b"")
    if len(query) > MAX_QUERY_STRING:
        return error_response(request, 414, f"query string over {MAX_QUERY_STRING} bytes")
    if b"%00" in query or b"\x00" in query:
        return error_response(request, 400, "NUL characters are not allowed in a query")
    if "\x00" in request_path(request):
        # PostgreSQL text cannot hold NUL: refused here, not as a failed query in a handler.
        return error_response(request, 400, "NUL characters are not allowed in a path")
    if token is None or is_open_path(request_path(request)):
        return await call_next(request)
    if cookie_matches(token, request.cookies.get(COOKIE_NAME)):
        return await call_next(request)
    authorization = request.headers.get("authorization")
    if bearer_token(authorization) is not None:
        guard: LoginGuard = request.app.state.logins
        client = client_of(request)
        wait = guard.wait_left(client)
        if wait > 0:
            return too_many_tries(request, wait)
        if bearer_matches(token, authorization):
            guard.succeeded(client)
            return await call_next(request)
        guard.failed(client, "bearer token")
    response: Response
    if wants_json(request) or request.method != "GET":
        response = JSONResponse(
            {"error": "authentication required: send Authorization: Bearer <token>", "status": 401},
            status_code=401,
        )
    else:
        query_text = query.decode("latin-1")
        target = request_path(request) + (f"?{query_text}" if query_text else "")
        html = request.app.state.templates.get_template("login.html").render(
            next=safe_next(target), failed=False, title="Log in", **_page_basics(request)
        )
        response = HTMLResponse(html, status_code=401)
    response.headers["WWW-Authenticate"] = 'Bearer realm="polwire"'
    return response
