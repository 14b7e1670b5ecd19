"""Writes a watch pass's checks to PostgreSQL in batches, and counts them in the run's stats."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from polwire.core import stat_keys
from polwire.storage.connection import connect
from polwire.storage.outage import tolerating_outage
from polwire.storage.watch import CheckRecord, record_checks

logger = logging.getLogger(__name__)

BATCH_SIZE = 200


class CheckLedger:
    """The checks of one pass: counted at once (the run's figures), stored a batch at a time."""

    def __init__(
        self,
        database_url: str,
        count: Callable[[str, int], None],
        run_id: Callable[[], int | None],
    ) -> None:
        self.database_url = database_url
        self.count = count
        self.run_id = run_id
        self.pending: list[CheckRecord] = []
        self.conn: Any = None
        self.lost = 0  # checks not stored (PostgreSQL went away)

    def add(self, check: CheckRecord) -> None:
        self.count(stat_keys.WATCH_CHECKED, 1)
        self.count(stat_keys.WATCH + check.outcome, 1)
        if check.outcome == "gone":
            key = stat_keys.WATCH_CONFIRMED if check.confirmed else stat_keys.WATCH_UNCONFIRMED
            if check.confirmed or check.gone_at is None:
                self.count(key, 1)
        if check.outcome == "unchanged" and check.http_status == 304:
            self.count(stat_keys.WATCH_NOT_MODIFIED, 1)
        self.pending.append(check)
        if len(self.pending) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        with tolerating_outage() as outage:
            if self.conn is None:
                self.conn = connect(self.database_url)
            record_checks(self.conn, batch, run_id=self.run_id())
        if outage.error is not None:
            # A check is only a look: the next pass looks again.
            self.lost += len(batch)
            self.count(stat_keys.WATCH_LOST, len(batch))
            logger.warning("%d checks not stored: %s", len(batch), outage.error)
            self.close()

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()
            finally:
                self.conn = None
