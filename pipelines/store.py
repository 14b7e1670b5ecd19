"""Store pipeline: writes articles to PostgreSQL in batches and counts what happened; while the
database is unreachable, batches go to the crawl's spool instead (see storage.spool)."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.crawler import Crawler

from crawler.archive import database_url, loaded_config
from crawler.extensions.run_recorder import RunRecorder
from crawler.signals import batch_committed
from polwire.core import stat_keys
from polwire.core.article_fields import derive
from polwire.storage.articles import (
    ArticleRow,
    StoreResult,
    add_url_aliases,
    compress_html,
    record_dropped,
    store_articles,
)
from polwire.storage.connection import connect
from polwire.storage.outage import tolerating_outage
from polwire.storage.search_index import BackgroundIndexer
from polwire.storage.spool import alias_record, article_record, dropped_record

if TYPE_CHECKING:
    # Types only: importing crawler.items loads the extractor, which a crawl with nothing new
    # never needs.
    from crawler.items import ArticleItem

logger = logging.getLogger(__name__)


def to_row(item: ArticleItem) -> ArticleRow:
    assert item.title and item.body and item.content_hash  # the validate pipeline's promise
    return derive(ArticleRow, item)


class StorePipeline:
    def __init__(self, crawler: Crawler, batch_size: int, flush_seconds: float) -> None:
        self.crawler = crawler
        self.batch_size = batch_size
        self.flush_seconds = flush_seconds
        self.rows: list[ArticleRow] = []
        # Each row's page as storage keeps it, compressed by the extraction worker that read
        # it: a batch compressed at the flush kept the reactor waiting for it (3.6 s of a 24 s
        # import of 600 records), with the extraction workers starved meanwhile.
        self.pages: list[bytes | None] = []
        self.aliases: list[tuple[str, list[str]]] = []
        self.dropped: list[ArticleItem] = []
        self.conn: Any = None
        self.last_flush = time.monotonic()
        self.totals = StoreResult()
        self.dedupe = loaded_config(crawler.settings).dedupe
        self.recorder: RunRecorder | None = None
        self._rows_committed = False
        self.indexer: BackgroundIndexer | None = None
        self._groups: dict[str, str] | None = None  # source -> outlet group (editions)

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
        from crawler.items import ArticleItem  # loaded by then: an item was extracted

        if isinstance(item, ArticleItem):
            item.rejection = item.rejection or type(exception).__name__
            item.html = None  # not kept: only the URL and reason are stored
            self.dropped.append(item)

    def open_spider(self) -> None:
        # The connection is opened at the first flush, after the run recorder has opened
        # the run (or started spooling it): it owns the spool this pipeline may need.
        self.recorder = self.crawler.get_extension(RunRecorder)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if item.duplicate_of:
            self.aliases.append((item.duplicate_of, list(item.urls)))
            self._inc(stat_keys.ITEMS_DUPLICATE)
        else:
            # Imported at the first article, as the extractor is: MinHash tables cost a crawl
            # that stores nothing 30 ms to set up.
            from crawler.dedupe.minhash import Sketch
            from crawler.dedupe.rows import with_dedupe_keys

            sketch = item.body_sketch if isinstance(item.body_sketch, Sketch) else None
            row = with_dedupe_keys(to_row(item), self.dedupe.min_words, sketch)
            self.rows.append(row)
            self.pages.append(self._compress(row.html, item.stored_page))
        if len(self.rows) + len(self.dropped) >= self.batch_size or (
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
        try:
            self.flush()
        finally:
            self._close_connection()
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

    def _close_connection(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()
            finally:
                self.conn = None

    def flush(self) -> None:
        self.last_flush = time.monotonic()
        if not self.rows and not self.aliases and not self.dropped:
            if self.recorder is None or self.recorder.spool_writer is None:
                self.crawler.signals.send_catch_log(signal=batch_committed)
            return
        rows, self.rows = self.rows, []
        pages, self.pages = self.pages, []
        aliases, self.aliases = self.aliases, []
        dropped, self.dropped = self.dropped, []
        spool = self.recorder.spool_writer if self.recorder else None
        if spool is None:
            with tolerating_outage() as outage:
                self._store(rows, pages, aliases, dropped)
                self.crawler.signals.send_catch_log(signal=batch_committed)
                return
            assert outage.error is not None  # the block returns unless the database is down
            if self.recorder is None:  # no run recorder: nowhere to spool to
                raise outage.error
            self._close_connection()
            spool = self.recorder.start_spooling(outage.error)
            rows = [] if self._rows_committed else rows
        records = [article_record(row) for row in rows]
        records += [alias_record(canonical, urls) for canonical, urls in aliases]
        records += [
            dropped_record(
                source=item.source,
                urls=[item.url, *item.urls],
                reason=item.rejection or "dropped",
                seen_at=item.fetched_at,
            )
            for item in dropped
        ]
        spool.write_segment(records)
        self._inc(stat_keys.ITEMS_SPOOLED, len(rows))
        logger.info("spooled %d articles (PostgreSQL unreachable)", len(rows))

    def _store(
        self,
        rows: list[ArticleRow],
        pages: list[bytes | None],
        aliases: list[tuple[str, list[str]]],
        dropped: list[ArticleItem],
    ) -> None:
        self._rows_committed = False
        if self.conn is None:
            self.conn = connect(database_url(self.crawler.settings))
        run_id = self.crawler.stats.get_value(stat_keys.RUN_ID) if self.crawler.stats else None
        from crawler.dedupe.rows import story_options

        result = store_articles(
            self.conn,
            rows,
            run_id=run_id,
            stories=story_options(self.dedupe),
            compressed_pages=pages,
        )
        self._rows_committed = True  # a failure below must not spool these rows again
        if result.stored or result.revised:
            if self.indexer is None:
                self.indexer = BackgroundIndexer(database_url(self.crawler.settings))
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
            len(rows),
        )
        self._link_editions([a for a in result.article_ids if a])
        # One round trip for the lot (psycopg's pipeline mode), not one per URL: an import of
        # archives full of copies has as many aliases as articles.
        with self.conn.transaction(), self.conn.pipeline():
            for canonical, urls in aliases:
                add_url_aliases(self.conn, canonical, urls)
            for item in dropped:
                record_dropped(
                    self.conn,
                    source=item.source,
                    urls=[item.url, *item.urls],
                    reason=item.rejection or "dropped",
                    seen_at=item.fetched_at,
                    run_id=run_id,
                )

    def _link_editions(self, article_ids: list[int]) -> None:
        """Link what was stored to its editions in the outlet group's other languages."""
        if self._groups is None:
            from crawler.sources.registry import load_registry

            registry = load_registry(loaded_config(self.crawler.settings))
            self._groups = {s.name: s.group for s in registry.values() if s.group}
        if self._groups and article_ids:
            from polwire.storage.editions import link_editions

            linked = link_editions(self.conn, article_ids, self._groups)
            self._inc(stat_keys.EDITIONS_LINKED, linked)

    def _inc(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None and count:
            self.crawler.stats.inc_value(key, count)
