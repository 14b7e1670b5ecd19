"""Politics scope in real crawls: off-topic items of a mixed feed are dropped as OffTopic and
counted in the run; everything a source's politics feed lists is kept (scope reason "feed")."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest

from crawler.sources.model import Source
from polwire.core.scope import politics_reason
from tests.support.cli import polwire, write_config
from tests.support.feeds import rss
from tests.support.mirrors import host_map, load_mirror
from tests.support.newsroom import BY_SLUG
from tests.support.newsroom_pages import story_page
from tests.support.newsroom_stories import OFF_TOPIC
from tests.support.server import Page, SiteServer

SPORTS = "/category/sports/Ohtani-hits-50th-home-run-as-Dodgers-clinch-playoff-spot"
WHEN = datetime(2025, 1, 1, tzinfo=UTC)


def run_stats(db: psycopg.Connection) -> tuple[str, int, int, dict[str, Any]]:
    row = db.execute(
        "SELECT status, items_stored, items_dropped, stats FROM crawl_runs ORDER BY id DESC"
    ).fetchone()
    assert row is not None
    return row


@pytest.fixture
def japan_today() -> Iterator[SiteServer]:
    pages, _ = load_mirror("japan_today")
    with SiteServer(pages) as server:
        yield server


def test_mixed_feed_drops_the_off_topic_item_with_its_reason_counted(
    japan_today: SiteServer, db_url: str, polwire_home: Path, db: psycopg.Connection
) -> None:
    """Japan Today's main feed mixes sections; its sports item is listed like the rest."""
    feed = japan_today.pages["/japantoday.com/feed"].body.decode()
    assert f"https://japantoday.com{SPORTS}" in feed
    mapping = json.dumps(host_map(japan_today.base_url, ["japantoday.com"]))
    env = {"DATABASE_URL": db_url, "POLWIRE_HOME": str(polwire_home)}
    result = polwire("crawl", "japan_today", "-s", f"POLWIRE_HOST_MAP={mapping}", env=env)
    assert result.returncode == 0, result.stderr
    assert "1 dropped (OffTopic 1)" in result.stdout
    assert japan_today.count(f"/japantoday.com{SPORTS}") == 1  # fetched, read, then dropped

    status, stored, dropped, stats = run_stats(db)
    assert (status, dropped) == ("succeeded", 1)
    assert stats["drop_reasons"] == {"OffTopic": 1}
    assert stats["item_dropped_reasons_count/OffTopic"] == 1
    urls = {u for (u,) in db.execute("SELECT url FROM article_urls")}
    assert f"https://japantoday.com{SPORTS}" not in urls
    assert stored == db.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    # Both politics pages are under /category/politics/, the source's politics pattern.
    scopes = [s for (s,) in db.execute("SELECT field_layers->>'scope' FROM articles")]
    assert scopes == ["url", "url"]

    # The next (nightly) crawl does not fetch the dropped page again.
    japan_today.clear_log()
    again = polwire("crawl", "japan_today", "-s", f"POLWIRE_HOST_MAP={mapping}", env=env)
    assert again.returncode == 0, again.stderr
    assert japan_today.count(f"/japantoday.com{SPORTS}") == 0


@pytest.fixture
def two_feeds() -> Iterator[SiteServer]:
    """A mixed feed (a politics story, a typhoon story) and a politics-only feed whose one
    item (an airliner's bird strike) carries no politics words at all."""
    server = SiteServer()
    typhoon, bird_strike = OFF_TOPIC
    articles = {
        # Laid out without a section: it can only qualify by its words.
        "/news/politics.html": BY_SLUG["korea-prosecution-reform"],
        "/news/typhoon.html": typhoon,
        "/news/bird-strike.html": bird_strike,
    }
    for path, story in articles.items():
        server.pages[path] = Page(story_page(story, server.url(path)))
    server.pages["/robots.txt"] = Page(b"User-agent: *\nDisallow:\n", "text/plain")
    with server:
        base = server.base_url
        server.pages["/mixed.xml"] = Page(
            rss(base, [("/news/politics.html", WHEN), ("/news/typhoon.html", WHEN)])
        )
        server.pages["/politics.xml"] = Page(rss(base, [("/news/bird-strike.html", WHEN)]))
        yield server


def test_politics_feed_items_are_kept_and_the_mixed_feed_is_filtered(
    two_feeds: SiteServer, db_url: str, polwire_home: Path, tmp_path: Path, db: psycopg.Connection
) -> None:
    base = two_feeds.base_url
    config = write_config(
        tmp_path / "polwire.toml",
        f"""
[[sources]]
name = "scoped_local"
feeds = ["{base}/mixed.xml", "{base}/politics.xml"]
politics_feeds = ["{base}/politics.xml"]
politics_filter = true
country = "JP"
timezone = "Asia/Tokyo"
""",
    )
    env = {"DATABASE_URL": db_url, "POLWIRE_HOME": str(polwire_home), "POLWIRE_CONFIG": str(config)}
    result = polwire("crawl", "scoped_local", env=env)
    assert result.returncode == 0, result.stderr
    status, stored, dropped, stats = run_stats(db)
    assert (status, stored, dropped) == ("succeeded", 2, 1)
    assert stats["drop_reasons"] == {"OffTopic": 1}
    scopes = dict(db.execute("SELECT url, field_layers->>'scope' FROM articles").fetchall())
    assert scopes == {
        f"{base}/news/politics.html": "keywords",
        f"{base}/news/bird-strike.html": "feed",
    }


def test_the_feed_reason_comes_after_url_and_section() -> None:
    source = Source(
        name="s",
        politics_filter=True,
        politics_patterns=("/politics/",),
        politics_sections=("Politics",),
    )

    def reason(url: str, section: str | None, from_feed: bool) -> str | None:
        return politics_reason(
            source,
            url=url,
            section=section,
            title="Plane lands safely",
            body="No one was hurt.",
            from_politics_feed=from_feed,
        )

    assert reason("https://x/politics/1", None, True) == "url"
    assert reason("https://x/n/1", "politics", True) == "section"
    assert reason("https://x/n/1", "travel", True) == "feed"
    assert reason("https://x/n/1", "travel", False) is None
