"""articles.search_vector follows the columns it is made of, and only those."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg

from crawler.text import content_hash
from storage.articles import ArticleRow, store_articles

T0 = datetime(2025, 9, 8, 3, 0, tzinfo=UTC)


def _row(body: str, title: str, fetched_at: datetime = T0) -> ArticleRow:
    return ArticleRow(
        source="src",
        url="https://a.test/1",
        urls=["https://a.test/1"],
        title=title,
        body=body,
        content_hash=content_hash(body),
        fetched_at=fetched_at,
        word_count=len(body.split()),
    )


def _matches(db: psycopg.Connection, words: str) -> int:
    row = db.execute(
        "SELECT count(*) FROM articles WHERE search_vector @@ websearch_to_tsquery('english', %s)",
        (words,),
    ).fetchone()
    assert row is not None
    return int(row[0])


def test_search_vector_is_written_with_the_text_and_follows_revisions(
    db: psycopg.Connection,
) -> None:
    store_articles(db, [_row("The cabinet approved the defence budget.", "Budget")], run_id=None)
    assert _matches(db, "defence budget") == 1
    store_articles(
        db,
        [
            _row(
                "Parliament dissolved for a snap election.",
                "Election",
                fetched_at=T0 + timedelta(hours=1),
            )
        ],
        run_id=None,
    )
    assert _matches(db, "defence") == 0
    assert _matches(db, "snap election") == 1


def test_updates_of_other_columns_do_not_recompute_the_vector(db: psycopg.Connection) -> None:
    store_articles(db, [_row("The cabinet approved the defence budget.", "Budget")], run_id=None)
    # A marker no text would produce: if moving last_seen_at or story_id recomputed the
    # vector (as a generated column does on every UPDATE), the marker would be gone.
    db.execute("UPDATE articles SET search_vector = to_tsvector('simple', 'zzmarker')")
    db.execute("UPDATE articles SET last_seen_at = now(), story_id = NULL, word_count = 7")
    assert _matches(db, "zzmarker") == 1
    db.execute("UPDATE articles SET title = 'Tariffs', body = 'New tariffs on steel.'")
    assert _matches(db, "tariffs steel") == 1
    assert _matches(db, "zzmarker") == 0
