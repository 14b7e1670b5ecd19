"""A logging handler that ships a crawl's log to PostgreSQL in chunks (run_log_chunks), so the
log of a run on any machine can be read from any other; the local file is written as before."""

from __future__ import annotations

import contextlib
import logging
import threading
from typing import Any

from polwire.storage.connection import connect
from polwire.storage.outage import is_outage
from polwire.storage.run_logs import append_log_chunk

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 1.0
CHUNK_CHARS = 64 * 1024
MAX_BACKLOG_CHARS = 8 * 1024 * 1024  # while PostgreSQL is away; older text is then dropped


class RunLogShipper(logging.Handler):
    """Buffers formatted records and writes them, one chunk a second at most, from a thread of
    its own (a slow database never holds up the crawl); ``close()`` ships what is left."""

    def __init__(self, database_url: str, run_id: int, level: int | str = logging.INFO) -> None:
        super().__init__(level)
        self.database_url = database_url
        self.run_id = run_id
        self._pending: list[str] = []
        self._pending_chars = 0
        self._dropped_chars = 0
        self._seq = 0
        self._conn: Any = None
        self._wake = threading.Condition()
        self._closing = False
        self._thread = threading.Thread(target=self._run, name=f"log-shipper-{run_id}", daemon=True)
        self._thread.start()

    def emit(self, record: logging.LogRecord) -> None:
        if threading.current_thread() is self._thread:
            return  # the shipper's own messages (a failing write) would feed themselves
        try:
            line = self.format(record) + "\n"
        except Exception:
            self.handleError(record)
            return
        with self._wake:
            self._pending.append(line)
            self._pending_chars += len(line)
            if self._pending_chars >= CHUNK_CHARS:
                self._wake.notify()

    def emit_text(self, text: str) -> None:
        """Ship text already formatted (the lines the file got before this handler)."""
        if text:
            with self._wake:
                self._pending.append(text)
                self._pending_chars += len(text)

    def close(self) -> None:
        with self._wake:
            self._closing = True
            self._wake.notify()
        self._thread.join(timeout=15)
        if self._conn is not None:
            with contextlib.suppress(Exception):  # closing a dead connection
                self._conn.close()
        super().close()

    def _run(self) -> None:
        while True:
            with self._wake:
                if not self._closing:
                    self._wake.wait(FLUSH_SECONDS)
                closing = self._closing
            self._ship()
            if closing:
                return

    def _ship(self) -> None:
        with self._wake:
            if not self._pending:
                return
            text = "".join(self._pending)
            self._pending.clear()
            self._pending_chars = 0
        if self._dropped_chars:
            text = f"[{self._dropped_chars} characters of log not shipped]\n" + text
            self._dropped_chars = 0
        try:
            if self._conn is None:
                self._conn = connect(self.database_url)
            for start in range(0, len(text), CHUNK_CHARS):
                self._seq += 1
                append_log_chunk(
                    self._conn, self.run_id, self._seq, text[start : start + CHUNK_CHARS]
                )
        except Exception as exc:
            self._conn = None
            if not is_outage(exc):
                logger.warning("run %d: log not shipped to PostgreSQL: %s", self.run_id, exc)
            self._keep(text)

    def _keep(self, text: str) -> None:
        """Put unshipped text back in front for the next try, within the backlog's bound."""
        with self._wake:
            self._pending.insert(0, text)
            self._pending_chars += len(text)
            while self._pending_chars > MAX_BACKLOG_CHARS and len(self._pending) > 1:
                dropped = self._pending.pop(0)
                self._pending_chars -= len(dropped)
                self._dropped_chars += len(dropped)
