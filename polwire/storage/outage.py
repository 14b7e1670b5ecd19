"""Tells a database that cannot be reached (spool and retry) from a statement that failed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg

from polwire.storage.errors import DatabaseUnavailable


def is_outage(exc: BaseException) -> bool:
    """True when ``exc`` means PostgreSQL is down or the connection was lost.

    A bad row (``psycopg.DataError``, a constraint) is not an outage: spooling it
    would only fail again at drain time, so it must surface as the error it is.
    """
    return isinstance(exc, (DatabaseUnavailable, psycopg.OperationalError, psycopg.InterfaceError))


@dataclass(slots=True)
class Outage:
    """What `tolerating_outage` caught: the error of an unreachable database, if any."""

    error: BaseException | None = None


@contextmanager
def tolerating_outage() -> Iterator[Outage]:
    """Run a block that talks to PostgreSQL; an outage ends the block and is kept in the
    yielded `Outage` for the caller to spool, postpone or report; any other error goes on.

        with tolerating_outage() as outage:
            with connect(url) as conn:
                return prune_index(conn)
        note(outage.error)   # reached only when the database was unreachable
    """
    outage = Outage()
    try:
        yield outage
    except Exception as exc:
        if not is_outage(exc):
            raise
        outage.error = exc
