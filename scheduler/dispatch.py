"""Sends crawls to the cluster: a crawl_dispatches row, then a task on the broker. The
scheduler's crawl jobs use it when a broker is configured, and so does `polwire crawl --queue`."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from polwire.cluster.app import send_crawl, send_dispatch, send_import
from polwire.storage.cluster import Dispatch, create_dispatch, create_import_dispatch, open_dispatch
from polwire.storage.pool import Pool, borrowed

logger = logging.getLogger(__name__)


@dataclass(slots=True, frozen=True)
class Dispatched:
    source: str
    dispatch_id: int | None  # None: not sent, see ``skipped``
    skipped: str | None = None


class CrawlDispatcher:
    """Stands in for the CrawlSupervisor when a cluster is configured: a due crawl is sent to
    the broker (at once: nothing waits here) instead of being started on this machine."""

    def __init__(self, *, pool: Pool, app: Any, queue: str, trigger: str = "scheduler") -> None:
        self.pool = pool
        self.app = app
        self.queue = queue
        self.trigger = trigger

    def __call__(self, source: str) -> Dispatched:
        return self.dispatch(source)

    def dispatch(
        self, source: str, *, settings: Sequence[str] = (), force: bool = False
    ) -> Dispatched:
        """Send a crawl of ``source``, unless one is already queued or running in the cluster
        (a source's runs never overlap; ``force`` sends it anyway, the worker then skips it
        if the other still runs)."""
        with borrowed(self.pool) as conn:
            dispatch_id = create_dispatch(
                conn, source, trigger=self.trigger, settings=settings, force=force
            )
            if dispatch_id is None:
                found = open_dispatch(conn, source)
        if dispatch_id is None:
            why = "the previous crawl is still queued or running"
            if found is not None:
                why = f"crawl {found[0]} of it is still {found[1]} (since {found[2]:%H:%M:%S})"
                if found[1] == "queued":
                    # A broker that lost its queue (restarted without persistence) would leave
                    # it queued for ever; a second copy is harmless (the claim runs it once).
                    send_crawl(self.app, found[0], source, self.trigger, self.queue)
                    why += "; sent again in case the broker lost it"
            logger.info("crawl of %s not sent: %s", source, why)
            return Dispatched(source, None, why)
        send_crawl(self.app, dispatch_id, source, self.trigger, self.queue)
        logger.info("crawl of %s sent to the cluster (dispatch %d)", source, dispatch_id)
        return Dispatched(source, dispatch_id)

    def dispatch_import(
        self, run_name: str, params: dict[str, Any], *, settings: Sequence[str] = ()
    ) -> int:
        """Send the import of one archive file (``params["path"]``, reachable from every
        worker); the worker runs it as `polwire import` of that file would."""
        with borrowed(self.pool) as conn:
            dispatch_id = create_import_dispatch(conn, run_name, params, settings=settings)
        send_import(self.app, dispatch_id, run_name, params, self.queue)
        logger.info("import of %s sent to the cluster (dispatch %d)", params["path"], dispatch_id)
        return dispatch_id

    def requeue(self, dispatches: Sequence[Dispatch]) -> None:
        """Send again the crawls of a lost worker (their rows are back to `queued`)."""
        for dispatch in dispatches:
            send_dispatch(self.app, dispatch, self.queue)
            logger.warning(
                "crawl of %s (dispatch %d) sent again: its worker was lost",
                dispatch.source,
                dispatch.id,
            )
