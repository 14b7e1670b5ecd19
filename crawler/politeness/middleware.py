"""Downloader middleware: robots.txt Crawl-delay per domain, and backing off on 429/503.

Scrapy obeys robots.txt Allow/Disallow but not Crawl-delay (scrapy/scrapy#892),
and its RetryMiddleware retries a 429 or 503 at once, whatever Retry-After
says. A 429/503 with Retry-After pauses the domain that long; one without it
pauses the domain for a back-off that doubles with each such answer in a row.
A Retry-After over POLWIRE_RETRY_AFTER_MAX gives that page up and does not pause the domain.
This middleware sits between HttpCompressionMiddleware (590: it sees
robots.txt decompressed) and RetryMiddleware (550: it answers a 429/503 first).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from time import monotonic
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.core.downloader import Downloader, Slot
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.politeness.pacing import SlotPacer
from crawler.politeness.retry_after import RETRY_AFTER_STATUSES, retry_after_seconds
from crawler.politeness.robots_delay import crawl_delay
from polwire.core import stat_keys

logger = logging.getLogger(__name__)

SLOT_KEY = "download_slot"  # request.meta key the downloader files a request's slot under


class PolitenessMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.user_agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT")
        self.max_crawl_delay = settings.getfloat("POLWIRE_CRAWL_DELAY_MAX")
        self.max_retry_after = settings.getfloat("POLWIRE_RETRY_AFTER_MAX")
        self.retry_after_times = settings.getint("POLWIRE_RETRY_AFTER_TIMES")
        self.backoff_start = settings.getfloat("POLWIRE_BACKOFF_START")
        self.backoff_max = settings.getfloat("POLWIRE_BACKOFF_MAX")
        self.overloaded: dict[str, int] = {}  # 429/503 answers without Retry-After in a row
        # A pause leaves a slot's delay at most AutoThrottle's ceiling: the jitter drawn on
        # it after the pause is bounded by that, not by the pause.
        self.pacer = SlotPacer(max_delay=settings.getfloat("AUTOTHROTTLE_MAX_DELAY"))
        # Connected after AutoThrottle (extensions are built before the downloader), so on
        # response_downloaded our floors are applied to the delay AutoThrottle just set.
        crawler.signals.connect(self._request_reached, signal=signals.request_reached_downloader)
        crawler.signals.connect(self._response_downloaded, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PolitenessMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_obey_robotstxt") and urlsplit(request.url).path == "/robots.txt":
            self._read_crawl_delay(request, response)
            return response
        if response.status in RETRY_AFTER_STATUSES:
            return self._honour_retry_after(request, response)
        if self.overloaded:
            self.overloaded.pop(self._key(request), None)
        return response

    # --- robots.txt Crawl-delay -------------------------------------------------------

    def _read_crawl_delay(self, request: Request, response: Response) -> None:
        if response.status != 200:
            return
        delay = crawl_delay(response.body, self.user_agent)
        if delay is None:
            return
        key = self._key(request)
        if delay > self.max_crawl_delay:
            logger.warning(
                "%s asks for Crawl-delay %.0fs; using POLWIRE_CRAWL_DELAY_MAX %.0fs",
                key,
                delay,
                self.max_crawl_delay,
            )
            delay = self.max_crawl_delay
        logger.info("%s: robots.txt Crawl-delay %.1fs", key, delay)
        self.pacer.set_floor(key, delay)
        self._stat(f"crawl_delay/{key}", delay)
        slot = self._slot(key)
        if slot is not None:
            self.pacer.apply(key, slot, monotonic())

    # --- Retry-After --------------------------------------------------------------------

    def _honour_retry_after(self, request: Request, response: Response) -> Request | Response:
        wait = retry_after_seconds(response.headers.get(b"Retry-After"), datetime.now(UTC))
        if wait is None:
            self._back_off(request, response)
            return response  # RetryMiddleware retries it, once the pause is over
        key = self._key(request)
        self._stat("retry_after/responses")
        tries = int(request.meta.get("polwire_retry_after", 0))
        if wait <= self.max_retry_after:
            slot = self._slot(key)
            if slot is not None:
                self.pacer.pause(key, slot, wait, monotonic())
        # Past the cap, one page's answer must not stall the whole domain (Retry-After:
        # 99999): that page is given up and the domain keeps its pace.
        if wait > self.max_retry_after or tries >= self.retry_after_times:
            # Retrying sooner than asked would be rude: give the page up for this crawl.
            logger.warning(
                "%s answered %s with Retry-After %.0fs (try %d): giving up on %s",
                key,
                response.status,
                wait,
                tries + 1,
                request.url,
            )
            request.meta["dont_retry"] = True
            self._stat("retry_after/gave_up")
            return response
        logger.warning(
            "%s answered %s with Retry-After %.0fs: pausing the domain, then %s again",
            key,
            response.status,
            wait,
            request.url,
        )
        retry = request.replace(dont_filter=True)
        retry.meta["polwire_retry_after"] = tries + 1
        self._stat("retry_after/retries")
        return retry

    def _back_off(self, request: Request, response: Response) -> None:
        """An overloaded site that does not say for how long: pause it, longer each time."""
        key = self._key(request)
        streak = self.overloaded.get(key, 0) + 1
        self.overloaded[key] = streak
        wait = min(self.backoff_max, self.backoff_start * 2 ** (streak - 1))
        slot = self._slot(key)
        if slot is not None:
            self.pacer.pause(key, slot, wait, monotonic())
        self._stat("backoff/pauses")
        logger.warning(
            "%s answered %s without Retry-After (%d in a row): pausing the domain %.0fs",
            key,
            response.status,
            streak,
            wait,
        )

    # --- Slots ----------------------------------------------------------------------------

    def _request_reached(self, request: Request, spider: Spider) -> None:
        self._apply(request)

    def _response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        self._apply(request)

    def _apply(self, request: Request) -> None:
        key = request.meta.get(SLOT_KEY)
        if key is None:
            return
        slot = self._slot(key)
        if slot is not None:
            self.pacer.apply(key, slot, monotonic())

    def _key(self, request: Request) -> str:
        key = request.meta.get(SLOT_KEY)
        if isinstance(key, str):
            return key
        return self._downloader().get_slot_key(request)

    def _slot(self, key: str) -> Slot | None:
        slot: Slot | None = self._downloader().slots.get(key)
        return slot

    def _downloader(self) -> Downloader:
        engine = self.crawler.engine
        assert engine is not None, "the downloader exists once the crawl runs"
        return engine.downloader

    def _stat(self, key: str, value: float | None = None) -> None:
        """Count one ``key`` event, or record ``value`` under it."""
        stats = self.crawler.stats
        if stats is None:
            return
        if value is None:
            stats.inc_value(stat_keys.POLITENESS + key)
        else:
            stats.set_value(stat_keys.POLITENESS + key, value)
