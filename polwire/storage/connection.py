"""Open connections to PostgreSQL with errors naming host and database (which PostgreSQL to
use: storage.database_url)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from polwire.storage.errors import DatabaseUnavailable

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 5


def describe(url: str) -> str:
    """``host:port/dbname`` of a libpq URL or DSN, never its password."""
    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "<unparsable database URL>"
    host = str(params.get("host") or "localhost")
    if host.startswith("/"):
        host = f"socket {host}"
    port = params.get("port")
    where = f"{host}:{port}" if port and not host.startswith("socket") else host
    return f"{where}/{params.get('dbname') or params.get('user') or os.environ.get('USER', '')}"


def redact(url: str) -> str:
    """``url`` (a URL or a key=value DSN) with its password, if any, replaced by ``***``."""
    from urllib.parse import urlsplit, urlunsplit

    if "://" in url:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        netloc = parts.netloc.rsplit("@", 1)[1]
        return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{netloc}"))
    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "<unparsable database URL>"
    if "password" in params:
        params["password"] = "***"
    return make_conninfo("", **params)


def connect(url: str, *, autocommit: bool = False) -> psycopg.Connection[tuple[object, ...]]:
    """Open a connection, turning every connection failure into :class:`DatabaseUnavailable`."""
    try:
        return psycopg.connect(url, autocommit=autocommit, connect_timeout=CONNECT_TIMEOUT_SECONDS)
    except psycopg.OperationalError as exc:
        raise DatabaseUnavailable(
            f"cannot connect to PostgreSQL at {describe(url)}: {_first_line(exc)}"
            " (set DATABASE_URL or --database-url, or start the server)"
        ) from exc
    except psycopg.ProgrammingError as exc:
        raise DatabaseUnavailable(f"invalid database URL: {_first_line(exc)}") from exc


@contextmanager
def connection(url: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """A connection that is closed on exit (commit or roll back is the caller's block)."""
    conn = connect(url)
    try:
        yield conn
    finally:
        conn.close()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    # libpq says 'connection to server at "h", port p failed: <cause>' (once per address).
    lines = [line for line in text.splitlines() if "failed: " in line]
    if lines:
        cause = lines[-1].rsplit("failed: ", 1)[-1]
    else:
        cause = (text.splitlines() or [type(exc).__name__])[0]
    if "password" in cause.lower() and "=" in cause:
        return "authentication failed"
    return cause.strip()
