"""`polwire reparse`: stored raw pages re-extracted with the current code, changes applied."""

from __future__ import annotations

import subprocess
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
