"""Storage against a real PostgreSQL: migrations, batched article writes, revisions, URL lookups."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg

from polwire.core.text import content_hash
from polwire.storage.articles import (
    ArticleRow,
    decompress_html,
    known_urls,
    record_dropped,
    store_articles,
)
from polwire.storage.migrate import available_migrations, current_version, upgrade
from polwire.storage.runs import RunOutcome, finish_run, get_run, list_runs, start_run

T0 = datetime(2025, 9, 8, 3, 0, tzinfo=UTC)


def row(
    url: str,
    body: str,
    *,
    title: str = "Title",
    source: str = "src",
    urls: list[str] | None = None,
    fetched_at: datetime = T0,
) -> ArticleRow:
    return ArticleRow(
        source=source,
        url=url,
        urls=urls or [url],
        title=title,
        body=body,
        content_hash=content_hash(body),
        fetched_at=fetched_at,
        word_count=len(body.split()),
        html=b"<html>" + body.encode() + b"</html>",
    )


def test_migrations_are_recorded_and_idempotent(db: psycopg.Connection) -> None:
    assert current_version(db) == available_migrations()[-1].version
    assert upgrade(db) == []
    tables = {
        r[0]
        for r in db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
    }
    assert {
        "articles",
        "article_urls",
        "stories",
        "crawl_runs",
        "article_revisions",
        "schema_migrations",
    } <= tables


def test_store_new_duplicate_and_same_body_under_another_url(db: psycopg.Connection) -> None:
    first = store_articles(
        db,
        [row("https://a.test/1", "alpha beta gamma"), row("https://a.test/2", "delta epsilon")],
        run_id=None,
    )
    assert (first.stored, first.duplicate, first.revised) == (2, 0, 0)
    again = store_articles(
        db,
        [
            row("https://a.test/1", "alpha beta gamma", fetched_at=T0 + timedelta(days=1)),
            row("https://a.test/2?print=1", "Delta,  epsilon!"),
        ],
        run_id=None,
    )
    assert (again.stored, again.duplicate, again.revised) == (0, 2, 0)
    assert again.article_ids == first.article_ids
    assert db.execute("SELECT count(*) FROM articles").fetchone() == (2,)
    urls = db.execute(
        "SELECT url FROM article_urls WHERE article_id = %s ORDER BY url", (first.article_ids[1],)
    ).fetchall()
    assert urls == [("https://a.test/2",), ("https://a.test/2?print=1",)]
    seen = db.execute("SELECT last_seen_at FROM articles WHERE url = 'https://a.test/1'")
    assert seen.fetchone() == (T0 + timedelta(days=1),)


def test_changed_page_updates_article_and_keeps_a_revision(db: psycopg.Connection) -> None:
    store_articles(
        db, [row("https://a.test/1", "first version of the text", title="Old")], run_id=None
    )
    later = T0 + timedelta(hours=5)
    result = store_articles(
        db,
        [
            row(
                "https://a.test/1",
                "second version of the text, longer",
                title="New",
                fetched_at=later,
            )
        ],
        run_id=None,
    )
    assert (result.stored, result.revised) == (0, 1)
    assert db.execute("SELECT title, body FROM articles").fetchall() == [
        ("New", "second version of the text, longer")
    ]
    revision = db.execute(
        "SELECT title, body, seen_at, changed_fields, change_size FROM article_revisions"
    ).fetchall()
    # change_size: words removed (Old, first, text) and added (New, second, text,, longer)
    assert revision == [("Old", "first version of the text", T0, ["title", "body"], 32)]
    html = db.execute("SELECT html_zlib FROM article_pages").fetchone()
    assert decompress_html(html[0]) == b"<html>second version of the text, longer</html>"


def test_same_body_at_another_source_is_another_article(db: psycopg.Connection) -> None:
    body = "wire copy carried by two outlets"
    store_articles(db, [row("https://a.test/w", body, source="a")], run_id=None)
    result = store_articles(db, [row("https://b.test/w", body, source="b")], run_id=None)
    assert result.stored == 1


def test_known_urls_covers_every_url_and_dropped_pages(db: psycopg.Connection) -> None:
    store_articles(
        db,
        [
            row(
                "https://a.test/1",
                "text",
                urls=["https://a.test/1", "https://a.test/1?utm_source=x"],
            )
        ],
        run_id=None,
    )
    record_dropped(
        db,
        source="src",
        urls=["https://a.test/video"],
        reason="NotAnArticle",
        seen_at=T0,
        run_id=None,
    )
    found = known_urls(
        db, ["https://a.test/1?utm_source=x", "https://a.test/video", "https://a.test/new"]
    )
    assert found == {"https://a.test/1?utm_source=x": T0, "https://a.test/video": T0}


def test_run_lifecycle(db: psycopg.Connection) -> None:
    run_id = start_run(db, "src", log_path="/tmp/x.log", started_at=T0)
    assert get_run(db, run_id).status == "running"
    finish_run(
        db,
        run_id,
        RunOutcome(
            status="succeeded",
            items_stored=3,
            stats={"a": 1},
            finished_at=T0 + timedelta(seconds=90),
        ),
    )
    run = get_run(db, run_id)
    assert (run.status, run.items_stored, run.stats, run.duration_seconds()) == (
        "succeeded",
        3,
        {"a": 1},
        90.0,
    )
    assert [r.id for r in list_runs(db, source="src")] == [run_id]
    assert list_runs(db, source="other") == []
