"""Store pipeline: writes articles to PostgreSQL in batches, each in one transaction
(storage.batch.write_batch, as the spool drain does), and counts what happened; while the
database is unreachable, batches go to the crawl's spool instead (see storage.spool). When
neither can take a batch, the crawl is stopped: it would only fetch what it must lose."""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from twisted.internet import task
from twisted.python.failure import Failure

from pipelines.signals import batch_committed
from polwire.core import stat_keys
from polwire.core.article_fields import derive
from polwire.core.article_item import ArticleItem
from polwire.core.reasons import STORAGE_LOST
from polwire.storage.articles import ArticleRow, StoreResult, compress_html
from polwire.storage.batch import Batch, DroppedPage, batch_records, write_batch
from polwire.storage.errors import DatabaseUnavailable
from polwire.storage.search_index import BackgroundIndexer
from polwire.storage.session import CrawlSession, KeepingImpossible, session_of

logger = logging.getLogger(__name__)


def to_row(item: ArticleItem) -> ArticleRow:
    assert item.title and item.body and item.content_hash  # the validate pipeline's promise
    return derive(ArticleRow, item)


class StorePipeline:
    def __init__(self, crawler: Crawler, batch_size: int, flush_seconds: float) -> None:
        self.crawler = crawler
        self.batch_size = batch_size
        self.flush_seconds = flush_seconds
        self.session: CrawlSession = session_of(crawler)
        # Each row's page goes in the batch as storage keeps it, compressed by the extraction
        # worker that read it: a batch compressed at the flush kept the reactor waiting for it
        # (3.6 s of a 24 s import of 600 records), with the extraction workers starved.
        self.batch = Batch(pages=[])
        self.last_flush = time.monotonic()
        self.totals = StoreResult()
        self.dedupe = self.session.config.dedupe
        self.indexer: BackgroundIndexer | None = None
        self.timer: task.LoopingCall | None = None
        self.stopping = False
        # source -> outlet group, for linking editions (set by crawler.config_addon)
        self.groups: dict[str, str] = dict(crawler.settings.getdict("POLWIRE_SOURCE_GROUPS"))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        settings = crawler.settings
        pipeline = cls(
            crawler,
            settings.getint("POLWIRE_STORE_BATCH_SIZE"),
            settings.getfloat("POLWIRE_STORE_FLUSH_SECONDS"),
        )
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        return pipeline

    def item_dropped(self, item: Any, exception: BaseException, **kwargs: Any) -> None:
        if isinstance(item, ArticleItem):
            self.batch.dropped.append(
                DroppedPage(
                    source=item.source,
                    urls=[item.url, *item.urls],
                    reason=item.rejection or type(exception).__name__,
                    seen_at=item.fetched_at,
                )
            )

    def open_spider(self) -> None:
        # Items wait at most flush_seconds, also when no next item comes to flush them (a
        # slow site, the last pages of a crawl, a signal that stops it).
        if self.flush_seconds > 0:
            self.timer = task.LoopingCall(self._flush_when_due)
            self.timer.start(self.flush_seconds, now=False).addErrback(self._timer_failed)

    def _flush_when_due(self) -> None:
        if len(self.batch) and time.monotonic() - self.last_flush >= self.flush_seconds:
            self.flush()

    @staticmethod
    def _timer_failed(failure: Failure) -> None:
        # A batch the database refused (not an outage): the next item's flush tries again.
        logger.error("timed store of a batch failed", exc_info=failure.value)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if item.duplicate_of:
            self.batch.aliases.append((item.duplicate_of, list(item.urls)))
            self._inc(stat_keys.ITEMS_DUPLICATE)
        else:
            # Imported at the first article, as the extractor is: MinHash tables cost a crawl
            # that stores nothing 30 ms to set up.
            from polwire.core.minhash import Sketch
            from polwire.storage.dedupe_keys import with_dedupe_keys

            sketch = item.body_sketch if isinstance(item.body_sketch, Sketch) else None
            row = with_dedupe_keys(to_row(item), self.dedupe.min_words, sketch)
            self.batch.rows.append(row)
            assert self.batch.pages is not None
            self.batch.pages.append(self._compress(row.html, item.stored_page))
        if len(self.batch.rows) + len(self.batch.dropped) >= self.batch_size or (
            time.monotonic() - self.last_flush >= self.flush_seconds
        ):
            self.flush()
        return item

    @staticmethod
    def _compress(html: bytes | None, compressed: bytes | None) -> bytes | None:
        """The row's page compressed: as the extraction worker gave it (every page the
        spiders extract), else here."""
        if compressed is not None or html is None:
            return compressed
        return compress_html(html)

    def close_spider(self) -> None:
        if self.timer is not None and self.timer.running:
            self.timer.stop()
        try:
            self.flush()
        finally:
            self._finish_indexing()

    def _finish_indexing(self) -> None:
        """Wait for the search vectors of what this crawl stored: it ends fully searchable."""
        if self.indexer is None:
            return
        wait = self.crawler.settings.getfloat("POLWIRE_SEARCH_INDEX_WAIT")
        if not self.indexer.close(timeout=wait):
            logger.warning(
                "search indexing still running after %.0f s: the rest is left to the next"
                " crawl or the scheduler's housekeeping (search finds those articles meanwhile)",
                wait,
            )
        self._inc(stat_keys.SEARCH_INDEXED, self.indexer.indexed)

    def flush(self) -> None:
        self.last_flush = time.monotonic()
        batch, self.batch = self.batch, Batch(pages=[])
        if not len(batch):
            if not self.session.spooling:
                self.crawler.signals.send_catch_log(signal=batch_committed)
            return
        if not self.session.spooling:
            try:
                self._store(batch)
            except DatabaseUnavailable as exc:
                cause: BaseException = exc
            else:
                self.crawler.signals.send_catch_log(signal=batch_committed)
                return
        else:
            cause = self.session.outage or DatabaseUnavailable("PostgreSQL unreachable")
        self._spool(batch, cause)

    def _spool(self, batch: Batch, cause: BaseException) -> None:
        try:
            spool = self.session.spool_for(cause)
            spool.write_segment(batch_records(batch))
        except (KeepingImpossible, OSError) as exc:
            self._stop_crawl(batch, exc)
            return
        if self.crawler.stats is not None:
            self.crawler.stats.set_value(stat_keys.SPOOL, str(spool.directory))
        self._inc(stat_keys.ITEMS_SPOOLED, len(batch.rows))
        logger.info("spooled %d articles (PostgreSQL unreachable)", len(batch.rows))

    def _stop_crawl(self, batch: Batch, cause: BaseException) -> None:
        """Nothing can keep this batch: say so once and stop fetching what would be lost too.
        The lost articles are counted: the run fails, even if it was ending anyway."""
        self._inc(stat_keys.ITEMS_LOST, len(batch.rows))
        if self.stopping:
            logger.debug("%d more articles lost: %s", len(batch.rows), cause)
            return
        self.stopping = True
        logger.error(
            "cannot keep what this crawl fetches: %s; %d articles lost, stopping the crawl",
            cause,
            len(batch.rows),
        )
        engine = getattr(self.crawler, "engine", None)
        if engine is not None and engine.spider is not None:
            from scrapy.utils.defer import deferred_from_coro

            closing = deferred_from_coro(engine.close_spider_async(reason=STORAGE_LOST))
            closing.addErrback(lambda failure: None)  # already closing: the run ends anyway

    def _store(self, batch: Batch) -> None:
        from polwire.storage.dedupe_keys import story_options

        run_id = self.crawler.stats.get_value(stat_keys.RUN_ID) if self.crawler.stats else None
        with self.session.connection() as conn:
            result = write_batch(conn, batch, run_id=run_id, stories=story_options(self.dedupe))
        if result.stored or result.revised:
            if self.indexer is None:
                self.indexer = BackgroundIndexer(self.session.url)
            self.indexer.wake()
        self.totals.add(result)
        self._inc(stat_keys.ITEMS_STORED, result.stored)
        self._inc(stat_keys.ITEMS_REVISED, result.revised)
        self._inc(stat_keys.ITEMS_DUPLICATE, result.duplicate)
        logger.info(
            "stored %d new, %d revised, %d already known (batch of %d)",
            result.stored,
            result.revised,
            result.duplicate,
            len(batch.rows),
        )
        self._link_editions([a for a in result.article_ids if a])

    def _link_editions(self, article_ids: list[int]) -> None:
        """Link what was stored to its editions in the outlet group's other languages (after
        the batch's commit: a failure here costs links, never the articles)."""
        if not self.groups or not article_ids:
            return
        from polwire.storage.editions import link_editions

        try:
            with self.session.connection() as conn:
                linked = link_editions(conn, article_ids, self.groups)
        except Exception as exc:
            logger.warning("editions not linked: %s", exc)
            return
        self._inc(stat_keys.EDITIONS_LINKED, linked)

    def _inc(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None and count:
            self.crawler.stats.inc_value(key, count)
