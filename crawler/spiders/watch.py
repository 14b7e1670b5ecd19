"""The watch spider: revisits a source's stored articles with conditional requests and records
what each check found (crawler.watch.verdict); an edited page goes through the pipelines like a
crawled one, so the store keeps its earlier text as a revision.

It runs on the crawl's machinery (its settings, robots.txt, per-domain pacing, Retry-After),
as its own run (``crawl_runs.trigger = 'watch'``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.archive import crawl_session
from crawler.sources.model import Source
from crawler.spiders.news import NewsSpider, response_validators
from crawler.watch.ledger import CheckLedger
from crawler.watch.verdict import (
    HANDLED_STATUSES,
    Finding,
    GoneReason,
    Outcome,
    PageText,
    read_page,
    read_status,
    settle,
)
from polwire.config import WatchConfig
from polwire.core import stat_keys
from polwire.core.urls import canonicalize_url, is_site_root
from polwire.storage.watch import WatchTarget, due_plan, since_plan

if TYPE_CHECKING:
    from polwire.core.article_item import ArticleItem

_TARGET = "polwire_watch_target"


class WatchSpider(NewsSpider):
    """Checks one source's stored articles. ``since``: every article stored since then (an
    ISO-8601 datetime); without it, the articles the revisit plan says are due."""

    name = "watch"
    source: ClassVar[Source]

    def __init__(self, *args: Any, since: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.since = datetime.fromisoformat(since) if since else None
        self.watch = WatchConfig()
        self.min_words = 40
        self.targets: dict[int, WatchTarget] = {}
        self.ledger: CheckLedger | None = None
        self.alerted = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> WatchSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, WatchSpider)
        session = crawl_session(crawler)
        spider.watch = session.config.watch
        spider.min_words = crawler.settings.getint("POLWIRE_MIN_BODY_WORDS")
        spider.ledger = CheckLedger(
            session.url,
            spider._count,
            lambda: crawler.stats.get_value(stat_keys.RUN_ID) if crawler.stats else None,
        )
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider

    def plan(self, now: datetime) -> list[WatchTarget]:
        """The articles this pass checks, at most ``[watch] max_requests``."""
        limit = self.watch.max_requests
        with crawl_session(self.crawler).connection() as conn:
            if self.since is not None:
                return since_plan(conn, self.source.name, since=self.since, limit=limit)
            return due_plan(conn, self.source.name, now=now, limit=limit)

    async def start(self) -> AsyncIterator[Any]:
        targets = self.plan(datetime.now(UTC))
        self._count(stat_keys.WATCH_PLANNED, len(targets))
        self.logger.info("checking %d stored articles of %s", len(targets), self.source.name)
        for target in targets:
            self.targets[target.id] = target
            headers = {}
            if target.etag:
                headers["If-None-Match"] = target.etag
            if target.last_modified:
                headers["If-Modified-Since"] = target.last_modified
            yield Request(
                target.url,
                self.check,
                errback=self.check_failed,
                headers=headers,
                dont_filter=True,
                meta={
                    "polwire_role": "watch",
                    _TARGET: target.id,
                    # 3xx are followed (a move or a redirect home), 5xx retried, then errors.
                    "handle_httpstatus_list": HANDLED_STATUSES,
                },
            )

    async def check(self, response: Response) -> AsyncIterator[ArticleItem]:
        target = self.targets[response.meta[_TARGET]]
        finding = read_status(response.status)
        edited: ArticleItem | None = None
        final_url = _moved_to(target, response)
        if finding is not None and finding.outcome is Outcome.UNCHANGED and final_url:
            # A redirect whose target matched our validators: the same page, elsewhere.
            finding = Finding(Outcome.MOVED, response.status, final_url=final_url)
        if finding is None:
            finding, edited = await self._read(target, response)
        record = settle(
            target,
            finding,
            url=target.url,
            now=datetime.now(UTC),
            confirm_seconds=self.watch.confirm_seconds,
            days=self.watch.days,
        )
        if finding.outcome is Outcome.UNCHANGED:
            record.etag, record.last_modified = response_validators(response)
        self.logger.debug("%s: %s %s", target.url, record.outcome, record.detail or "")
        assert self.ledger is not None
        self.ledger.add(record)
        if edited is not None:
            yield edited  # the store keeps the earlier text as a revision

    async def _read(
        self, target: WatchTarget, response: Response
    ) -> tuple[Finding, ArticleItem | None]:
        """A page that answered 200 (after any redirects)."""
        from crawler.fetched_page import article_item

        final_url = _moved_to(target, response)
        if final_url is not None and is_site_root(final_url):
            return Finding(Outcome.GONE, response.status, GoneReason.REDIRECT_HOME, final_url), None
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        if not isinstance(response, TextResponse):
            content_type = "application/octet-stream"
        item = await article_item(
            self.extraction,
            self.reading,
            source=self.source.name,
            url=response.url,
            urls=[target.url, response.url],
            fetched_at=datetime.now(UTC),
            content_type=content_type,
            body=response.body,
            politics_feed=True,  # stored before: in the source's scope
        )
        item.etag, item.last_modified = response_validators(response)
        page = PageText(
            title=None if item.rejection else item.title,
            body=None if item.rejection else item.body,
            content_hash=None if item.rejection else item.content_hash,
            word_count=0 if item.rejection else item.word_count,
            is_article=not item.rejection and item.is_article,
        )
        finding = read_page(
            target, page, status=response.status, min_words=self.min_words, final_url=final_url
        )
        return finding, item if finding.outcome is Outcome.EDITED else None

    def check_failed(self, failure: Failure) -> None:
        """No answer, or one that says nothing of the page (5xx, 429 after the retries, robots
        now refusing it): an error, never a takedown."""
        self.on_error(failure)
        request = getattr(failure, "request", None)
        if request is None or _TARGET not in request.meta:
            return
        target = self.targets[request.meta[_TARGET]]
        error = failure.value
        status: int | None = None
        if isinstance(error, HttpError):
            status = error.response.status
            kind = f"http_{status}"
        elif isinstance(error, IgnoreRequest):
            kind = "ignored"  # robots.txt now forbids it, or a filter dropped it
        else:
            kind = failure.type.__name__ if failure.type else "Exception"
        record = settle(
            target,
            Finding(Outcome.ERROR, status, kind),
            url=target.url,
            now=datetime.now(UTC),
            confirm_seconds=self.watch.confirm_seconds,
            days=self.watch.days,
        )
        assert self.ledger is not None
        self.ledger.add(record)

    def on_idle(self, spider: Any) -> None:
        """Every check answered: store the last ones (before the run closes) and alert when
        the source took down more than ``[watch] alert_gone_per_day`` articles today."""
        if spider is not self or self.ledger is None:
            return
        self.ledger.flush()
        if self.alerted:
            return
        self.alerted = True
        from polwire.monitoring.alerts import alert_takedowns

        session = crawl_session(self.crawler)
        try:
            with session.connection() as conn:
                alert_takedowns(
                    conn,
                    self.source.name,
                    limit=self.watch.alert_gone_per_day,
                    config=session.config.alerts,
                    now=datetime.now(UTC),
                )
        except Exception as exc:  # an alert failing must not fail the pass
            self.logger.warning("takedown alert not checked: %s", exc)

    def closed(self, reason: str) -> None:
        if self.ledger is not None:
            self.ledger.flush()
            self.ledger.close()
        super().closed(reason)


def _moved_to(target: WatchTarget, response: Response) -> str | None:
    """The URL redirects ended at, when it is another page than the one checked."""
    if not response.meta.get("redirect_urls"):
        return None
    if canonicalize_url(response.url) == canonicalize_url(target.url):
        return None
    return response.url


def watch_spider_for(source: Source) -> type[WatchSpider]:
    """A WatchSpider bound to ``source`` (its runs carry the source's name)."""
    return type(f"{source.name}_watch", (WatchSpider,), {"name": source.name, "source": source})
