"""Periodic one-line progress of a crawl (pages, stored, dropped, queued) for people watching it.

Logged on the ``polwire.progress`` logger, which the crawl runner lets through
to the console even when the console only shows warnings.
"""

from __future__ import annotations

import logging
from collections.abc import Sized

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.log import get_scrapy_root_handler
from twisted.internet import task

from polwire.core import stat_keys

logger = logging.getLogger("polwire.progress")


class CrawlProgress:
    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlProgress:
        interval = crawler.settings.getfloat("POLWIRE_PROGRESS_SECONDS")
        if interval <= 0:
            raise NotConfigured("POLWIRE_PROGRESS_SECONDS is 0")
        progress = cls(crawler, interval)
        crawler.signals.connect(progress.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(progress.spider_closed, signal=signals.spider_closed)
        return progress

    def spider_opened(self, spider: Spider) -> None:
        self._show_on_console()
        stats = self.crawler.stats
        run_id = stats.get_value(stat_keys.RUN_ID) if stats else None
        spool = stats.get_value(stat_keys.SPOOL) if stats else None
        if run_id is None and spool:
            logger.info("%s: crawling (database unreachable: spooling to %s)", spider.name, spool)
        else:
            logger.info("%s: crawling (run %s)", spider.name, run_id)
        self.loop = task.LoopingCall(self.report, spider)
        self.loop.start(self.interval, now=False)

    def report(self, spider: Spider) -> None:
        stats = self.crawler.stats
        if stats is None:
            return
        # Engine.scheduler is public from Scrapy 2.19; older versions just show no queue size.
        scheduler = getattr(self.crawler.engine, "scheduler", None)
        queued = len(scheduler) if isinstance(scheduler, Sized) else 0
        logger.info(
            "%s: %d pages fetched, %d articles kept, %d dropped, %d queued",
            spider.name,
            stats.get_value("response_received_count", 0),
            stats.get_value("item_scraped_count", 0),
            stats.get_value(stat_keys.DROPPED, 0),
            queued,
        )

    def spider_closed(self, spider: Spider) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()

    def _show_on_console(self) -> None:
        """Let progress lines through a console handler that only shows warnings (as
        `polwire crawl` runs it); the crawler installs that handler, so do it once running."""
        handler = get_scrapy_root_handler()
        level = logging.getLevelName(str(self.crawler.settings.get("LOG_LEVEL", "INFO")))
        if handler is None or not isinstance(level, int) or level <= logging.INFO:
            return
        handler.setLevel(logging.INFO)
        handler.addFilter(lambda r: r.levelno >= level or r.name == logger.name)
