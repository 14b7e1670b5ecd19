"""`polwire reparse`: stored raw pages re-extracted with the current code, changes applied."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.support.cli import polwire, write_config
from tests.support.newsroom import NewsSite, build_news_site

BYLINED = "seoul-budget-standoff"  # two reporters in its article:author tags
PLAIN = "korea-prosecution-reform"  # no section, no wire
PAGES = [BYLINED, "ja-lower-house-dissolution", "ko-assembly-budget", PLAIN]


@pytest.fixture
def site() -> NewsSite:
    site = build_news_site(PAGES, amp_twin=False)
    site.server.start()
    yield site
    site.server.stop()


@pytest.fixture
def env(db_url: str, polwire_home: Path, tmp_path: Path, site: NewsSite) -> dict[str, str]:
    config = write_config(
        tmp_path / "polwire.toml",
        f'[[sources]]\nname = "local_news"\nfeeds = ["{site.feed_url}"]\n'
        'country = "JP"\ntimezone = "Asia/Tokyo"\n',
    )
    env = {"DATABASE_URL": db_url, "POLWIRE_HOME": str(polwire_home), "POLWIRE_CONFIG": str(config)}
    crawl = polwire("crawl", "local_news", env=env)
    assert crawl.returncode == 0, crawl.stderr
    return env


def summary(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_reparse_restores_edited_articles_and_keeps_a_revision(
    env: dict[str, str], db: psycopg.Connection, site: NewsSite
) -> None:
    stored = db.execute("SELECT count(*) FROM article_pages").fetchone()[0]
    assert stored == len(PAGES)
    # Straight after the crawl, the current code reads every page as the crawl did.
    assert summary(polwire("reparse", env=env)).startswith(
        f"reparse: {stored} pages, 0 changed (0 new revisions), {stored} unchanged, 0 failed"
    )

    bylined = site.url(BYLINED)
    plain = site.url(PLAIN)
    current = db.execute(
        "SELECT id, title, body, authors FROM articles WHERE url = %s", (bylined,)
    ).fetchone()
    assert current is not None
    article_id, title, body, authors = current
    assert authors == ["Park Ji-won", "Lee Seo-yeon"]
    # As if an older extractor had stored a worse reading of the same pages.
    db.execute(
        "UPDATE articles SET title = 'Old title', body = 'Old body text.', content_hash = 'old',"
        " authors = '{}' WHERE id = %s",
        (article_id,),
    )
    db.execute("UPDATE articles SET section = 'wrong', wire = 'Kyodo' WHERE url = %s", (plain,))

    dry = summary(polwire("reparse", "--dry-run", env=env))
    assert dry.startswith(f"reparse: {stored} pages, 2 changed (1 new revisions)")
    assert dry.endswith("(dry run: nothing written)")
    assert db.execute("SELECT title FROM articles WHERE id = %s", (article_id,)).fetchone() == (
        "Old title",
    )

    line = summary(polwire("reparse", env=env))
    assert line.startswith(
        f"reparse: {stored} pages, 2 changed (1 new revisions), {stored - 2} unchanged, 0 failed"
    )
    assert "pages/s" in line and "body 1" in line and "section 1" in line
    assert db.execute(
        "SELECT title, body, authors FROM articles WHERE id = %s", (article_id,)
    ).fetchone() == (title, body, authors)
    revisions = db.execute(
        "SELECT article_id, title, body, changed_fields FROM article_revisions"
    ).fetchall()
    assert revisions == [(article_id, "Old title", "Old body text.", ["title", "body"])]
    assert db.execute("SELECT section, wire FROM articles WHERE url = %s", (plain,)).fetchone() == (
        None,
        None,
    )

    # Nothing left to change; filters narrow the pages read.
    assert " 0 changed" in summary(polwire("reparse", env=env))
    assert summary(polwire("reparse", "--source", "elsewhere", env=env)).startswith(
        "reparse: 0 pages"
    )
    assert summary(polwire("reparse", "--limit", "1", env=env)).startswith("reparse: 1 pages")
    assert summary(polwire("reparse", "--since", "2999-01-01", env=env)).startswith(
        "reparse: 0 pages"
    )


def test_reparse_reads_an_ad_hoc_crawl_s_pages_with_the_generic_extractor(
    db_url: str, polwire_home: Path, tmp_path: Path, db: psycopg.Connection, site: NewsSite
) -> None:
    # No [[sources]] at all: the pages belong to a source no registry knows.
    config = write_config(tmp_path / "polwire.toml", "")
    env = {"DATABASE_URL": db_url, "POLWIRE_HOME": str(polwire_home), "POLWIRE_CONFIG": str(config)}
    crawl = polwire("crawl", "--feed", site.feed_url, "--name", "one_off", env=env)
    assert crawl.returncode == 0, crawl.stderr
    stored = db.execute("SELECT count(*) FROM article_pages").fetchone()[0]
    assert stored == len(PAGES)
    assert db.execute("SELECT DISTINCT source FROM articles").fetchall() == [("one_off",)]

    line = summary(polwire("reparse", env=env))
    assert line.startswith(
        f"reparse: {stored} pages, 0 changed (0 new revisions), {stored} unchanged, 0 failed"
    )


# --- the dedupe data follow the new text -----------------------------------------------------

SHARED = "ja-lower-house-dissolution"  # carried by outlet A and republished by outlet B
STALE_TEXT = " ".join(f"unrelated{i} filler{i % 7} words{i % 13}" for i in range(120))


@pytest.fixture
def two_outlets(db_url: str, polwire_home: Path, tmp_path: Path) -> Iterator[dict[str, str]]:
    """Outlet A with two stories, outlet B republishing one of them, both crawled."""
    from datetime import UTC, datetime

    from tests.support.feeds import rss
    from tests.support.server import Page, SiteServer
    from tests.test_stories_crawl import republished_page

    a = build_news_site([SHARED, PLAIN], amp_twin=False)
    b = SiteServer()
    b.pages["/world/1.html"] = Page(republished_page(SHARED, dated=True))
    b.pages["/robots.txt"] = Page(b"User-agent: *\nAllow: /\n", "text/plain")
    b.pages["/feed.xml"] = Page(
        rss(b.base_url, [("/world/1.html", datetime(2025, 2, 1, tzinfo=UTC))]),
        "application/rss+xml",
    )
    a.server.start()
    b.start()
    config = write_config(
        tmp_path / "polwire.toml",
        f'[[sources]]\nname = "outlet_a"\nfeeds = ["{a.feed_url}"]\n'
        'country = "JP"\ntimezone = "Asia/Tokyo"\n'
        f'[[sources]]\nname = "outlet_b"\nfeeds = ["{b.url("/feed.xml")}"]\n'
        'country = "JP"\ntimezone = "Asia/Tokyo"\n',
    )
    env = {"DATABASE_URL": db_url, "POLWIRE_HOME": str(polwire_home), "POLWIRE_CONFIG": str(config)}
    for name in ("outlet_a", "outlet_b"):
        crawl = polwire("crawl", name, env=env)
        assert crawl.returncode == 0, crawl.stderr
    yield env
    a.server.stop()
    b.stop()


def lsh_keys(db: psycopg.Connection, article_id: int) -> set[tuple[int, int]]:
    rows = db.execute(
        "SELECT band, bucket FROM article_lsh WHERE article_id = %s", (article_id,)
    ).fetchall()
    return {(int(band), int(bucket)) for band, bucket in rows}


def test_reparse_makes_sketches_lsh_rows_and_stories_follow_the_new_text(
    two_outlets: dict[str, str], db: psycopg.Connection
) -> None:
    from polwire.core.minhash import sketch_text

    [(a_id, story_id)] = db.execute(
        "SELECT id, story_id FROM articles WHERE source = 'outlet_a' AND story_id IS NOT NULL"
    ).fetchall()
    [(b_id, b_story, body)] = db.execute(
        "SELECT id, story_id, body FROM articles WHERE source = 'outlet_b'"
    ).fetchall()
    assert b_story == story_id  # the crawl put B's copy in A's story
    crawled = sketch_text(body)
    assert crawled is not None
    # As an older extractor would have left B's article: another text, its sketch and LSH rows
    # made from that text, and so in no story.
    stale = sketch_text(STALE_TEXT)
    assert stale is not None
    day = db.execute("SELECT min(day) FROM article_lsh WHERE article_id = %s", (b_id,)).fetchone()
    db.execute(
        "UPDATE articles SET body = %s, content_hash = 'stale', story_id = NULL WHERE id = %s",
        (STALE_TEXT, b_id),
    )
    db.execute(
        "UPDATE article_sketches SET signature = %s, shingles = %s WHERE article_id = %s",
        (stale.to_bytes(), stale.shingles, b_id),
    )
    db.execute("DELETE FROM article_lsh WHERE article_id = %s", (b_id,))
    for band, bucket in enumerate(stale.band_keys()):
        db.execute(
            "INSERT INTO article_lsh (band, day, bucket, article_id) VALUES (%s, %s, %s, %s)",
            (band, day[0], bucket, b_id),
        )

    line = summary(polwire("reparse", "--source", "outlet_b", env=two_outlets))

    assert line.startswith("reparse: 1 pages, 1 changed (1 new revisions)")
    assert "1 in stories" in line
    after = db.execute(
        "SELECT a.body, a.story_id, s.signature, s.shingles FROM articles a"
        " JOIN article_sketches s ON s.article_id = a.id WHERE a.id = %s",
        (b_id,),
    ).fetchone()
    assert after == (body, story_id, crawled.to_bytes(), crawled.shingles)
    assert set(enumerate(crawled.band_keys())) <= lsh_keys(db, b_id)
    assert lsh_keys(db, a_id)  # A's own rows are as they were
