"""The generic news spider: discovery, incremental skipping, and one ArticleItem per page.

It finds article URLs in a source's feeds, sitemaps and section pages, skips
what the archive already holds, and extracts each article page.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar
from zoneinfo import ZoneInfo

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.archive import SeenUrls, crawl_session
from crawler.discovery import (
    Entry,
    absolute_url,
    links_on_page,
    parse_feed,
    parse_sitemap,
    parse_w3c_datetime,
)
from crawler.extraction_pool import ExtractionPool, PageReading
from crawler.sources.model import ApiListing, Source
from polwire.core import stat_keys
from polwire.core.urls import canonicalize_url

if TYPE_CHECKING:
    from polwire.core.article_item import ArticleItem

# The IgnoreRequest message of Scrapy's RedirectMiddleware past REDIRECT_MAX_TIMES.
MAX_REDIRECTS_REACHED = "max redirections reached"


class NewsSpider(Spider):
    """Crawls one :class:`Source`. Subclasses set ``source`` (see crawler.spider_loader)."""

    name = "news"
    source: ClassVar[Source]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.timezone = ZoneInfo(self.source.timezone)
        self.reading = PageReading(
            self.source.timezone, self.source.page, self.source.language or None
        )
        self.extraction = ExtractionPool(0)  # from_crawler sizes it from the settings
        self.article_patterns = [re.compile(p) for p in self.source.article_patterns]
        self.pagination_patterns = [re.compile(p) for p in self.source.pagination_patterns]
        # Every URL an article was listed under (tracking variants the dupefilter hides).
        self.listed_as: dict[str, set[str]] = {}
        # Canonical URLs listed by one of the source's politics_feeds (kept as politics).
        self.politics_listed: set[str] = set()
        self.api = self.source.api
        self.seen = SeenUrls(None)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider: NewsSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.extraction = ExtractionPool.from_settings(crawler.settings)
        session = crawl_session(crawler)
        spider.reading = replace(spider.reading, sketch_min_words=session.config.dedupe.min_words)
        crawler.signals.connect(spider._request_dropped, signal=signals.request_dropped)
        if crawler.settings.getbool("POLWIRE_INCREMENTAL"):
            # No database: every URL is new (what is fetched is spooled).
            spider.seen = SeenUrls(session)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        politics_feeds = set(self.source.politics_feeds)
        for url in self.source.feeds:
            yield Request(
                url,
                self.parse_feed,
                errback=self.on_error,
                dont_filter=True,
                priority=20,
                meta={"polwire_role": "feed", "polwire_politics_feed": url in politics_feeds},
            )
        for url in self.source.sitemaps:
            yield Request(
                url,
                self.parse_sitemap,
                errback=self.on_error,
                dont_filter=True,
                priority=20,
                meta={"polwire_role": "sitemap"},
            )
        for url in self.source.start_urls:
            yield Request(
                url,
                self.parse_listing,
                errback=self.on_error,
                dont_filter=True,
                priority=10,
                meta={"polwire_role": "listing", "polwire_page": 1},
            )
        if self.api is not None:
            yield Request(
                self.api.url,
                self.parse_api,
                errback=self.on_error,
                dont_filter=True,
                priority=20,
                meta={"polwire_role": "api"},
            )

    # --- Discovery ------------------------------------------------------------

    def parse_feed(self, response: Response) -> Iterator[Request]:
        entries = parse_feed(response.body, response.url)
        self._count(stat_keys.FEED_ENTRIES, len(entries))
        yield from self.follow_entries(
            entries,
            filter_patterns=bool(self.article_patterns),
            politics=bool(response.meta.get("polwire_politics_feed")),
        )

    def parse_api(self, response: Response) -> Iterator[Request]:
        assert self.api is not None
        try:
            entries = api_entries(response.body, self.api, response.url)
        except ValueError as exc:
            self.logger.warning("API listing %s skipped: %s", response.url, exc)
            self._count(stat_keys.API_ERRORS)
            return
        self._count(stat_keys.API_ENTRIES, len(entries))
        yield from self.follow_entries(entries, filter_patterns=True)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        try:
            sitemap = parse_sitemap(response.body, response.url)
        except ValueError as exc:
            self.logger.warning("sitemap %s skipped: %s", response.url, exc)
            self._count(stat_keys.SITEMAP_ERRORS)
            return
        for child in sitemap.children:
            request = self._request(
                child.url, self.parse_sitemap, priority=15, meta={"polwire_role": "sitemap"}
            )
            if request is not None:
                yield request
        self._count(stat_keys.SITEMAP_ENTRIES, len(sitemap.entries))
        yield from self.follow_entries(sitemap.entries, filter_patterns=True)

    def parse_listing(self, response: Response) -> Iterator[Request]:
        entries = links_on_page(response.body, response.url, self.source.article_patterns)
        self._count(stat_keys.LISTING_LINKS, len(entries))
        yield from self.follow_entries(entries, filter_patterns=False)
        page = int(response.meta.get("polwire_page", 1))
        if page >= self.source.max_pages or not self.pagination_patterns:
            return
        for link in links_on_page(response.body, response.url, self.source.pagination_patterns):
            request = self._request(
                link.url,
                self.parse_listing,
                priority=10,
                meta={"polwire_role": "listing", "polwire_page": page + 1},
            )
            if request is not None:
                yield request

    def follow_entries(
        self, entries: Iterable[Entry], *, filter_patterns: bool, politics: bool = False
    ) -> Iterator[Request]:
        """Requests for listed articles the archive does not hold (or that changed since).
        ``politics``: the listing is one of the source's politics_feeds."""
        candidates: dict[str, Entry] = {}
        for entry in entries:
            if (
                filter_patterns
                and self.article_patterns
                and not any(p.search(entry.url) for p in self.article_patterns)
            ):
                self._count(stat_keys.OFF_PATTERN)
                continue
            url = canonicalize_url(entry.url)
            self.listed_as.setdefault(url, set()).add(entry.url)
            if politics:
                self.politics_listed.add(url)
            newest = candidates.get(url)
            if newest is None or (
                entry.updated and (not newest.updated or entry.updated > newest.updated)
            ):
                if newest is not None and entry.published is None and newest.published:
                    # Listed twice: the newest change, with the publication date either gave.
                    entry = replace(entry, published=newest.published, via=newest.via)
                candidates[url] = entry
        if not candidates:
            return
        known = self.seen.lookup({*candidates, *(e.url for e in candidates.values())})
        for url, entry in candidates.items():
            last_seen = known.get(url) or known.get(entry.url)
            if last_seen is not None:
                if entry.updated is None or entry.updated <= last_seen:
                    self._count(stat_keys.SKIPPED_KNOWN)
                    continue
                self._count(stat_keys.REFETCH_CHANGED)
            meta: dict[str, Any] = {"polwire_role": "article"}
            if entry.dated is not None:  # for a page that prints no date (see parse_article)
                meta["polwire_listed_date"] = (entry.dated, entry.via)
            request = self._request(url, self.parse_article, meta=meta)
            if request is not None:
                yield request

    # --- Articles -------------------------------------------------------------

    async def parse_article(self, response: Response) -> AsyncIterator[ArticleItem]:
        # Imported at the first article: a crawl with nothing new never loads the extractor.
        from crawler.fetched_page import article_item

        request_url = response.request.url if response.request else response.url
        urls = {request_url, response.url, *self.listed_as.get(canonicalize_url(request_url), ())}
        content_type = _content_type(response)
        if not isinstance(response, TextResponse):
            content_type = "application/octet-stream"  # Scrapy found no text in it
        item = await article_item(
            self.extraction,
            self.reading,
            source=self.source.name,
            url=response.url,
            urls=sorted(urls),
            fetched_at=datetime.now(UTC),
            content_type=content_type,
            body=response.body,
            politics_feed=bool(
                {canonicalize_url(request_url), canonicalize_url(response.url)}
                & self.politics_listed
            ),
        )
        item.etag, item.last_modified = response_validators(response)
        listed = response.meta.get("polwire_listed_date")
        if item.published_at is None and listed is not None:
            # The page prints no date: the feed or sitemap entry that listed it did.
            item.published_at, item.field_layers["published"] = listed
        yield item

    def on_error(self, failure: Failure) -> None:
        """Count every failed request by kind (HTTP status or exception class) for the run."""
        error = failure.value
        request = getattr(failure, "request", None)
        if isinstance(error, IgnoreRequest) and not isinstance(error, HttpError):
            if str(error) == MAX_REDIRECTS_REACHED:
                # The page is lost all the same: say so (Scrapy logs it only at DEBUG).
                self._count(stat_keys.REDIRECT_LOOP)
                self.logger.warning(
                    "%s: given up after too many redirects", getattr(request, "url", "?")
                )
            # Otherwise robots.txt said no, the address guard refused it (counted there),
            # or a filter dropped it: not an error of the site.
            return
        role = request.meta.get("polwire_role", "request") if request is not None else "request"
        if isinstance(error, HttpError):
            kind = f"http_{error.response.status}"
        else:
            kind = failure.type.__name__ if failure.type else "Exception"
        self._count(stat_keys.ERRORS + kind)
        self._count(stat_keys.FAILED + role)
        self.logger.warning("%s %s failed: %s", role, getattr(request, "url", "?"), kind)

    def _request(self, url: str, callback: Any, **kwargs: Any) -> Request | None:
        """A request for a listed URL; None (counted, said) for one Scrapy will not make (a
        host with a space in it, ...): one hostile link must not end the listing's loop."""
        try:
            return Request(url, callback, errback=self.on_error, **kwargs)
        except ValueError as exc:
            self._count(stat_keys.BAD_LINKS)
            self.logger.warning("link %.200s skipped: %s", url, exc)
            return None

    def _request_dropped(self, request: Request, **kwargs: Any) -> None:
        """A redirect back to a URL of its own chain is dropped by the dupefilter, silently:
        the page is lost to a redirect loop all the same, so count it and say so."""
        chain = request.meta.get("redirect_urls") or []
        if request.url in chain:
            self._count(stat_keys.REDIRECT_LOOP)
            self.logger.warning("%s: given up, its redirects loop back to it", chain[0])

    def _count(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key, count)

    def closed(self, reason: str) -> None:
        self.extraction.close()


def api_entries(body: bytes, api: ApiListing, base_url: str) -> list[Entry]:
    """Article entries of a JSON list endpoint (ValueError when the document is not the
    shape ``api`` describes)."""
    try:
        node: Any = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not JSON: {exc}") from None
    for key in filter(None, api.items_path.split(".")):
        if not isinstance(node, dict) or key not in node:
            raise ValueError(f"no {api.items_path!r} in the document")
        node = node[key]
    if not isinstance(node, list):
        raise ValueError(f"{api.items_path or 'the document'} is not a list")
    entries = []
    for item in node:
        link = item.get(api.url_field) if isinstance(item, dict) else None
        if not isinstance(link, str) or not link.strip():
            continue
        dated = _api_date(item.get(api.date_field)) if api.date_field else None
        title = item.get("title")
        entries.append(
            Entry(
                absolute_url(api.url_base or base_url, link),
                dated,
                title if isinstance(title, str) else None,
                dated,
                "api",
            )
        )
    return entries


def _api_date(value: object) -> datetime | None:
    """Epoch seconds or milliseconds (numbers past 1e11 cannot be seconds: year 5138), or
    an ISO 8601 / W3C string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        return parse_w3c_datetime(value)
    return None


def response_validators(response: Response) -> tuple[str | None, str | None]:
    """The response's ETag and Last-Modified, for a later conditional request (polwire watch)."""
    found = []
    for name in (b"ETag", b"Last-Modified"):
        value = response.headers.get(name)
        found.append(value.decode("latin-1").strip() or None if value else None)
    return found[0], found[1]


def _content_type(response: Response) -> str:
    return (response.headers.get(b"Content-Type") or b"").decode("latin-1")
