"""A psycopg connection pool for long-lived processes (the web dashboard, later the scheduler)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo
from psycopg_pool import ConnectionPool, PoolTimeout

from storage.connection import CONNECT_TIMEOUT_SECONDS, describe
from storage.errors import DatabaseUnavailable
from storage.sql import query

logger = logging.getLogger(__name__)

Pool = ConnectionPool[psycopg.Connection[tuple[Any, ...]]]


def open_pool(
    url: str,
    *,
    application_name: str,
    min_size: int = 1,
    max_size: int = 4,
    timeout_seconds: float = 10.0,
) -> Pool:
    """An open pool whose first connection is made before it returns, so a wrong URL or a
    server that is down is reported at start (as :class:`DatabaseUnavailable`), not at the
    first request. Connections are checked before use: a restarted server costs one retry,
    not an error page."""
    conninfo = make_conninfo(
        url, application_name=application_name, connect_timeout=CONNECT_TIMEOUT_SECONDS
    )
    pool: Pool = ConnectionPool(
        conninfo,
        min_size=min_size,
        max_size=max_size,
        timeout=timeout_seconds,
        open=False,
        check=ConnectionPool.check_connection,
        name=application_name,
    )
    try:
        pool.open(wait=True, timeout=timeout_seconds)
    except Exception as exc:  # PoolTimeout hides the libpq message; say where we tried
        pool.close()
        raise DatabaseUnavailable(
            f"cannot connect to PostgreSQL at {describe(url)} within {timeout_seconds:.0f}s"
            " (set DATABASE_URL or --database-url, or start the server)"
        ) from exc
    logger.info("connection pool %s open on %s", application_name, describe(url))
    return pool


@contextmanager
def borrowed(
    pool: Pool, *, read_only: bool = False, statement_timeout_ms: int | None = None
) -> Iterator[psycopg.Connection[tuple[Any, ...]]]:
    """A connection of ``pool`` for one unit of work, rolled back afterwards unless the block
    committed; a server that went away (or a pool that is exhausted for its whole timeout)
    raises :class:`DatabaseUnavailable`, as a single connect would."""
    try:
        with pool.connection() as conn:
            conn.read_only = read_only
            try:
                if statement_timeout_ms is not None:
                    conn.execute(query("pool_statement_timeout"), {"ms": str(statement_timeout_ms)})
                yield conn
            finally:
                conn.rollback()
    except PoolTimeout as exc:
        raise DatabaseUnavailable(f"no database connection free or possible: {exc}") from exc
    except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise DatabaseUnavailable(f"PostgreSQL connection lost: {first}") from exc
