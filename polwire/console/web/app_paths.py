"""The path a request asks for, as the router saw it."""

from __future__ import annotations

from starlette.requests import Request


def request_path(request: Request) -> str:
    """The decoded path from the ASGI scope, as the router matched it (``request.url`` would
    rebuild a whole URL around it from the Host header the client chose)."""
    path: str = request.scope.get("path", "/")
    return path
