"""Extraction of fetched pages in worker processes, so a crawl or an import uses every core
while the Scrapy reactor (asyncio) stays free to download and store.

``POLWIRE_EXTRACT_WORKERS`` sets the pool size (default: the machine's cores; 0 extracts in
the crawl's own process). The pool starts at the first page, so a crawl with nothing new
never pays for it.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from scrapy.settings import BaseSettings

from crawler.process import die_with_parent

if TYPE_CHECKING:
    from crawler.extraction.site import SitePage
    from polwire.core.article_item import ArticleRecord
    from polwire.core.minhash import Sketch

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PageReading:
    """How one source's pages are read: what a worker needs besides the page itself."""

    timezone: str
    page: str | None = None  # "module:Class" of the source's page object
    language: str | None = None
    sketch_min_words: int = 50  # [dedupe] min_words: bodies this long get a MinHash sketch


@cache
def _page_class(path: str | None) -> type[SitePage] | None:
    from crawler.extraction.site import load_page_class

    return load_page_class(path)


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    """A worker's reading of one page: what the crawl's own process would otherwise make."""

    record: ArticleRecord
    sketch: Sketch | None  # the body's MinHash sketch, for the store's dedupe
    stored_page: bytes | None  # the page compressed as storage keeps it, when it has a body


def extract_page(
    html: bytes, url: str, http_encoding: str | None, reading: PageReading
) -> ExtractedPage:
    """Extract one page as the crawl stores it, with its body's sketch and the compressed
    page (runs in a worker, or in process: all are pure functions of the page). Compressing
    here, not in the store, took 1.6 CPU-s per 1,000 records off an import's own process,
    the one process it cannot spread over the cores (bench/import.py)."""
    # Imported at the first page, not with the spider: a crawl that finds nothing new never
    # loads the extractor (a few hundred milliseconds of regular expressions and lxml).
    from crawler.extraction.record import extract_record
    from polwire.core.minhash import sketch_text
    from polwire.storage.articles import compress_html

    record = extract_record(
        html,
        url=url,
        http_encoding=http_encoding,
        timezone=reading.timezone,
        page=_page_class(reading.page),
        language=reading.language,
    )
    sketch = None
    if record.body and record.word_count >= reading.sketch_min_words:
        sketch = sketch_text(record.body)
    # No body, no article to store: a page the validator drops is not worth compressing.
    return ExtractedPage(record, sketch, compress_html(html) if record.body else None)


def worker_count(settings: BaseSettings) -> int:
    configured = settings.get("POLWIRE_EXTRACT_WORKERS")
    if configured is None or configured == "":
        return os.cpu_count() or 1
    return max(0, int(configured))


def _start_worker(die_with_crawl: Callable[[], None] | None) -> None:
    # A worker dies with its crawl process: a crawl killed with SIGKILL (its cluster worker
    # or scheduler gone) must not leave its extraction workers running as orphans.
    if die_with_crawl is not None:
        die_with_crawl()
    # The fork copied Scrapy's SIGTERM/SIGINT handlers, which only ask a reactor (not running
    # here) to stop: a worker sent SIGTERM ignored it. Ctrl-C reaches the whole process group;
    # the crawl process stops its workers itself once it has finished what they were doing.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # trafilatura warns per page it cannot use; the run's stats count those drops already.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)


class ExtractionPool:
    """``await pool.extract(...)`` from a spider callback: the page goes to a worker process
    and the reactor serves other requests meanwhile."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor: Executor | None = None

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> ExtractionPool:
        return cls(worker_count(settings))

    @property
    def in_flight_limit(self) -> int:
        """How many pages to keep submitted at once so no worker waits (at least 1).

        Deep enough to outlast a store batch: the store blocks the reactor (for 0.5-1 s), and
        with 4 pages a worker the workers sat idle through it, which is why a second worker
        process barely helped an import (bench/import.py)."""
        return max(1, self.workers * 24)

    async def extract(
        self, html: bytes, url: str, http_encoding: str | None, reading: PageReading
    ) -> ExtractedPage:
        if self.workers == 0:
            return extract_page(html, url, http_encoding, reading)
        future = self._pool().submit(extract_page, html, url, http_encoding, reading)
        return await asyncio.wrap_future(future)

    def _pool(self) -> Executor:
        if self._executor is None:
            # fork: the workers inherit what is loaded here once (lxml, the gazetteer, and
            # trafilatura, which pages without a clear article container fall back to), so
            # starting them costs milliseconds, not a fraction of a CPU second each.
            import trafilatura  # noqa: F401

            import crawler.extraction.record  # noqa: F401
            from crawler.gazetteer import load_gazetteer

            load_gazetteer()
            context = multiprocessing.get_context("fork")
            self._executor = ProcessPoolExecutor(
                self.workers,
                mp_context=context,
                initializer=_start_worker,
                initargs=(die_with_parent(),),
            )
            logger.info("extracting pages in %d worker processes", self.workers)
        return self._executor

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
