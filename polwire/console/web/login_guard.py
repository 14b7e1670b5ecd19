"""Failed logins slowed per client: after a few free tries, each failure locks the client out
for twice as long as the last, up to a ceiling; kept in memory, forgotten after a quiet hour."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.requests import Request

logger = logging.getLogger(__name__)

FREE_TRIES = 3  # typos: no wait before the fourth try
FIRST_WAIT_SECONDS = 1.0
MAX_WAIT_SECONDS = 300.0  # at the ceiling, about twelve guesses an hour
FORGET_AFTER_SECONDS = 3600.0
MAX_CLIENTS = 10_000  # the oldest are forgotten first: memory stays bounded under a flood


@dataclass(slots=True)
class _Record:
    failures: int
    last_failure: float
    locked_until: float


class LoginGuard:
    """Failures in a row per client address, and until when each must wait."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._records: OrderedDict[str, _Record] = OrderedDict()
        # Its callers (the gate, the async login handler) check and count with no await in
        # between, so concurrent guesses are counted one by one; the lock keeps that true for
        # a caller in the thread pool too.
        self._lock = threading.Lock()

    def wait_left(self, client: str) -> float:
        """Seconds before ``client`` may try again (0: now)."""
        now = self._clock()
        with self._lock:
            record = self._fresh(client, now)
            return max(0.0, record.locked_until - now) if record else 0.0

    def failed(self, client: str, how: str) -> float:
        """Count a failed try; returns the wait it earned, and logs one line naming the client."""
        now = self._clock()
        with self._lock:
            record = self._fresh(client, now) or _Record(0, now, now)
            record.failures += 1
            record.last_failure = now
            wait = wait_after(record.failures)
            record.locked_until = now + wait
            self._records[client] = record
            self._records.move_to_end(client)
            while len(self._records) > MAX_CLIENTS:
                self._records.popitem(last=False)
            failures = record.failures
        logger.warning(
            "failed login from %s (%s): %d in a row, next try allowed in %.0f s",
            client,
            how,
            failures,
            wait,
        )
        return wait

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._records.pop(client, None)

    def _fresh(self, client: str, now: float) -> _Record | None:
        record = self._records.get(client)
        if record is not None and now - record.last_failure > FORGET_AFTER_SECONDS:
            del self._records[client]
            return None
        return record


def wait_after(failures: int) -> float:
    """The lockout after ``failures`` failed tries in a row: 0 for the free tries, then 1 s,
    2 s, 4 s ... up to MAX_WAIT_SECONDS."""
    if failures <= FREE_TRIES:
        return 0.0
    doublings = min(failures - FREE_TRIES - 1, 30)
    return min(FIRST_WAIT_SECONDS * float(2**doublings), MAX_WAIT_SECONDS)


def client_of(request: Request) -> str:
    """The address a request came from (behind a reverse proxy: the proxy's, so every client
    shares one record; see docs/security-web.md)."""
    return request.client.host if request.client else "unknown"
