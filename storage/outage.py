"""Tells a database that cannot be reached (spool and retry) from a statement that failed."""

from __future__ import annotations

import psycopg

from storage.errors import DatabaseUnavailable


def is_outage(exc: BaseException) -> bool:
    """True when ``exc`` means PostgreSQL is down or the connection was lost.

    A bad row (``psycopg.DataError``, a constraint) is not an outage: spooling it
    would only fail again at drain time, so it must surface as the error it is.
    """
    return isinstance(exc, (DatabaseUnavailable, psycopg.OperationalError, psycopg.InterfaceError))
