"""The token gate: a bearer header, or the session cookie the login form sets."""

from __future__ import annotations

import hashlib
import hmac

COOKIE_NAME = "polwire_session"
# Reachable without the token: liveness for probes, the login form and what it needs.
OPEN_PATHS = ("/healthz", "/login", "/static/")


def session_value(token: str) -> str:
    """What the cookie holds: derived from the token, so the token itself is never stored in
    the browser, and it changes when the token does."""
    return hmac.new(token.encode(), b"polwire web session", hashlib.sha256).hexdigest()


def is_open_path(path: str) -> bool:
    return any(path == p or (p.endswith("/") and path.startswith(p)) for p in OPEN_PATHS)


def authorized(token: str, authorization: str | None, cookie: str | None) -> bool:
    if authorization:
        scheme, _, given = authorization.partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token):
            return True
    return cookie is not None and hmac.compare_digest(cookie, session_value(token))


def safe_next(target: str | None) -> str:
    """Where to go after logging in: a path of this site only (never //host or a scheme)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
