"""One scheduler per database: a PostgreSQL advisory lock held on a dedicated connection."""

from __future__ import annotations

import contextlib
import logging

import psycopg
from psycopg.conninfo import make_conninfo

from polwire.storage.connection import connect
from polwire.storage.sql import query

logger = logging.getLogger(__name__)

# Any fixed number, distinct from storage.migrate's; advisory locks are per database.
SCHEDULER_LOCK_KEY = 7_400_931_002


class DatabaseLock:
    """A session-level advisory lock: held while its connection lives, freed by the server
    the moment the holder's connection closes (a killed process included)."""

    def __init__(self, url: str, *, application_name: str, key: int = SCHEDULER_LOCK_KEY) -> None:
        self.url = url
        self.key = key
        self.application_name = application_name
        self._conn: psycopg.Connection[tuple[object, ...]] | None = None
        self.held = False

    def try_acquire(self) -> bool:
        """Take the lock if it is free; raises DatabaseUnavailable when the server is down."""
        if self.held and self.still_held():
            return True
        self.close()
        conn = connect(
            make_conninfo(self.url, application_name=self.application_name), autocommit=True
        )
        try:
            conn.execute(query("leader_keepalive"))
            row = conn.execute(query("leader_try_lock"), {"key": self.key}).fetchone()
        except BaseException:
            conn.close()
            raise
        if row is not None and row[0] is True:
            self._conn = conn
            self.held = True
            return True
        conn.close()
        return False

    def still_held(self) -> bool:
        """False once the lock's connection is gone (a database restart ends the session)."""
        if self._conn is None or not self.held:
            return False
        try:
            self._conn.execute("SELECT 1")
            return True
        except psycopg.Error:
            self.close()
            return False

    def holder(self) -> str | None:
        """Who holds the lock, for a standby's log line (None if nobody or unknown)."""
        classid, objid = self.key >> 32, self.key & 0xFFFFFFFF
        try:
            with connect(self.url, autocommit=True) as conn:
                row = conn.execute(
                    query("leader_holder"), {"classid": classid, "objid": objid}
                ).fetchone()
        except Exception:  # only used for a message
            return None
        if row is None:
            return None
        name, client, pid, since = row
        where = f" from {client}" if client else ""
        return f"{name or 'a session'}{where} (backend pid {pid}, connected since {since})"

    def release(self) -> None:
        if self._conn is not None and self.held:
            with contextlib.suppress(psycopg.Error):  # gone with its session otherwise
                self._conn.execute(query("leader_unlock"), {"key": self.key})
        self.close()

    def close(self) -> None:
        self.held = False
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None
