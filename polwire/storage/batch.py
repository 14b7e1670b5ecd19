"""A batch of what a crawl saw (articles, more URLs of known ones, dropped pages), written in one
transaction by `write_batch`: the store pipeline writes a crawl's batches with it and the spool
drain replays a spooled segment with it, so both store the same rows the same way."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import psycopg

from polwire.storage.articles import (
    ArticleRow,
    StoreResult,
    add_url_aliases,
    record_dropped,
    store_articles,
)
from polwire.storage.spool import (
    ALIAS,
    ARTICLE,
    DROPPED,
    alias_record,
    article_record,
    dropped_record,
)
from polwire.storage.stories import StoryOptions


@dataclass(slots=True, kw_only=True)
class DroppedPage:
    """A page a crawl dropped, remembered so that the next incremental crawl skips it."""

    source: str
    urls: list[str]
    reason: str
    seen_at: datetime


@dataclass(slots=True)
class Batch:
    rows: list[ArticleRow] = field(default_factory=list)
    # Each row's page compressed (storage.articles.compress_html), or None to compress here.
    pages: list[bytes | None] | None = None
    aliases: list[tuple[str, list[str]]] = field(default_factory=list)  # canonical, more URLs
    dropped: list[DroppedPage] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows) + len(self.aliases) + len(self.dropped)


def write_batch(
    conn: psycopg.Connection[tuple[object, ...]],
    batch: Batch,
    *,
    run_id: int | None,
    stories: StoryOptions | None = None,
) -> StoreResult:
    """Store ``batch`` in one transaction (a savepoint inside a caller's): all of it or none."""
    with conn.transaction():
        result = store_articles(
            conn, batch.rows, run_id=run_id, stories=stories, compressed_pages=batch.pages
        )
        if batch.aliases or batch.dropped:
            # One round trip for the lot (pipeline mode), not one per URL: an import of
            # archives full of copies has as many aliases as articles.
            with conn.pipeline():
                for canonical, urls in batch.aliases:
                    add_url_aliases(conn, canonical, urls)
                for page in batch.dropped:
                    record_dropped(
                        conn,
                        source=page.source,
                        urls=page.urls,
                        reason=page.reason,
                        seen_at=page.seen_at,
                        run_id=run_id,
                    )
    return result


def batch_records(batch: Batch) -> list[dict[str, Any]]:
    """The batch as spool records (pages travel uncompressed in ``row.html``)."""
    records = [article_record(row) for row in batch.rows]
    records += [alias_record(canonical, urls) for canonical, urls in batch.aliases]
    records += [
        dropped_record(source=p.source, urls=p.urls, reason=p.reason, seen_at=p.seen_at)
        for p in batch.dropped
    ]
    return records


def batch_of_records(
    records: Iterable[Mapping[str, Any]],
    row: Callable[[Mapping[str, Any]], ArticleRow] = lambda fields: ArticleRow(**fields),
) -> Batch:
    """The batch spool records make (the inverse of `batch_records`); ``row`` builds an
    article row from its fields."""
    batch = Batch()
    for record in records:
        if record["kind"] == ARTICLE:
            batch.rows.append(row(record["row"]))
        elif record["kind"] == ALIAS:
            batch.aliases.append((record["canonical_url"], list(record["urls"])))
        elif record["kind"] == DROPPED:
            batch.dropped.append(
                DroppedPage(
                    source=record["source"],
                    urls=list(record["urls"]),
                    reason=record["reason"],
                    seen_at=record["seen_at"],
                )
            )
    return batch
