"""Makes the search vectors of stored articles after their batch has committed.

Computing a vector is PostgreSQL's text parser over the whole body (about 0.8 ms for 3 KB):
inside the store transaction it held the store lock for most of a batch. A stored article's
``search_vector`` is NULL until :func:`index_pending` fills it; search meanwhile matches it
from its text (migration 0008), so a search never misses what has been stored.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import psycopg

from polwire.storage.connection import connect
from polwire.storage.errors import DatabaseUnavailable
from polwire.storage.sql import query

logger = logging.getLogger(__name__)

# Rows per transaction: short enough that a crawl storing at the same time never waits long
# for a row lock, long enough that a statement's overhead is nothing next to the parsing.
INDEX_BATCH = 500


def index_pending(
    conn: psycopg.Connection[Any],
    *,
    batch_size: int = INDEX_BATCH,
    stop: Callable[[], bool] | None = None,
) -> int:
    """Index every article waiting for its search vector, ``batch_size`` per transaction.

    Returns how many were indexed. ``stop`` is asked between batches. Rows another indexer
    holds are left to it.
    """
    total = 0
    while stop is None or not stop():
        with conn.transaction():
            done = conn.execute(query("search_index_pending"), {"limit": batch_size}).rowcount
        total += max(done, 0)
        if done < batch_size:
            break
    return total


def pending_count(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute(query("search_pending_count")).fetchone()
    return int(row[0]) if row else 0


class BackgroundIndexer:
    """Indexes pending articles on its own connection, in a thread woken after each batch.

    A crawl's store pipeline stores a batch, then calls :meth:`wake` and goes back to the
    crawl; :meth:`close` indexes what is left before the crawl ends. Failures (the database
    gone) are logged and retried at the next wake: rows stay pending, never lost.
    """

    def __init__(self, database_url: str, *, name: str = "polwire-search-index") -> None:
        self._url = database_url
        self._wanted = threading.Event()
        self._closing = False
        self._deadline: float | None = None
        self._conn: psycopg.Connection[Any] | None = None
        self.indexed = 0
        self.failures = 0
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wanted.set()

    def close(self, timeout: float | None = None) -> bool:
        """Index what is pending, then stop; False if that took longer than ``timeout``
        (indexing then stops after its current batch: the rest stays pending)."""
        if timeout is not None:
            self._deadline = time.monotonic() + timeout
        self._closing = True
        self._wanted.set()
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _past_deadline(self) -> bool:
        return self._deadline is not None and time.monotonic() > self._deadline

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            closing = self._closing
            self._index_once()
            if closing:
                break
        if self._conn is not None:
            self._conn.close()

    def _index_once(self) -> None:
        try:
            if self._conn is None or self._conn.closed:
                self._conn = connect(self._url)
            self.indexed += index_pending(self._conn, stop=self._past_deadline)
        except (psycopg.Error, DatabaseUnavailable) as exc:
            self.failures += 1
            # Pending rows stay NULL: the next crawl, search and housekeeping still see them.
            logger.warning("search indexing paused: %s", str(exc).strip().splitlines()[0])
            if self._conn is not None:
                self._conn.close()
            self._conn = None
