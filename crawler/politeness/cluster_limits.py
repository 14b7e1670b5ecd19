"""Downloader middleware: per-domain concurrency and Crawl-delay held across every crawl of a
cluster (two sources on one domain, run by two workers), through leases in PostgreSQL.

Scrapy's own limits (CONCURRENT_REQUESTS_PER_DOMAIN, the slot delays that
crawler.politeness.middleware sets) hold within one crawl process only. When a
cluster is configured ([cluster] broker_url or POLWIRE_BROKER_URL), each request
first takes one of its domain's CONCURRENT_REQUESTS_PER_DOMAIN leases, shared by
all crawl processes, and waits for the start time the domain's Crawl-delay
leaves it; the lease is given back when the response (or the failure) comes.
It sits last before the download (950), so the lease covers only the download
and the local slot's queue. A lease of a killed crawl expires by itself.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from typing import Any, TypeVar

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor, task, threads

from crawler.graceful_stop import StoppedBeforeSent
from polwire.config import broker_url
from polwire.core import stat_keys
from polwire.storage.domain_limits import DomainLimits
from polwire.storage.outage import is_outage
from polwire.storage.session import session_of

logger = logging.getLogger(__name__)

LEASE_KEY = "polwire_domain_lease"
_T = TypeVar("_T")
_FIRST_POLL, _MAX_POLL = 0.05, 0.5  # seconds between tries for a free slot


class ClusterLimitsMiddleware:
    def __init__(self, crawler: Crawler, limits: DomainLimits) -> None:
        self.crawler = crawler
        self.limits = limits
        self.limit = crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
        # Long enough for a download and its wait in the local slot's queue.
        self.lease_seconds = 2 * crawler.settings.getfloat("DOWNLOAD_TIMEOUT") + 60
        self.held: set[int] = set()
        self.available = True
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClusterLimitsMiddleware:
        settings = crawler.settings
        if settings.get("POLWIRE_CLUSTER_LIMITS") is None:
            wanted = broker_url(session_of(crawler).config) is not None
        else:
            wanted = settings.getbool("POLWIRE_CLUSTER_LIMITS")
        if not wanted:
            raise NotConfigured  # no cluster; no message, so Scrapy logs no warning for it
        holder = f"{socket.gethostname()}:{os.getpid()}"
        try:
            limits = DomainLimits(session_of(crawler).url, holder=holder)
        except Exception as exc:
            if not is_outage(exc):
                raise
            logger.warning("cluster request limits unavailable (%s): this crawl's own only", exc)
            raise NotConfigured("PostgreSQL unreachable") from exc
        return cls(crawler, limits)

    async def process_request(self, request: Request) -> None:
        if not self.available or request.meta.get(LEASE_KEY) is not None:
            return
        key = self._key(request)
        poll, waited = _FIRST_POLL, 0.0
        while self.available:
            lease = await self._call(
                self.limits.try_take, key, limit=self.limit, lease_seconds=self.lease_seconds
            )
            if lease is not None:
                self.held.add(lease)
                request.meta[LEASE_KEY] = lease
                break
            await self._sleep(poll, request)
            waited += poll
            poll = min(poll * 2, _MAX_POLL)
        if waited:
            self._stat("cluster/slot_waits")
            self._stat("cluster/slot_wait_seconds", waited)
        delay = self._crawl_delay(key)
        start_in = await self._call(self.limits.reserve_start, key, delay_seconds=delay)
        if start_in and start_in > 0:
            self._stat("cluster/delay_waits")
            await self._sleep(start_in, request)

    async def _sleep(self, seconds: float, request: Request) -> None:
        """Wait, in short steps: a crawl stopped by a signal sends no request that is still
        waiting here (its stop would otherwise wait for each one's turn)."""
        left = seconds
        while True:
            engine = self.crawler.engine
            if engine is not None and not engine.running:
                self._release(request)
                raise StoppedBeforeSent(f"stopped before sending {request.url}")
            if left <= 0:
                return
            step = min(left, _MAX_POLL)
            await _sleep(step)
            left -= step

    def process_response(self, request: Request, response: Response) -> Response:
        self._release(request)
        return response

    def process_exception(self, request: Request, exception: BaseException) -> None:
        self._release(request)

    def spider_closed(self, spider: Spider) -> None:
        try:
            if self.held and self.available:
                self.limits.release(list(self.held))
        except Exception as exc:  # they expire by themselves
            logger.warning("could not give back %d request leases: %s", len(self.held), exc)
        finally:
            self.held.clear()
            self.limits.close()

    def _release(self, request: Request) -> None:
        lease = request.meta.pop(LEASE_KEY, None)
        if lease is None:
            return
        self.held.discard(lease)
        if not self.available:
            return
        deferred = threads.deferToThread(self.limits.release, [lease])
        deferred.addErrback(lambda failure: logger.warning("lease %s: %s", lease, failure.value))

    async def _call(self, func: Callable[..., _T], *args: Any, **kwargs: Any) -> _T | None:
        """A database call off the reactor thread; an outage turns the limits off (the
        crawl keeps its own per-process politeness, and its items spool as usual)."""
        try:
            result: _T = await maybe_deferred_to_future(
                threads.deferToThread(func, *args, **kwargs)
            )
            return result
        except Exception as exc:
            if not is_outage(exc):
                raise
            if self.available:
                logger.warning("cluster request limits off for this crawl: %s", exc)
            self.available = False
            return None

    def _crawl_delay(self, key: str) -> float:
        # crawler.politeness.middleware records the robots.txt Crawl-delay it read here.
        stats = self.crawler.stats
        value = stats.get_value(f"{stat_keys.POLITENESS}crawl_delay/{key}") if stats else None
        return float(value or 0.0)

    def _key(self, request: Request) -> str:
        engine = self.crawler.engine
        assert engine is not None, "requests reach the downloader once the crawl runs"
        return str(engine.downloader.get_slot_key(request))

    def _stat(self, key: str, value: float | None = None) -> None:
        stats = self.crawler.stats
        if stats is None:
            return
        if value is None:
            stats.inc_value(stat_keys.POLITENESS + key)
        else:
            stats.set_value(
                stat_keys.POLITENESS + key, stats.get_value(stat_keys.POLITENESS + key, 0) + value
            )


async def _sleep(seconds: float) -> None:
    await maybe_deferred_to_future(task.deferLater(reactor, seconds, lambda: None))
