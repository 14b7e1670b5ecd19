"""Where a request goes, read so that no header a client sends can make the reading fail."""

from __future__ import annotations

from starlette.requests import Request


def request_path(request: Request) -> str:
    """The decoded path, read from the ASGI scope: ``request.url`` re-parses the Host header,
    which a client can make unparsable."""
    path: str = request.scope.get("path", "/")
    return path
