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


def header_bytes(value: str) -> bytes:
    """A header value as the client sent it: the server decodes header bytes as latin-1, so
    encoding back gives them unchanged (any other text, as from a test, goes as UTF-8)."""
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass")


def same_secret(given: bytes, expected: bytes) -> bool:
    """Constant-time equality of two secrets of any length and content: compared as digests,
    so neither a non-ASCII character (a TypeError for compare_digest on str) nor a length
    difference changes the time taken."""
    return hmac.compare_digest(hashlib.sha256(given).digest(), hashlib.sha256(expected).digest())


def bearer_token(authorization: str | None) -> bytes | None:
    """The token of an ``Authorization: Bearer <token>`` header, as bytes (None: no bearer)."""
    if not authorization:
        return None
    scheme, _, given = authorization.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return header_bytes(given.strip())


def bearer_matches(token: str, authorization: str | None) -> bool:
    given = bearer_token(authorization)
    return given is not None and same_secret(given, token.encode("utf-8"))


def cookie_matches(token: str, cookie: str | None) -> bool:
    return cookie is not None and same_secret(
        header_bytes(cookie), session_value(token).encode("ascii")
    )


def form_token_matches(token: str, given: str) -> bool:
    """The login form's value (decoded from the form as UTF-8) against the token."""
    return same_secret(given.encode("utf-8", "surrogatepass"), token.encode("utf-8"))


def safe_next(target: str | None) -> str:
    """Where to go after logging in: a path of this site only (never //host or a scheme)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ord(c) < 32 or ord(c) == 127 for c in target):
        return "/"  # control characters have no place in a Location header
    return target
