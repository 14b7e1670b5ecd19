"""articles.search_vector: made after the batch commits, marked stale by changes to the
columns it is made of, and only those."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

from polwire.core.text import content_hash
from polwire.storage.articles import ArticleRow, store_articles
from polwire.storage.pool import open_pool
from polwire.storage.search_index import BackgroundIndexer, index_pending, pending_count

T0 = datetime(2025, 9, 8, 3, 0, tzinfo=UTC)


def _row(
    body: str, title: str, fetched_at: datetime = T0, url: str = "https://a.test/1"
) -> ArticleRow:
    return ArticleRow(
        source="src",
        url=url,
        urls=[url],
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


def test_vectors_are_made_after_the_batch_and_follow_revisions(db: psycopg.Connection) -> None:
    store_articles(db, [_row("The cabinet approved the defence budget.", "Budget")], run_id=None)
    assert pending_count(db) == 1 and _matches(db, "defence budget") == 0
    assert index_pending(db) == 1
    assert pending_count(db) == 0 and _matches(db, "defence budget") == 1
    later = T0 + timedelta(hours=1)
    store_articles(
        db, [_row("Parliament dissolved for a snap election.", "Election", later)], run_id=None
    )
    assert pending_count(db) == 1  # the revision made the old vector stale
    assert index_pending(db) == 1
    assert _matches(db, "defence") == 0
    assert _matches(db, "snap election") == 1


def test_index_pending_works_in_batches_and_leaves_nothing(db: psycopg.Connection) -> None:
    rows = [
        _row(f"Budget debate number {i} in the assembly.", f"Debate {i}", url=f"https://a.test/{i}")
        for i in range(7)
    ]
    store_articles(db, rows, run_id=None)
    assert index_pending(db, batch_size=3) == 7
    assert pending_count(db) == 0
    assert _matches(db, "assembly debate") == 7


def test_updates_of_other_columns_keep_the_vector(db: psycopg.Connection) -> None:
    store_articles(db, [_row("The cabinet approved the defence budget.", "Budget")], run_id=None)
    # A marker no text would produce: if moving last_seen_at or story_id recomputed or cleared
    # the vector, the marker would be gone.
    db.execute("UPDATE articles SET search_vector = to_tsvector('simple', 'zzmarker')")
    db.execute("UPDATE articles SET last_seen_at = now(), story_id = NULL, word_count = 7")
    assert _matches(db, "zzmarker") == 1
    db.execute("UPDATE articles SET title = 'Tariffs', body = 'New tariffs on steel.'")
    assert pending_count(db) == 1
    index_pending(db)
    assert _matches(db, "tariffs steel") == 1
    assert _matches(db, "zzmarker") == 0


def test_background_indexer_indexes_on_wake_and_at_close(
    db_url: str, db: psycopg.Connection
) -> None:
    indexer = BackgroundIndexer(db_url)
    store_articles(db, [_row("Talks on the trade pact resumed.", "Trade")], run_id=None)
    indexer.wake()
    store_articles(
        db,
        [_row("Summit ends with a joint statement.", "Summit", url="https://a.test/2")],
        run_id=None,
    )
    assert indexer.close(timeout=30)
    assert indexer.indexed == 2 and indexer.failures == 0
    assert pending_count(db) == 0
    assert _matches(db, "trade pact") == 1 and _matches(db, "joint statement") == 1


def test_background_indexer_survives_an_unreachable_database() -> None:
    indexer = BackgroundIndexer("postgresql://nobody@127.0.0.1:1/none")
    indexer.wake()
    assert indexer.close(timeout=30)
    assert indexer.failures == 1 and indexer.indexed == 0


def test_background_indexer_stops_at_its_deadline_and_leaves_the_rest_pending(
    db_url: str, db: psycopg.Connection
) -> None:
    rows = [
        _row(f"Story {i} about the diet.", f"S{i}", url=f"https://a.test/{i}") for i in range(3)
    ]
    store_articles(db, rows, run_id=None)
    indexer = BackgroundIndexer(db_url)
    indexer.close(timeout=0)  # past its deadline before the first batch
    indexer._thread.join(30)
    assert indexer.indexed == 0 and pending_count(db) == 3


def test_scheduler_housekeeping_indexes_what_a_killed_crawl_left(
    db_url: str, db: psycopg.Connection, tmp_path: Path
) -> None:
    import threading

    from polwire.runs.maintenance import Maintenance

    store_articles(db, [_row("Coalition talks collapsed overnight.", "Talks")], run_id=None)
    assert pending_count(db) == 1  # stored, then the crawl died before its indexer ran
    maintenance = Maintenance(
        pool=open_pool(db_url, application_name="test maintenance"),
        home=tmp_path,
        log_retention_days=30,
        clock=lambda: T0,
        stopping=threading.Event(),
    )
    maintenance.housekeeping()
    assert pending_count(db) == 0
    assert _matches(db, "coalition talks") == 1


def test_drain_spool_indexes_a_backlog_even_with_an_empty_spool(
    db: psycopg.Connection, tmp_path: Path
) -> None:
    from polwire.storage.drain import drain_spool

    store_articles(db, [_row("Snap election called for March.", "Election")], run_id=None)
    report = drain_spool(db, tmp_path / "spool")
    assert report.indexed == 1 and pending_count(db) == 0
    assert "1 indexed for search" in report.summary()
