"""The crawl process's one door to PostgreSQL (storage.session) and the one function that writes a
batch (storage.batch), against a real PostgreSQL and real directories."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from polwire.config import Config
from polwire.storage.batch import Batch, DroppedPage, batch_of_records, batch_records, write_batch
from polwire.storage.errors import DatabaseUnavailable
from polwire.storage.session import CrawlSession, KeepingImpossible, attach_session, session_of
from polwire.storage.spool import pending_runs, spool_root
from tests.test_spool import with_host
from tests.test_storage import row

T0 = datetime(2025, 9, 8, 3, 0, tzinfo=UTC)
BODY = "The assembly passed the budget after a night of talks between the parties. " * 8


def session(url: str, home: Path) -> CrawlSession:
    made = CrawlSession(config=Config(), home=home, url=url)
    made.begin_run(source="local_news", started_at=T0, trigger="manual", log_path=None)
    return made


def test_every_connection_comes_from_one_pool(db_url: str, polwire_home: Path) -> None:
    crawl = session(db_url, polwire_home)
    try:
        with crawl.connection() as conn:
            first = conn.info.backend_pid
        with crawl.connection() as conn:
            second = conn.info.backend_pid
        assert first == second
        assert not crawl.down
    finally:
        crawl.close()
    with pytest.raises(DatabaseUnavailable, match="closed"), crawl.connection():
        pass


def test_a_database_found_down_stays_down_and_the_run_spools_once(
    db_url: str, polwire_home: Path
) -> None:
    crawl = session(with_host(db_url, "127.0.0.1", 1), polwire_home)
    with pytest.raises(DatabaseUnavailable, match=r"127\.0\.0\.1:1/"), crawl.connection():
        pass
    assert crawl.down
    # Down for the rest of the run, even for a database that is back: the spool keeps order.
    crawl._url = db_url
    with pytest.raises(DatabaseUnavailable, match="Connection refused"), crawl.connection():
        pass

    assert crawl.outage is not None
    spool = crawl.spool_for(crawl.outage)
    assert crawl.spool_for(DatabaseUnavailable("again")) is spool
    [run] = pending_runs(spool_root(polwire_home))
    assert run.directory == spool.directory
    assert run.info.source == "local_news" and "Connection refused" in run.info.cause


def test_no_database_and_a_home_below_a_file_cannot_keep_anything(
    db_url: str, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    crawl = session(with_host(db_url, "127.0.0.1", 1), blocker / "home")
    with pytest.raises(DatabaseUnavailable), crawl.connection():
        pass
    assert crawl.outage is not None
    with pytest.raises(KeepingImpossible, match=r"spool under .*file/home cannot be written"):
        crawl.spool_for(crawl.outage)
    assert crawl.spool is None


def test_a_session_is_found_on_its_crawler_or_named_missing(
    db_url: str, polwire_home: Path
) -> None:
    class Crawler:
        pass

    crawler = Crawler()
    with pytest.raises(LookupError, match="ConfigAddon"):
        session_of(crawler)
    made = attach_session(crawler, session(db_url, polwire_home))
    assert session_of(crawler) is made


def test_a_batch_is_written_whole_or_not_at_all(db: psycopg.Connection) -> None:
    good = row("https://example.org/a", BODY)
    # PostgreSQL text holds no NUL: the dropped page fails after the articles were staged.
    bad = DroppedPage(source="src", urls=["https://example.org/\x00"], reason="NoTitle", seen_at=T0)
    with pytest.raises(psycopg.DataError):
        write_batch(db, Batch(rows=[good], dropped=[bad]), run_id=None)
    assert db.execute("SELECT count(*) FROM articles").fetchone() == (0,)

    kept = DroppedPage(source="src", urls=["https://example.org/b"], reason="NoTitle", seen_at=T0)
    batch = Batch(rows=[good], aliases=[(good.url, ["https://example.org/a?x=1"])], dropped=[kept])
    result = write_batch(db, batch, run_id=None)
    assert (result.stored, result.duplicate) == (1, 0)
    urls = db.execute("SELECT url FROM article_urls ORDER BY url").fetchall()
    assert urls == [("https://example.org/a",), ("https://example.org/a?x=1",)]
    assert db.execute("SELECT url, reason FROM dropped_pages").fetchall() == [
        ("https://example.org/b", "NoTitle")
    ]


def test_a_batch_goes_to_the_spool_and_back_unchanged() -> None:
    batch = Batch(
        rows=[row("https://example.org/a", BODY)],
        aliases=[("https://example.org/a", ["https://m.example.org/a"])],
        dropped=[DroppedPage(source="src", urls=["u"], reason="OffTopic", seen_at=T0)],
    )
    back = batch_of_records(batch_records(batch))
    assert back.rows == batch.rows
    assert back.aliases == batch.aliases
    assert back.dropped == batch.dropped
