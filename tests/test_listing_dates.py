"""A page that prints no date is stored with the date of the feed or sitemap entry that listed
it, and `field_layers.published` says which; a page's own date still wins."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import psycopg

from crawler.discovery import parse_feed, parse_sitemap
from tests.support.cli import polwire, write_config
from tests.support.server import Page, SiteServer

STORIES = {
    "Cabinet survives a vote": (
        "The cabinet survived a motion of no confidence on Tuesday after two coalition partners"
        " stayed loyal, though several backbenchers abstained and the opposition leader warned"
        " that the government had lost the public's trust over the handling of rice prices."
    ),
    "Diet passes the budget": (
        "Lawmakers approved the spending plan for the fiscal year late on Wednesday, with extra"
        " money for childcare subsidies and regional airports, while a proposed levy on"
        " tourists was dropped after objections from hotel owners in the prefectures."
    ),
    "Minister resigns": (
        "The trade minister stepped down over an undeclared donation from a construction firm,"
        " the third departure from the cabinet this year, and the prime minister named his"
        " deputy as acting minister until a reshuffle expected before the summer recess."
    ),
}


def page(title: str, date_meta: str = "") -> bytes:
    text = STORIES[title]
    paragraphs = "".join(f"<p>{text} {i}: {text}</p>" for i in range(3))
    return (
        f'<html lang="en"><head><meta property="og:type" content="article">{date_meta}'
        f"<title>{title}</title></head><body><article><h1>{title}</h1>{paragraphs}"
        "</article></body></html>"
    ).encode()


def feed(base: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        f"<item><link>{base}/a/undated-feed.html</link>"
        "<pubDate>Tue, 04 Mar 2025 06:00:00 GMT</pubDate></item>"
        f"<item><link>{base}/a/dated.html</link>"
        "<pubDate>Tue, 04 Mar 2025 06:00:00 GMT</pubDate></item>"
        "</channel></rss>"
    ).encode()


def sitemap(base: str) -> bytes:
    return (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"<url><loc>{base}/a/undated-sitemap.html</loc><lastmod>2025-03-09T00:00:00Z</lastmod>"
        "<news:news><news:publication_date>2025-03-05T12:00:00+09:00</news:publication_date>"
        "</news:news></url></urlset>"
    ).encode()


def test_feed_and_sitemap_parsers_keep_the_publication_date_apart_from_changes() -> None:
    (entry,) = parse_sitemap(sitemap("https://n.test"), "https://n.test/sitemap.xml").entries
    assert (entry.via, entry.published, entry.updated) == (
        "sitemap",
        datetime(2025, 3, 5, 3, 0, tzinfo=UTC),
        datetime(2025, 3, 9, tzinfo=UTC),
    )
    first = parse_feed(feed("https://n.test"), "https://n.test/feed.xml")[0]
    assert (first.via, first.dated) == ("feed", datetime(2025, 3, 4, 6, 0, tzinfo=UTC))


def test_undated_pages_take_the_date_their_listing_gives(
    db_url: str, db: psycopg.Connection, polwire_home: Path, tmp_path: Path
) -> None:
    server = SiteServer(
        {
            "/a/undated-feed.html": Page(page("Cabinet survives a vote")),
            "/a/undated-sitemap.html": Page(page("Diet passes the budget")),
            "/a/dated.html": Page(
                page(
                    "Minister resigns",
                    '<meta property="article:published_time" content="2025-03-01T10:00:00Z">',
                )
            ),
        }
    ).start()
    try:
        server.pages["/feed.xml"] = Page(feed(server.base_url), "application/rss+xml")
        server.pages["/sitemap.xml"] = Page(sitemap(server.base_url), "application/xml")
        config = write_config(
            tmp_path / "polwire.toml",
            f'[[sources]]\nname = "undated_news"\nfeeds = ["{server.url("/feed.xml")}"]\n'
            f'sitemaps = ["{server.url("/sitemap.xml")}"]\ncountry = "JP"\n',
        )
        env = {
            "DATABASE_URL": db_url,
            "POLWIRE_HOME": str(polwire_home),
            "POLWIRE_CONFIG": str(config),
        }
        result = polwire("crawl", "undated_news", env=env)
        assert result.returncode == 0, result.stderr
    finally:
        server.stop()
    stored = {
        url.rsplit("/", 1)[-1]: (published, layers.get("published"))
        for url, published, layers in db.execute(
            "SELECT url, published_at, field_layers FROM articles"
        ).fetchall()
    }
    assert stored == {
        "undated-feed.html": (datetime(2025, 3, 4, 6, 0, tzinfo=UTC), "feed"),
        "undated-sitemap.html": (datetime(2025, 3, 5, 3, 0, tzinfo=UTC), "sitemap"),
        "dated.html": (datetime(2025, 3, 1, 10, 0, tzinfo=UTC), "meta"),
    }
    stats = db.execute("SELECT stats FROM crawl_runs").fetchone()[0]
    assert stats["polwire/layer/published/feed"] == 1
    assert stats["polwire/layer/published/sitemap"] == 1
