"""The LSH index keeps only recent articles: the scheduler's housekeeping prunes the rows of
articles dated before [dedupe] index_days, and copies within the window still find theirs."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

from polwire.runs.maintenance import Maintenance
from polwire.storage.articles import store_articles
from polwire.storage.pool import open_pool
from polwire.storage.stories import StoryOptions
from tests.test_stories import body, republished, row, stories_of

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def lsh_articles(db: psycopg.Connection) -> dict[int, int]:
    """article id -> how many LSH rows it has."""
    return dict(
        db.execute("SELECT article_id, count(*) FROM article_lsh GROUP BY article_id").fetchall()
    )


def test_housekeeping_prunes_old_lsh_rows_and_recent_copies_still_join(
    db_url: str, db: psycopg.Connection, tmp_path: Path
) -> None:
    old_text, recent_text = (
        body("okinawa-base-relocation"),
        body("east-asia-election-year-analysis"),
    )
    stored = store_articles(
        db,
        [
            row("outlet_a", "https://a.test/old", old_text, at=NOW - timedelta(days=31)),
            row("outlet_a", "https://a.test/recent", recent_text, at=NOW - timedelta(days=3)),
        ],
        run_id=None,
    )
    old_id, recent_id = stored.article_ids
    assert lsh_articles(db) == {old_id: 42, recent_id: 42}
    days = dict(db.execute("SELECT article_id, min(day) FROM article_lsh GROUP BY 1").fetchall())
    assert days == {
        old_id: (NOW - timedelta(days=31)).date(),
        recent_id: (NOW - timedelta(days=3)).date(),
    }

    maintenance = Maintenance(
        pool=open_pool(db_url, application_name="test maintenance"),
        home=tmp_path,
        log_retention_days=30,
        clock=lambda: NOW,
        stopping=threading.Event(),
        stories=StoryOptions(index_days=30),
    )
    maintenance.housekeeping()
    assert lsh_articles(db) == {recent_id: 42}  # 31 days old: beyond index_days
    assert maintenance.prune_index() == 0  # nothing more to prune

    # Another outlet's copy published now, 3 days after the recent article: one story.
    copy = store_articles(
        db, [row("outlet_b", "https://b.test/1", republished(recent_text), at=NOW)], run_id=None
    )
    assert copy.clustered == 2
    found = stories_of(db)
    assert found["https://b.test/1"] == found["https://a.test/recent"] is not None
    assert found["https://a.test/old"] is None
    # The same outlet's near-copy under a new URL, within the window: still the same article.
    again = store_articles(
        db,
        [row("outlet_a", "https://a.test/recent-v2", republished(recent_text), at=NOW)],
        run_id=None,
    )
    assert again.article_ids == [recent_id] and again.stored == 0


def test_lookups_ignore_rows_outside_the_index_window(db: psycopg.Connection) -> None:
    # Not yet pruned, but a same-outlet near-copy dated 40 days later matches nothing: the
    # result does not depend on when housekeeping last ran.
    text = body("japan-defense-budget-record")
    first = store_articles(
        db, [row("outlet_a", "https://a.test/1", text, at=NOW - timedelta(days=40))], run_id=None
    )
    later = store_articles(
        db,
        [row("outlet_a", "https://a.test/1-moved", republished(text), at=NOW)],
        run_id=None,
        stories=StoryOptions(index_days=30),
    )
    assert later.stored == 1 and later.article_ids != first.article_ids
