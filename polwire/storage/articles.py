"""Writes articles in batches (COPY into staging, then set-based SQL); answers URL lookups."""

from __future__ import annotations

import logging
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from polwire.core.article_fields import ARTICLE_TYPES, ArticleFields
from polwire.storage.article_tags import BatchTags
from polwire.storage.sql import query
from polwire.storage.stories import StoryOptions, assign, prepare

logger = logging.getLogger(__name__)

_STAGE_STEPS = (
    "stage_analyze",
    "stage_match_existing",
    "stage_one_row_per_article",
    "stage_analyze_matches",
    "stage_insert_new",
    "stage_match_conflicts",
    "stage_match_batch_twins",
    "stage_mark_revised",
    "stage_insert_revisions",
    "stage_apply_revisions",
    "stage_touch_unchanged",
    "stage_insert_urls",
)

# The staging table's columns with their binary COPY types, in COPY order: the row's own
# columns, the article fields (from polwire.core.article_fields), then what the store computes.
# Batches are copied in binary: no text to format and parse for timestamps, arrays and the
# compressed pages (which text COPY would send as hex, twice their size).
_ROW_COLUMNS = (
    ("source", "text"),
    ("url", "text"),
    ("urls", "text[]"),
    ("fetched_at", "timestamptz"),
    ("http_encoding", "text"),
)
STAGED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("ord", "int4"),
    *_ROW_COLUMNS,
    *ARTICLE_TYPES.items(),
    ("url_keys", "text[]"),  # the keys of urls || url, in that order
    ("same_as", "int8"),  # a stored near-duplicate at the same source (storage.stories)
    ("same_as_ord", "int4"),  # an earlier near-duplicate row of the batch
)
STAGED_TYPES = tuple(pg_type for _, pg_type in STAGED_COLUMNS)
_STAGE_CREATE = sql.SQL(
    "CREATE TEMP TABLE IF NOT EXISTS staged_articles ({}) ON COMMIT DELETE ROWS"
).format(
    sql.SQL(", ").join(
        sql.SQL("{} {}").format(sql.Identifier(name), sql.SQL(pg_type))
        for name, pg_type in STAGED_COLUMNS
    )
)
_STAGE_COPY = sql.SQL("COPY staged_articles ({}) FROM STDIN (FORMAT BINARY)").format(
    sql.SQL(", ").join(sql.Identifier(name) for name, _ in STAGED_COLUMNS)
)
# In the order of pages_copy.sql.
_PAGE_TYPES = ("int8", "timestamptz", "text", "bytea", "text", "text")


@dataclass(slots=True, kw_only=True)
class ArticleRow(ArticleFields):
    """One article ready to store: canonical ``url`` plus every URL it was seen under; its
    ``title``, ``body`` and ``content_hash`` are set (the validate pipeline sees to it)."""

    source: str
    url: str
    urls: list[str]
    fetched_at: datetime
    html: bytes | None = None  # raw page bytes; compressed here before they are sent
    http_encoding: str | None = None
    etag: str | None = None  # the response's ETag and Last-Modified (storage.watch)
    last_modified: str | None = None
    # Dedupe data made by storage.dedupe_keys (rows without it match by exact URL and body hash
    # only, and join no story): each URL's dedupe key, and the body's MinHash sketch.
    url_keys: dict[str, str] = field(default_factory=dict)
    signature: bytes | None = None
    sketch_scheme: int = 0
    shingles: int = 0
    band_keys: list[int] = field(default_factory=list)


@dataclass(slots=True)
class StoreResult:
    """What a batch did: new articles, changed ones (a revision kept), already-known ones."""

    stored: int = 0
    revised: int = 0
    duplicate: int = 0
    article_ids: list[int] = field(default_factory=list)  # in the order of the rows given
    clustered: int = 0  # articles that joined (or started) a story

    def add(self, other: StoreResult) -> None:
        self.stored += other.stored
        self.revised += other.revised
        self.duplicate += other.duplicate
        self.clustered += other.clustered
        self.article_ids.extend(other.article_ids)


def compress_html(html: bytes) -> bytes:
    # Level 6 is zlib's default: about 5x smaller on news pages at a few ms per page.
    return zlib.compress(html, 6)


def decompress_html(blob: bytes) -> bytes:
    return zlib.decompress(blob)


# zlib releases the GIL: pages are compressed in this thread while PostgreSQL runs the batch's
# statements, instead of after them (about a fifth of a batch's time on a 2-core machine).
_compressor: ThreadPoolExecutor | None = None


def _compress_pages(rows: Sequence[ArticleRow]) -> Future[list[bytes | None]]:
    global _compressor
    if _compressor is None:
        _compressor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="polwire-compress")
    return _compressor.submit(
        lambda: [None if row.html is None else compress_html(row.html) for row in rows]
    )


def store_articles(
    conn: psycopg.Connection[tuple[object, ...]],
    rows: Sequence[ArticleRow],
    *,
    run_id: int | None,
    stories: StoryOptions | None = None,
    compressed_pages: Sequence[bytes | None] | None = None,
) -> StoreResult:
    """Store a batch in one transaction.

    A row is a stored article when one of its URLs, or URL dedupe keys, is that
    article's, when it has the same body at the same source, or when its body is
    a near-duplicate (``stories.same_article_similarity``) of one at the same
    source: unchanged, only ``last_seen_at`` moves; changed, the previous title
    and body go to ``article_revisions``. A near-duplicate of an earlier row of
    the batch at the same source is a duplicate of it. Every URL is added to
    ``article_urls``. New and revised articles are indexed and put in stories
    (see storage.stories). Two rows matching one article: the first one counts.
    """
    if not rows:
        return StoreResult()
    options = stories or StoryOptions()
    params = {"run_id": run_id}
    # Most rows of a batch are new: their pages are compressed before we know which are.
    # ``compressed_pages``: each row's page (compress_html), compressed by the caller before
    # (a crawl's extraction workers do it), so that the batch does not wait for its pages.
    pages = _compress_pages(rows) if compressed_pages is None else None
    # Entities are found before the batch takes the store lock (most rows are new).
    entity_tags = BatchTags.of(conn, rows)
    with conn.transaction():
        # One batch at a time across crawls: a batch must see every article committed before
        # it looks for copies, or two outlets' copies stored at once would miss each other.
        conn.execute(query("store_lock"))
        conn.execute(query("store_no_jit"))
        plan = prepare(conn, rows, options)
        conn.execute(_STAGE_CREATE)  # per session, emptied at every commit
        conn.execute(query("stage_matches_create"))
        conn.execute(query("stage_clear_articles"))
        conn.execute(query("stage_clear_matches"))
        with conn.cursor().copy(_STAGE_COPY) as copy:
            copy.set_types(STAGED_TYPES)
            for ord_, row in enumerate(rows):
                copy.write_row(
                    (
                        *_staged_values(ord_, row),
                        [row.url_keys.get(u) for u in [*row.urls, row.url]],
                        plan.same_as[ord_],
                        plan.same_as_ord[ord_],
                    )
                )
        with conn.pipeline():
            for step in _STAGE_STEPS:
                conn.execute(query(step), params if b"%(" in query(step) else None)
        summary = [
            (int(str(o)), None if a is None else int(str(a)), str(act), _int_or_none(story))
            for o, a, act, story in conn.execute(query("stage_summary")).fetchall()
        ]
        done = list(compressed_pages or ()) if pages is None else pages.result()
        _store_pages(conn, rows, summary, done)
        entity_tags.store(
            conn, [(o, a) for o, a, act, _ in summary if act in ("stored", "revised")]
        )
        clustered = assign(conn, rows, summary, plan, options)
    result = StoreResult()
    actions = Counter(action for _, _, action, _ in summary)
    result.stored = actions["stored"]
    result.revised = actions["revised"]
    result.duplicate = actions["duplicate"]
    result.article_ids = [a if a is not None else 0 for _, a, _, _ in summary]
    result.clustered = clustered
    logger.debug("stored batch of %d: %s", len(rows), dict(actions))
    return result


def _store_pages(
    conn: psycopg.Connection[tuple[object, ...]],
    rows: Sequence[ArticleRow],
    summary: Sequence[tuple[int, int | None, str, int | None]],
    compressed: Sequence[bytes | None],
) -> None:
    """Keep the raw page of new and changed articles (HTML goes straight to its table:
    staging it would copy the largest column twice)."""
    new: list[tuple[object, ...]] = []
    changed: list[tuple[object, ...]] = []
    for ord_, article_id, action, _ in summary:
        row, blob = rows[ord_], compressed[ord_]
        if blob is None or action not in ("stored", "revised"):
            continue
        values: tuple[object, ...] = (
            article_id,
            row.fetched_at,
            row.http_encoding,
            blob,
            row.etag,
            row.last_modified,
        )
        (new if action == "stored" else changed).append(values)
    if new:
        with conn.cursor().copy(query("pages_copy")) as copy:
            copy.set_types(_PAGE_TYPES)
            for values in new:
                copy.write_row(values)
    if changed:
        keys = ("article_id", "fetched_at", "http_encoding", "html_zlib", "etag", "last_modified")
        params = [dict(zip(keys, v, strict=True)) for v in changed]
        conn.cursor().executemany(query("page_upsert"), params)


def _int_or_none(value: object) -> int | None:
    return None if value is None else int(str(value))


def _staged_values(ord_: int, row: ArticleRow) -> tuple[object, ...]:
    """The row's values for STAGED_COLUMNS, by name, but for the three the store computes."""
    values = [getattr(row, name) for name, _ in STAGED_COLUMNS[1:-3]]
    return (ord_, *(Jsonb(v) if isinstance(v, dict) else v for v in values))


def add_url_aliases(
    conn: psycopg.Connection[tuple[object, ...]], canonical_url: str, urls: Iterable[str]
) -> None:
    """Record more URLs of the article stored under ``canonical_url`` (if it is stored)."""
    urls = list(urls)
    if urls:
        conn.execute(query("add_url_aliases"), {"canonical_url": canonical_url, "urls": urls})


def record_dropped(
    conn: psycopg.Connection[tuple[object, ...]],
    *,
    source: str,
    urls: Iterable[str],
    reason: str,
    seen_at: datetime,
    run_id: int | None,
) -> None:
    """Remember pages a crawl dropped, so the next incremental crawl skips them too."""
    conn.execute(
        query("record_dropped"),
        {
            "source": source,
            "urls": sorted(set(urls)),
            "reason": reason,
            "seen_at": seen_at,
            "run_id": run_id,
        },
    )


def known_urls(
    conn: psycopg.Connection[tuple[object, ...]],
    urls: Iterable[str],
    keys: Mapping[str, str] | None = None,
) -> dict[str, datetime]:
    """For the given URLs that belong to a stored article (by the URL itself, or by its
    dedupe key in ``keys``: an AMP or mobile spelling of a stored page), or to a page
    dropped before: when it was last seen."""
    wanted = list(dict.fromkeys(urls))
    if not wanted:
        return {}
    url_keys = [(keys or {}).get(url) for url in wanted]
    rows = conn.execute(query("known_urls"), {"urls": wanted, "keys": url_keys}).fetchall()
    known: dict[str, datetime] = {}
    for url, seen in rows:
        if isinstance(seen, datetime):
            key = str(url)
            known[key] = max(seen, known.get(key, seen))
    return known
