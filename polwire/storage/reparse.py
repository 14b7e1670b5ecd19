"""Reads stored raw pages back for re-extraction and applies what changed to their articles, with
their sketches, LSH rows and stories following the new text as a crawl's revision's do."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from polwire.core.article_fields import ARTICLE_FIELDS, KEPT_ON_REPARSE
from polwire.storage.articles import ArticleRow, decompress_html
from polwire.storage.entities import retag_articles
from polwire.storage.sql import query
from polwire.storage.stories import StoryOptions, follow_new_text

# Fields a re-extraction may change, in the order ``changed_fields`` reports them: what the
# page says (its word count, hash and layers follow from these).
COMPARED_FIELDS = tuple(
    name for name in ARTICLE_FIELDS if name not in ("word_count", "content_hash", "field_layers")
)


@dataclass(slots=True, kw_only=True)
class StoredPage:
    """One archived page and the article fields currently stored for it."""

    article_id: int
    source: str
    url: str
    fetched_at: datetime
    http_encoding: str | None
    html: bytes
    stored: dict[str, Any] = field(default_factory=dict)  # the ARTICLE_FIELDS stored


@dataclass(slots=True, kw_only=True)
class ReparsedArticle(ArticleRow):
    """New values for one article, as a crawl of the same page would store them, with the
    dedupe keys of its new text (storage.dedupe_keys)."""

    article_id: int
    body_changed: bool = False  # its content hash differs from the stored one


def _filters(source: str | None, since: datetime | None, limit: int | None) -> dict[str, Any]:
    return {"source": source, "since": since, "limit": limit}


def count_stored_pages(
    conn: psycopg.Connection[tuple[object, ...]],
    *,
    source: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
) -> int:
    """How many pages :func:`iter_stored_pages` will yield with the same filters."""
    row = conn.execute(query("reparse_count"), _filters(source, since, limit)).fetchone()
    return int(str(row[0])) if row is not None else 0


def iter_stored_pages(
    conn: psycopg.Connection[tuple[object, ...]],
    *,
    source: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
    fetch_size: int = 100,
) -> Iterator[StoredPage]:
    """Stream stored pages (``since``: fetched at or after) through a server-side cursor.

    The cursor lives in a transaction of ``conn``, so pass a connection that
    is not used for writing meanwhile: pages are read ``fetch_size`` at a time,
    never all at once.
    """
    with conn.transaction(), conn.cursor(name="polwire_reparse") as cursor:
        cursor.itersize = fetch_size
        cursor.execute(query("reparse_pages"), _filters(source, since, limit))
        for row in cursor:
            (article_id, source_name, url, fetched_at, encoding, blob, *fields) = row
            stored = dict(zip(ARTICLE_FIELDS, fields, strict=True))
            assert isinstance(fetched_at, datetime) and isinstance(blob, bytes)
            yield StoredPage(
                article_id=int(str(article_id)),
                source=str(source_name),
                url=str(url),
                fetched_at=fetched_at,
                http_encoding=str(encoding) if encoding is not None else None,
                html=decompress_html(blob),
                stored=stored,
            )


def changed_fields(page: StoredPage, article: ReparsedArticle) -> list[str]:
    """The stored fields a re-extraction changes (a value it lost is kept, as the update does)."""
    changed = []
    for name in COMPARED_FIELDS:
        new = getattr(article, name)
        old = page.stored.get(name)
        if new is None and name in KEPT_ON_REPARSE:
            continue  # the update keeps the stored value
        if isinstance(old, list) or isinstance(new, list):
            if list(old or []) != list(new or []):
                changed.append(name)
        elif old != new:
            changed.append(name)
    return changed


def apply_reparsed(
    conn: psycopg.Connection[tuple[object, ...]],
    articles: Sequence[ReparsedArticle],
    stories: StoryOptions | None = None,
) -> int:
    """Update a batch of articles in one transaction; a new body keeps a revision of the old,
    and its sketch, LSH rows and story follow the new text as a crawl's revision's do
    (storage.stories.follow_new_text). Returns how many articles joined a story."""
    if not articles:
        return 0
    params = [
        {name: getattr(a, name) for name in ARTICLE_FIELDS}
        | {"article_id": a.article_id, "field_layers": Jsonb(a.field_layers)}
        for a in articles
    ]
    changed = [a for a in articles if a.body_changed]
    with conn.transaction():
        conn.cursor().executemany(query("reparse_update"), params)
        # A new title, body or date may name other entities, or other office holders.
        retag_articles(conn, [a.article_id for a in articles])
        return follow_new_text(
            conn, changed, [a.article_id for a in changed], stories or StoryOptions()
        )
