"""The team's local news site for crawl tests: the stories of tests/support/newsroom_stories.py as
article pages, with a feed, a sitemap, a tracking-parameter variant, an AMP twin and a page that
robots.txt disallows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.support.cli import write_config
from tests.support.feeds import rss, sitemap
from tests.support.newsroom_pages import amp_page, story_page
from tests.support.newsroom_stories import STORIES, Story
from tests.support.server import Page, SiteServer

ROBOTS = b"User-agent: *\nDisallow: /private/\n"
BY_SLUG: dict[str, Story] = {story.slug: story for story in STORIES}


def story_names(count: int | None = None, *, language: str | None = None) -> list[str]:
    """Slugs of the newsroom's stories (each one stored article), in their fixed order."""
    names = [s.slug for s in STORIES if language is None or s.language == language]
    if count is not None:
        assert len(names) >= count, f"only {len(names)} newsroom stories"
        names = names[:count]
    return names


@dataclass
class NewsSite:
    """Paths of the generated site, to assert on what the crawl fetched."""

    server: SiteServer
    names: list[str]
    article_paths: dict[str, str] = field(default_factory=dict)
    tracking_path: str = ""
    amp_path: str = ""
    amp_of: str = ""
    disallowed_path: str = "/private/leak.html"

    @property
    def feed_url(self) -> str:
        return self.server.url("/feed.xml")

    @property
    def sitemap_url(self) -> str:
        return self.server.url("/sitemap.xml")

    def url(self, name: str) -> str:
        return self.server.url(self.article_paths[name])


def build_news_site(
    names: list[str] | None = None, *, updated: datetime | None = None, amp_twin: bool = True
) -> NewsSite:
    """The site, not yet started; every page is in ``site.server.pages`` for a test to edit."""
    names = list(names or story_names())
    server = SiteServer()
    site = NewsSite(server=server, names=names)
    when = updated or datetime(2025, 1, 1, tzinfo=UTC)
    entries: list[tuple[str, datetime]] = []
    for i, name in enumerate(names):
        path = f"/news/{name}.html"
        server.pages[path] = Page(story_page(BY_SLUG[name], server.url(path)))
        site.article_paths[name] = path
        entries.append((path, when + timedelta(minutes=i)))
    # The same article listed again with tracking parameters.
    site.tracking_path = f"{site.article_paths[names[0]]}?utm_source=rss&utm_medium=feed&fbclid=x1"
    entries.append((site.tracking_path, when))
    if amp_twin and len(names) > 1:
        # An AMP twin of the second article, whose rel=canonical names the original.
        site.amp_of = names[1]
        site.amp_path = f"/amp/{names[1]}.html"
        html = amp_page(BY_SLUG[names[1]], site.url(names[1]))
        server.pages[site.amp_path] = Page(html.encode("utf-8"))
        entries.append((site.amp_path, when))
    server.pages[site.disallowed_path] = Page(b"<html><body><h1>Private</h1></body></html>")
    entries.append((site.disallowed_path, when))
    server.pages["/robots.txt"] = Page(ROBOTS, "text/plain")
    server.pages["/feed.xml"] = Page(rss(server.base_url, entries), "application/rss+xml")
    server.pages["/sitemap.xml"] = Page(sitemap(server.base_url, entries), "application/xml")
    return site


def local_news_env(
    config_dir: Path,
    db_url: str,
    home: Path,
    site: NewsSite,
    *,
    before: str = "",
    source_lines: str = "",
    name: str = "local_news",
) -> dict[str, str]:
    """Environment for `polwire` with a ``local_news`` source on ``site``'s feed (JST dates).

    ``before`` goes ahead of the source table (e.g. a [scheduler] table), ``source_lines``
    into it (e.g. ``every_seconds = 5``)."""
    config = write_config(
        config_dir / "polwire.toml",
        f"""{before}
[[sources]]
name = "{name}"
feeds = ["{site.feed_url}"]
country = "JP"
timezone = "Asia/Tokyo"
{source_lines}
""",
    )
    return {"DATABASE_URL": db_url, "POLWIRE_HOME": str(home), "POLWIRE_CONFIG": str(config)}
