"""The import spider: reads the HTTP responses of WARC/ARC files and yields, from ``start()``,
the same ArticleItems a crawl yields, through the same pipelines and run recorder.

Each file's progress is checkpointed (storage.imports) each time the store pipeline commits
a batch: the offset of the first record whose item is not yet committed. A run interrupted
and started again skips the files it finished and resumes the others from that record; what
it reads again is recognised by the store as already known, so nothing is stored twice.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import time
from collections import deque
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from crawler.archive import crawl_session
from crawler.extraction_pool import ExtractionPool, PageReading
from crawler.fetched_page import article_item
from crawler.sources.model import Source
from crawler.terminal_log import terminal_handler
from crawler.warc.files import file_key
from crawler.warc.records import ArchivedResponse, SkippedRecord, UnwantedResponse, read_archive
from pipelines.signals import batch_committed
from polwire.core import stat_keys
from polwire.core.article_item import ArticleItem
from polwire.storage.imports import ImportProgress, import_progress, save_import_progress

logger = logging.getLogger(__name__)
progress_logger = logging.getLogger("polwire.progress")


def source_hosts(source: Source) -> set[str]:
    """The hosts a source's pages live on (home, feeds, sitemaps, sections, API), no www."""
    urls = [source.home, *source.feeds, *source.sitemaps, *source.start_urls]
    api = source.extra.get("api")
    if isinstance(api, dict) and isinstance(api.get("url"), str):
        urls.append(api["url"])
    return {_bare_host(u) for u in urls if _bare_host(u)}


def _bare_host(url: str) -> str:
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:  # an archive's broken URL (a bad IPv6 literal) is nobody's
        return ""
    return host[4:] if host.startswith("www.") else host


class HostIndex:
    """Which source a URL belongs to: its host, or a parent domain of it, is the source's."""

    def __init__(self, sources: Iterable[Source]) -> None:
        self.by_host: dict[str, str] = {}
        for source in sources:
            for host in source_hosts(source):
                self.by_host.setdefault(host, source.name)

    def source_of(self, url: str) -> str | None:
        host = _bare_host(url)
        while host:
            name = self.by_host.get(host)
            if name is not None:
                return name
            host = host.partition(".")[2]
        return None

    def covers(self, url: str) -> bool:
        return self.source_of(url) is not None


@dataclass(slots=True)
class FileState:
    """One file being read: which records are read but not yet through the pipelines."""

    path: str
    key: str
    size: int
    records: int = 0  # response records read, earlier runs' included
    # Records not yet through the pipelines, in reading order: offset -> the records read
    # before it (what a run resumed at that offset has already counted).
    open_offsets: dict[int, int] = field(default_factory=dict)
    last_offset: int = 0
    records_before_last: int = 0  # response records read before the entry at last_offset
    read_to: int = 0  # how far into the file's bytes on disk reading has got (progress)
    read_all: bool = False

    def frontier(self) -> int:
        """Where a resumed import must start: the first record not done, else the last read
        (read again, harmlessly) or the end of the file."""
        if self.open_offsets:
            return next(iter(self.open_offsets))
        return self.size if self.read_all else self.last_offset

    def frontier_records(self) -> int:
        """The response records before :meth:`frontier`: the count a resumed import starts
        from, so the records it reads again are not counted twice."""
        if self.open_offsets:
            return next(iter(self.open_offsets.values()))
        return self.records if self.read_all else self.records_before_last


class ImportSpider(Spider):
    """Imports ``paths`` for ``sources`` (keyed by host); ``any_host``: every record is the
    first source's (an ad hoc import)."""

    name = "import"

    def __init__(
        self,
        *,
        paths: list[str],
        sources: list[Source],
        any_host: bool = False,
        since: datetime | None = None,
        until: datetime | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.paths = paths
        self.sources = {s.name: s for s in sources}
        self.hosts = HostIndex(sources)
        self.any_host = any_host
        self.since, self.until = since, until
        self.readings = {
            s.name: PageReading(s.timezone, s.page, s.language or None) for s in sources
        }
        self.scope = ";".join(
            [
                "any" if any_host else "hosts",
                ",".join(sorted(self.sources)),
                since.isoformat() if since else "",
                until.isoformat() if until else "",
            ]
        )
        self.extraction = ExtractionPool(0)
        self.files: list[FileState] = []
        self.pending: dict[int, FileState] = {}  # id(item) -> file, until it is through
        self.item_offsets: dict[int, int] = {}
        self.max_record_bytes = 10 * 1024 * 1024
        self._kept = 0
        self._bar = sys.stderr.isatty()
        self._last_log = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ImportSpider:
        spider: ImportSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.extraction = ExtractionPool.from_settings(crawler.settings)
        min_words = crawl_session(crawler).config.dedupe.min_words
        spider.readings = {
            name: replace(reading, sketch_min_words=min_words)
            for name, reading in spider.readings.items()
        }
        spider.max_record_bytes = crawler.settings.getint("POLWIRE_IMPORT_MAX_RECORD_BYTES")
        crawler.signals.connect(spider._item_kept, signal=signals.item_scraped)
        crawler.signals.connect(spider._item_done, signal=signals.item_dropped)
        crawler.signals.connect(spider._item_done, signal=signals.item_error)
        crawler.signals.connect(spider._committed, signal=batch_committed)
        return spider

    # --- Reading ---------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for path in self.paths:
            async for item in self._import_file(path):
                yield item

    async def _import_file(self, path: str) -> AsyncIterator[ArticleItem]:
        size = os.path.getsize(path)
        state = FileState(path=path, key=file_key(path), size=size)
        done = self._progress(state)
        if done is not None and done.finished:
            logger.info("%s: already imported (%d records), skipped", path, done.records)
            self._count(stat_keys.IMPORT_FILES_DONE)
            self._count(stat_keys.SKIPPED_KNOWN, done.records)
            return
        start = done.committed_offset if done is not None else 0
        if done is not None:
            state.records = done.records
            self._count(stat_keys.SKIPPED_KNOWN, done.records)
            self.crawler.stats.set_value(stat_keys.IMPORT_RESUMED_AT, start)
            logger.info("%s: resuming at byte %d of %d", path, start, size)
        self.files.append(state)
        self._count(stat_keys.IMPORT_FILES)
        window: deque[tuple[int, asyncio.Future[ArticleItem]]] = deque()
        started, last_report, first_records = time.monotonic(), 0.0, state.records
        begin = start  # where reading began, in the bytes on disk
        # Records of hosts no chosen source has are told from their WARC header alone.
        wanted = None if self.any_host else self.hosts.covers
        for entry in read_archive(
            path, start=start, max_record_bytes=self.max_record_bytes, wanted=wanted
        ):
            if entry.offset != state.last_offset:
                state.records_before_last = state.records
            state.last_offset = entry.offset
            if entry.read_to is None:
                state.read_to = entry.offset
            else:  # gzipped whole: inflated again from byte 0 up to the checkpoint
                state.read_to, begin = entry.read_to, 0
            if isinstance(entry, ArchivedResponse):
                state.records += 1
                self._count(stat_keys.IMPORT_RECORDS)
                self._count(stat_keys.IMPORT_RECORD_BYTES, len(entry.body))
                future = self._extract(entry)
                if future is not None:
                    state.open_offsets.setdefault(entry.offset, state.records - 1)
                    window.append((entry.offset, future))
            elif isinstance(entry, UnwantedResponse):
                state.records += 1
                self._count(stat_keys.IMPORT_RECORDS)
                self._count(stat_keys.IMPORT_OFF_SOURCE)
            elif isinstance(entry, SkippedRecord):
                self._count(stat_keys.IMPORT_SKIPPED + entry.reason)
            else:
                self._count(stat_keys.IMPORT_OTHER_RECORDS)
            while len(window) >= self.extraction.in_flight_limit or (
                window and window[0][1].done()
            ):
                item = await self._finish(state, *window.popleft())
                if item is not None:
                    yield item
            if not window:
                await asyncio.sleep(0)  # let the pipelines run between records
            now = time.monotonic()
            if now - last_report >= 1.0:
                last_report = now
                self._report(state, state.read_to - begin, now - started, first_records)
        while window:
            item = await self._finish(state, *window.popleft())
            if item is not None:
                yield item
        state.read_all, state.read_to = True, size
        self._report(state, size - begin, time.monotonic() - started, first_records, final=True)

    def _extract(self, entry: ArchivedResponse) -> asyncio.Future[ArticleItem] | None:
        if self.any_host:
            name: str | None = next(iter(self.sources))
        else:
            name = self.hosts.source_of(entry.url)
        if name is None:
            self._count(stat_keys.IMPORT_OFF_SOURCE)
            return None
        return asyncio.ensure_future(
            article_item(
                self.extraction,
                self.readings[name],
                source=name,
                url=entry.url,
                urls=[entry.url],
                fetched_at=entry.fetched_at,
                content_type=entry.content_type,
                body=entry.body,
            )
        )

    async def _finish(
        self, state: FileState, offset: int, future: asyncio.Future[ArticleItem]
    ) -> ArticleItem | None:
        """The record's item, registered as in the pipelines; None when it is filtered."""
        item = await future
        dated = item.published_at or item.fetched_at
        if not item.rejection and (
            (self.since is not None and dated < self.since)
            or (self.until is not None and dated > self.until)
        ):
            self._count(stat_keys.IMPORT_OUTSIDE_DATES)
            state.open_offsets.pop(offset, None)
            return None
        self.pending[id(item)] = state
        self.item_offsets[id(item)] = offset
        return item

    # --- Checkpoints ------------------------------------------------------------

    def _item_kept(self, item: Any, **kwargs: Any) -> None:
        self._kept += 1
        self._item_done(item)

    def _item_done(self, item: Any, **kwargs: Any) -> None:
        state = self.pending.pop(id(item), None)
        offset = self.item_offsets.pop(id(item), None)
        if state is not None and offset is not None:
            state.open_offsets.pop(offset, None)

    def _committed(self) -> None:
        """The store committed everything that went through the pipelines: checkpoint."""
        run_id = self.crawler.stats.get_value(stat_keys.RUN_ID)
        try:
            with crawl_session(self.crawler).connection() as conn:
                self._save_progress(conn, run_id)
        except Exception as exc:  # a lost checkpoint costs a re-read, never the import
            logger.warning("import checkpoint not saved: %s", exc)

    def _save_progress(self, conn: Any, run_id: int | None) -> None:
        for state in self.files:
            save_import_progress(
                conn,
                file_key=state.key,
                scope=self.scope,
                path=os.path.abspath(state.path),
                size_bytes=state.size,
                committed_offset=state.frontier(),
                records=state.frontier_records(),
                finished=state.read_all and not state.open_offsets,
                run_id=run_id,
            )

    def _progress(self, state: FileState) -> ImportProgress | None:
        try:
            with crawl_session(self.crawler).connection() as conn:
                return import_progress(conn, state.key, self.scope)
        except Exception as exc:  # no database: read everything (items are spooled)
            logger.warning("no import checkpoints to read: %s", exc)
            return None

    # --- Progress ---------------------------------------------------------------

    def _report(
        self, state: FileState, done: int, elapsed: float, first: int, *, final: bool = False
    ) -> None:
        """The file's progress line: its share read, records/s, articles kept, and an ETA
        from ``done``, the bytes read in ``elapsed`` seconds."""
        records = state.records - first
        rate = records / elapsed if elapsed > 0 else 0.0
        left = max(0, state.size - state.read_to)
        speed = done / elapsed if elapsed > 0 and done > 0 else 0.0
        eta = "done" if final else (f"ETA {left / speed:.0f}s" if speed else "ETA ?")
        line = (
            f"{os.path.basename(state.path)}: {100 * state.read_to / max(1, state.size):.0f}%"
            f" {records} records ({rate:.1f}/s), {self._kept} articles kept, {eta}"
        )
        if self._bar:
            terminal = terminal_handler()
            if terminal is None:  # `scrapy crawl`: no polwire handler to share the line with
                sys.stderr.write("\r\x1b[K" + line + ("\n" if final else ""))
                sys.stderr.flush()
            elif final:
                terminal.end_bar(line)
            else:
                terminal.show_bar(line)
        interval = self.crawler.settings.getfloat("POLWIRE_PROGRESS_SECONDS")
        now = time.monotonic()
        if final or (interval > 0 and now - self._last_log >= interval):
            self._last_log = now
            progress_logger.info("%s", line)

    def _count(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None and count:
            self.crawler.stats.inc_value(key, count)

    def closed(self, reason: str) -> None:
        self.extraction.close()
