"""Streams stored articles through a server-side cursor: constant memory whatever the archive."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row

from polwire.core.article_fields import EXPORTED_FIELDS
from polwire.storage.sql import query

# Columns of an exported article: the public ``articles`` columns (DESIGN.md), in this order.
EXPORT_COLUMNS = (
    "id",
    "source",
    "url",
    *EXPORTED_FIELDS,
    "story_id",
    "first_seen_at",
    "last_seen_at",
    "run_id",
)
# With ``gone``: when and why each was taken down (polwire watch) follow.
GONE_COLUMNS = (*EXPORT_COLUMNS, "gone_at", "gone_reason")
# Rows per round trip: large enough to amortize it, small enough that a batch of long
# articles stays a few megabytes.
FETCH_ROWS = 500


def iter_articles(
    conn: psycopg.Connection[Any],
    *,
    source: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    gone: bool = False,
    batch_rows: int = FETCH_ROWS,
) -> Iterator[dict[str, Any]]:
    """Yield articles oldest first, ``batch_rows`` at a time from a named (server-side) cursor.

    A named cursor lives in a transaction; the one opened here is ended when the iterator is
    exhausted or closed. ``gone``: only the articles taken down (articles.gone_at set).
    """
    params = {"source": source, "since": since, "until": until, "gone": gone}
    with (
        conn.transaction(),
        conn.cursor("polwire_export", row_factory=dict_row) as cur,
    ):
        cur.itersize = batch_rows
        cur.execute(query("export_articles"), params)
        yield from cur
