"""Downloader middleware: a crawl fetches only http(s) URLs, and reaches no private address
outside its own origins (crawler/download/address_guard.py); every refusal is counted.

It runs first of all (priority 40, before robots.txt is fetched for a new host), on every
request: start requests, discovered links, redirects (RedirectMiddleware's new request comes
through the whole chain again) and robots.txt. A name is judged on the addresses it
resolves to when it is connected to; the handler turns that refusal into RefusedAddress,
which this middleware counts as well.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any
from urllib.request import getproxies

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler

from crawler.download.address_guard import (
    AddressPolicy,
    RefusedAddress,
    RefusedScheme,
    install_guard,
)
from polwire.core import stat_keys

logger = logging.getLogger(__name__)


def spider_origin_urls(spider: Spider) -> list[str]:
    """The URLs whose origins a spider's operator configured: its source's (or sources')
    home, feeds, sitemaps, start URLs and API, and the spider's own start_urls."""
    sources = list(getattr(spider, "sources", {}).values())  # an import's
    source = getattr(spider, "source", None)  # a crawl's
    if source is not None:
        sources.append(source)
    urls: list[str] = list(getattr(spider, "start_urls", None) or [])
    for item in sources:
        urls += [item.home, *item.feeds, *item.sitemaps, *item.start_urls]
        api = item.extra.get("api") if isinstance(item.extra, dict) else None
        if isinstance(api, dict) and isinstance(api.get("url"), str):
            urls.append(api["url"])
    return [u for u in urls if u]


def trusted_policy(
    reactor: Any, *, allow_private: bool, origin_urls: Iterable[str], host_map: dict[str, str]
) -> AddressPolicy:
    """The guard's policy on ``reactor``, trusting ``origin_urls``, the host map's targets and
    the HTTP proxies of the environment (all the operator's own configuration): the one call
    a crawl, an import or a watch makes before its first request."""
    policy = install_guard(reactor).policy
    policy.allow_private = policy.allow_private or allow_private
    policy.trust_urls(origin_urls)
    policy.trust_urls(host_map.values())
    policy.trust_urls(getproxies().values())
    return policy


class WebOnlyMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        from twisted.internet import reactor

        self.crawler = crawler
        self.policy = trusted_policy(
            reactor,
            allow_private=crawler.settings.getbool("POLWIRE_ALLOW_PRIVATE_NETWORKS"),
            origin_urls=(),
            host_map=crawler.settings.getdict("POLWIRE_HOST_MAP"),
        )
        crawler.signals.connect(self._spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WebOnlyMiddleware:
        return cls(crawler)

    def _spider_opened(self, spider: Spider) -> None:
        self.policy.trust_urls(spider_origin_urls(spider))

    def process_request(self, request: Request) -> None:
        from twisted.internet import reactor

        # Put the guard back should anything have installed another resolver since.
        install_guard(reactor, self.policy)
        refusal = self.policy.refusal(request.url)
        if refusal is not None:
            raise refusal

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, RefusedScheme):
            key = stat_keys.REFUSED_SCHEME
        elif isinstance(exception, RefusedAddress):
            key = stat_keys.REFUSED_ADDRESS
        else:
            return
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)
        logger.warning("refused %.200s: %s", request.url, exception)
