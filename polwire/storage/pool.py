"""A psycopg connection pool for long-lived processes (the web dashboard, later the scheduler)."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo
from psycopg_pool import ConnectionPool, PoolTimeout

from polwire.storage.connection import CONNECT_TIMEOUT_SECONDS, describe
from polwire.storage.errors import DatabaseUnavailable
from polwire.storage.sql import query

logger = logging.getLogger(__name__)

Pool = ConnectionPool[psycopg.Connection[tuple[Any, ...]]]

# For a pool of short read-only requests (the dashboard): no JIT and no parallel workers, whose
# start-up (about 50 ms of compiling; as much again to start workers on a busy machine) costs
# more than they save on queries that the planner's cost estimates only make look big; no
# writes; and a time limit, so one slow query cannot pile requests up behind it.
READ_ONLY_REQUESTS = {
    "default_transaction_read_only": "on",
    "jit": "off",
    "max_parallel_workers_per_gather": "0",
    "statement_timeout": "15s",
}


def open_pool(
    url: str,
    *,
    application_name: str,
    min_size: int = 1,
    max_size: int = 4,
    timeout_seconds: float = 10.0,
    autocommit: bool = False,
    session_settings: Mapping[str, str] | None = None,
) -> Pool:
    """An open pool whose first connection is made before it returns, so a wrong URL or a
    server that is down is reported at start (as :class:`DatabaseUnavailable`), not at the
    first request. ``session_settings`` are set once per connection, when it is made: a
    request then costs only its own statements' round trips (``autocommit`` saves the BEGIN
    and the ROLLBACK too, for callers that need no transaction)."""
    conninfo = make_conninfo(
        url, application_name=application_name, connect_timeout=CONNECT_TIMEOUT_SECONDS
    )
    names, values = list((session_settings or {}).keys()), list((session_settings or {}).values())

    def configure(conn: psycopg.Connection[tuple[Any, ...]]) -> None:
        if names:
            conn.execute(query("pool_session_settings"), {"names": names, "values": values})
            conn.commit()
        conn.autocommit = autocommit

    pool: Pool = ConnectionPool(
        conninfo,
        min_size=min_size,
        max_size=max_size,
        timeout=timeout_seconds,
        open=False,
        configure=configure,
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
def borrowed(pool: Pool) -> Iterator[psycopg.Connection[tuple[Any, ...]]]:
    """A connection of ``pool`` for one unit of work (the pool commits or rolls back a
    transaction the block leaves open). A server that went away, or a pool exhausted for its
    whole timeout, raises :class:`DatabaseUnavailable`, as a single connect would; a broken
    connection is not given back to the pool, so a restarted server costs each pooled
    connection one failed request, not a check before every request."""
    try:
        with pool.connection() as conn:
            yield conn
    except PoolTimeout as exc:
        raise DatabaseUnavailable(f"no database connection free or possible: {exc}") from exc
    except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise DatabaseUnavailable(f"PostgreSQL connection lost: {first}") from exc
