"""Watch passes over a site in trouble (real crawl, real command, real PostgreSQL): timeouts,
a login wall and robots.txt turning the pages away are never takedowns; a 404 seen twice
within [watch] confirm_seconds is not one yet; the revisit plan has nothing due right after
a crawl."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.support.cli import polwire
from tests.support.newsroom import ROBOTS, NewsSite, build_news_site, local_news_env, story_names
from tests.support.server import Page
from tests.support.watch_site import add_validators, not_found_page

NAMES = story_names(5)
SLOW, WALLED, FORBIDDEN, MISSING, FINE = NAMES


@pytest.fixture
def site() -> Iterator[NewsSite]:
    site = build_news_site(NAMES, amp_twin=False)
    add_validators(site)
    site.server.start()
    yield site
    site.server.stop()


@pytest.fixture
def env(db_url: str, polwire_home: Path, tmp_path: Path, site: NewsSite) -> dict[str, str]:
    return local_news_env(tmp_path, db_url, polwire_home, site)  # confirm_seconds: 3600


def checks(db: psycopg.Connection, site: NewsSite, name: str) -> list[tuple[object, ...]]:
    return db.execute(
        "SELECT c.outcome, c.http_status, c.detail FROM article_checks c"
        " JOIN articles a ON a.id = c.article_id WHERE a.url = %s ORDER BY c.id",
        (site.url(name),),
    ).fetchall()


def test_trouble_is_never_a_takedown(
    site: NewsSite, env: dict[str, str], db: psycopg.Connection
) -> None:
    assert polwire("crawl", "local_news", env=env).returncode == 0
    assert db.execute("SELECT count(*) FROM articles").fetchone() == (5,)
    due = polwire("watch", "local_news", "--due", env=env)
    assert due.returncode == 0, due.stderr
    assert due.stdout.startswith("local_news: checked 0, unchanged 0,"), due.stdout

    pages = site.server.pages
    pages[site.article_paths[SLOW]] = Page(pages[site.article_paths[SLOW]].body, delay=3)
    pages[site.article_paths[WALLED]] = Page(
        b"<html><body><h1>Sign in</h1><form><input type=password></form></body></html>",
        status=403,
    )
    pages["/robots.txt"] = Page(
        ROBOTS + f"Disallow: {site.article_paths[FORBIDDEN]}\n".encode(), "text/plain"
    )
    pages[site.article_paths[MISSING]] = not_found_page(404)
    for _ in range(2):
        result = polwire(
            "watch", "local_news", "-s", "DOWNLOAD_TIMEOUT=1", "-s", "RETRY_TIMES=0", env=env
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(
            "local_news: checked 5, unchanged 1, edited 0, moved 0, gone 0, back 0, errors 2;"
        ), result.stdout
        assert "1 gone awaiting confirmation" in result.stdout and "1 walled" in result.stdout

    assert checks(db, site, SLOW) == [("error", None, "DownloadTimeoutError")] * 2
    assert checks(db, site, WALLED) == [("walled", 403, None)] * 2
    assert checks(db, site, FORBIDDEN) == [("error", None, "ignored")] * 2
    assert checks(db, site, MISSING) == [("gone", 404, "http_404")] * 2
    assert checks(db, site, FINE) == [("unchanged", 304, None)] * 2
    # Seen gone twice, but within the hour: not confirmed, and no checked page lost its text.
    assert db.execute("SELECT count(*) FROM articles WHERE gone_at IS NOT NULL").fetchone() == (0,)
    assert db.execute(
        "SELECT w.suspect_reason FROM article_watch w JOIN articles a ON a.id = w.article_id"
        " WHERE a.url = %s",
        (site.url(MISSING),),
    ).fetchone() == ("http_404",)
    assert db.execute("SELECT count(*) FROM article_revisions").fetchone() == (0,)
    runs = db.execute(
        "SELECT trigger, status, health->>'status' FROM crawl_runs ORDER BY id"
    ).fetchall()
    assert [r[:2] for r in runs] == [("manual", "succeeded")] + [("watch", "succeeded")] * 3


def test_requests_that_wait_for_robots_txt_obey_it(
    site: NewsSite, db_url: str, polwire_home: Path, tmp_path: Path
) -> None:
    """Four feeds of one domain start together; robots.txt forbids two: neither is fetched
    (Scrapy's own middleware let every request but the first through unchecked)."""
    pages = site.server.pages
    for name in ("a", "b", "c"):
        pages[f"/feeds/{name}.xml"] = pages["/feed.xml"]
    pages["/robots.txt"] = Page(ROBOTS + b"Disallow: /feeds/b.xml\nDisallow: /feeds/c.xml\n")
    feeds = ", ".join(
        f'"{site.server.url(p)}"'
        for p in ("/feed.xml", "/feeds/a.xml", "/feeds/b.xml", "/feeds/c.xml")
    )
    env = local_news_env(tmp_path, db_url, polwire_home, site)
    config = Path(env["POLWIRE_CONFIG"])
    config.write_text(
        config.read_text().replace(f'feeds = ["{site.feed_url}"]', f"feeds = [{feeds}]")
    )
    result = polwire("crawl", "local_news", env=env)
    assert result.returncode == 0, result.stderr
    assert [site.server.count(f"/feeds/{n}.xml") for n in ("a", "b", "c")] == [1, 0, 0]
    assert site.server.count("/feed.xml") == 1
