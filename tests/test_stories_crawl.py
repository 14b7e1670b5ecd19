"""Stories end to end: outlet B republishes 8 of outlet A's 46 articles (the team's newsroom) in
its own template with a new first line; both are crawled with `polwire crawl`, then listed with
`polwire stories`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

import psycopg
import pytest

from tests.support.cli import polwire, write_config
from tests.support.feeds import rss
from tests.support.newsroom import BY_SLUG, NewsSite, build_news_site, story_names
from tests.support.server import Page, SiteServer

A_NAMES = story_names()
# Spread over the list; and in each of the newsroom's languages.
B_NAMES = [*A_NAMES[2:30:6], *(story_names(1, language=lang)[0] for lang in ("ja", "ko", "zh"))]
assert len(B_NAMES) == len(set(B_NAMES)) == 8
NEW_FIRST_LINE = "Outlet B brings you this report from our partners, republished with permission."


def republished_page(name: str, *, dated: bool) -> bytes:
    """Outlet B's own template around the body of A's article, with a first line of its own;
    dated 3 hours after A's, or printing no date at all."""
    story = BY_SLUG[name]
    published = datetime.fromisoformat(story.published) + timedelta(hours=3)
    date_meta = (
        f'<meta property="article:published_time" content="{published.isoformat()}">'
        if dated
        else ""
    )
    paragraphs = [NEW_FIRST_LINE, *story.body.split("\n\n")]
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs if p.strip())
    title = escape(story.title)
    return f"""<!DOCTYPE html>
<html lang="{story.language}"><head><meta charset="utf-8">
<title>{title} | Outlet B</title>
<meta property="og:title" content="{title}">
<meta property="og:type" content="article">
{date_meta}
</head><body>
<header class="site-header"><a href="/">Outlet B</a>
<nav><a href="/politics/">Politics</a> <a href="/world/">World</a></nav></header>
<main><article class="story">
<h1 class="story-title">{title}</h1>
<p class="story-byline">By Outlet B staff</p>
<div class="story-body">
{body}
</div>
</article></main>
<footer>Copyright Outlet B. All rights reserved.</footer>
</body></html>""".encode()


@pytest.fixture(params=["dated", "undated"])
def sites(request: pytest.FixtureRequest) -> Iterator[tuple[NewsSite, SiteServer]]:
    """A, and B carrying 8 of A's stories: printing their own date, or none (then the date
    is the feed's, a year before A's: the story must not depend on it)."""
    dated = request.param == "dated"
    a = build_news_site(A_NAMES)
    b = SiteServer()  # another port: another site, so B's pages are never A's URLs
    entries = []
    for i, name in enumerate(B_NAMES):
        path = f"/world/{i}-{name}.html"
        b.pages[path] = Page(republished_page(name, dated=dated))
        entries.append((path, datetime(2025, 2, 1, tzinfo=UTC)))
    b.pages["/robots.txt"] = Page(b"User-agent: *\nAllow: /\n", "text/plain")
    b.pages["/feed.xml"] = Page(rss(b.base_url, entries), "application/rss+xml")
    a.server.start()
    b.start()
    yield a, b
    a.server.stop()
    b.stop()


@pytest.fixture
def env(
    db_url: str, polwire_home: Path, tmp_path: Path, sites: tuple[NewsSite, SiteServer]
) -> dict[str, str]:
    a, b = sites
    config = write_config(
        tmp_path / "polwire.toml",
        f"""
[[sources]]
name = "outlet_a"
feeds = ["{a.feed_url}"]
country = "JP"

[[sources]]
name = "outlet_b"
feeds = ["{b.url("/feed.xml")}"]
country = "JP"
""",
    )
    return {
        "DATABASE_URL": db_url,
        "POLWIRE_HOME": str(polwire_home),
        "POLWIRE_CONFIG": str(config),
    }


def test_republished_articles_share_a_story_and_nothing_else_does(
    request: pytest.FixtureRequest,
    sites: tuple[NewsSite, SiteServer],
    env: dict[str, str],
    db: psycopg.Connection,
) -> None:
    a, b = sites
    crawled = polwire("crawl", "outlet_a", "outlet_b", env=env)
    assert crawled.returncode == 0, crawled.stderr

    counts = dict(db.execute("SELECT source, count(*) FROM articles GROUP BY source").fetchall())
    assert counts == {"outlet_a": len(A_NAMES), "outlet_b": 8}

    story_of = {
        url: story for url, story in db.execute("SELECT url, story_id FROM articles").fetchall()
    }
    pairs = []
    for i, name in enumerate(B_NAMES):
        original = story_of[a.server.url(a.article_paths[name])]
        copy = story_of[b.url(f"/world/{i}-{name}.html")]
        assert original is not None, name
        assert copy == original, name
        pairs.append(original)
    assert len(set(pairs)) == 8
    # No other article is in a story.
    assert sum(1 for story in story_of.values() if story is not None) == 16

    stories = db.execute(
        "SELECT s.id, s.article_count, a.source FROM stories s"
        " JOIN articles a ON a.id = s.lead_article_id ORDER BY s.id"
    ).fetchall()
    # The lead is the earliest published: A's original when B's copy is dated 3 hours later,
    # B's copy when B prints no date and its feed dates it a year before A.
    lead = "outlet_a" if request.node.callspec.params["sites"] == "dated" else "outlet_b"
    assert stories == [(story, 2, lead) for story in sorted(pairs)]
    if lead == "outlet_b":
        layers = db.execute(
            "SELECT DISTINCT field_layers->>'published', published_at FROM articles"
            " WHERE source = 'outlet_b'"
        ).fetchall()
        assert layers == [("feed", datetime(2025, 2, 1, tzinfo=UTC))]

    # The AMP twin of A's second article is one of its URLs.
    twin = db.execute(
        "SELECT a.url FROM article_urls u JOIN articles a ON a.id = u.article_id WHERE u.url = %s",
        (a.server.url(a.amp_path),),
    ).fetchone()
    assert twin == (a.server.url(a.article_paths[a.amp_of]),)

    listed = polwire("stories", "--format", "json", env=env)
    assert listed.returncode == 0, listed.stderr
    payload = json.loads(listed.stdout)
    assert sorted(s["id"] for s in payload) == sorted(pairs)
    for story in payload:
        assert story["outlets"] == ["outlet_a", "outlet_b"]
        assert story["article_count"] == 2
        assert len(story["articles"]) == 2
        assert {article["source"] for article in story["articles"]} == {"outlet_a", "outlet_b"}
        assert [article["is_lead"] for article in story["articles"]] == [True, False]
        assert story["articles"][0]["id"] == story["lead_article_id"]

    table = polwire("stories", env=env)
    assert table.returncode == 0, table.stderr
    assert table.stdout.count("articles from outlet_a, outlet_b") == 8

    # A second crawl of both outlets changes nothing.
    again = polwire("crawl", "outlet_a", "outlet_b", env=env)
    assert again.returncode == 0, again.stderr
    assert db.execute("SELECT count(*), count(DISTINCT story_id) FROM articles").fetchone() == (
        len(A_NAMES) + 8,
        8,
    )
