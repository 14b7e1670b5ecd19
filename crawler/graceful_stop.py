"""A crawl process stopped by a signal (SIGTERM, SIGINT) finishes what is in flight and nothing
more: Scrapy's own graceful stop also waits for every request already handed to the downloader
but still queued behind its slot's delay, which on a slow site outlasts any stop grace."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.core.downloader import Downloader
from scrapy.crawler import CrawlerProcess
from scrapy.exceptions import IgnoreRequest

from polwire.core import stat_keys

logger = logging.getLogger(__name__)


class StoppedBeforeSent(IgnoreRequest):
    """A request the crawl was stopped before it sent (not an error of the site)."""


def drop_unsent_requests(downloader: Downloader) -> int:
    """Fail every request waiting in a download slot's queue (not yet sent to the site); the
    ones on the wire finish. Returns how many were dropped."""
    dropped = 0
    for slot in list(downloader.slots.values()):
        while slot.queue:
            request, waiting = slot.queue.popleft()
            waiting.errback(StoppedBeforeSent(f"stopped before sending {request.url}"))
            dropped += 1
    return dropped


class StoppingCrawlerProcess(CrawlerProcess):
    """Scrapy's CrawlerProcess whose stop on a signal first drops the requests not yet sent."""

    def _signal_shutdown(self, signum: int, frame: Any) -> None:
        # Scrapy's handler (a private method: the only hook at the moment a stop begins).
        from twisted.internet import reactor

        reactor.callFromThread(self._drop_unsent)
        super()._signal_shutdown(signum, frame)

    def _drop_unsent(self) -> None:
        for crawler in self.crawlers:
            if crawler.engine is None:
                continue
            dropped = drop_unsent_requests(crawler.engine.downloader)
            if dropped and crawler.stats is not None:
                crawler.stats.inc_value(stat_keys.UNSENT_AT_STOP, dropped)
            logger.info("stopping: %d requests not yet sent are left out", dropped)
