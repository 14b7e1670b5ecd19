"""A local news site built from the real pages in ../shared/fixtures/news: a feed, a sitemap,
a tracking-parameter variant, an AMP twin and a page that robots.txt disallows."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from tests.support.cli import write_config
from tests.support.server import Page, SiteServer

NEWS_FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "news"

ROBOTS = b"User-agent: *\nDisallow: /private/\n"
_CANONICAL = re.compile(rb"<link[^>]+rel=[\"']?canonical[^>]*>", re.IGNORECASE)


def fixture_names() -> list[str]:
    if not NEWS_FIXTURES.is_dir():
        raise FileNotFoundError(f"news fixtures not found at {NEWS_FIXTURES}")
    return sorted(p.stem for p in NEWS_FIXTURES.glob("*.html"))


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

    def expected(self, name: str) -> dict[str, object]:
        data: dict[str, object] = json.loads((NEWS_FIXTURES / f"{name}.json").read_text("utf-8"))
        return data


def build_news_site(
    names: list[str] | None = None, *, updated: datetime | None = None, amp_twin: bool = True
) -> NewsSite:
    names = names or fixture_names()
    server = SiteServer()
    site = NewsSite(server=server, names=names)
    when = updated or datetime(2025, 1, 1, tzinfo=UTC)
    entries: list[tuple[str, datetime]] = []
    for i, name in enumerate(names):
        path = f"/news/{name}.html"
        server.pages[path] = Page((NEWS_FIXTURES / f"{name}.html").read_bytes())
        site.article_paths[name] = path
        entries.append((path, when + timedelta(minutes=i)))
    # The same article listed again with tracking parameters.
    site.tracking_path = f"{site.article_paths[names[0]]}?utm_source=rss&utm_medium=feed&fbclid=x1"
    entries.append((site.tracking_path, when))
    if amp_twin and len(names) > 1:
        # An AMP twin of the second article, whose rel=canonical names the original.
        site.amp_of = names[1]
        original = server.url(site.article_paths[names[1]])
        html = (NEWS_FIXTURES / f"{names[1]}.html").read_bytes()
        link = f'<link rel="canonical" href="{original}">'.encode()
        html = _CANONICAL.sub(b"", html)
        html = re.sub(rb"<head([^>]*)>", lambda m: m.group(0) + link, html, count=1)
        site.amp_path = f"/amp/{names[1]}.html"
        server.pages[site.amp_path] = Page(html)
        entries.append((site.amp_path, when))
    server.pages[site.disallowed_path] = Page(b"<html><body><h1>Private</h1></body></html>")
    entries.append((site.disallowed_path, when))
    server.pages["/robots.txt"] = Page(ROBOTS, "text/plain")
    server.pages["/feed.xml"] = Page(rss(server.base_url, entries), "application/rss+xml")
    server.pages["/sitemap.xml"] = Page(sitemap(server.base_url, entries), "application/xml")
    return site


def rss(base_url: str, entries: list[tuple[str, datetime]]) -> bytes:
    items = "".join(
        f"<item><title>Item {i}</title><link>{escape(base_url + path)}</link>"
        f"<pubDate>{format_datetime(when)}</pubDate></item>"
        for i, (path, when) in enumerate(entries)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Local news</title><link>{base_url}/</link>{items}</channel></rss>"
    ).encode()


def sitemap(base_url: str, entries: list[tuple[str, datetime]]) -> bytes:
    urls = "".join(
        f"<url><loc>{escape(base_url + path)}</loc><lastmod>{when.isoformat()}</lastmod></url>"
        for path, when in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    ).encode()


def local_news_env(
    config_dir: Path,
    db_url: str,
    home: Path,
    site: NewsSite,
    *,
    before: str = "",
    source_lines: str = "",
) -> dict[str, str]:
    """Environment for `polwire` with a ``local_news`` source on ``site``'s feed (JST dates).

    ``before`` goes ahead of the source table (e.g. a [scheduler] table), ``source_lines``
    into it (e.g. ``every_seconds = 5``)."""
    config = write_config(
        config_dir / "polwire.toml",
        f"""{before}
[[sources]]
name = "local_news"
feeds = ["{site.feed_url}"]
country = "JP"
timezone = "Asia/Tokyo"
{source_lines}
""",
    )
    return {"DATABASE_URL": db_url, "POLWIRE_HOME": str(home), "POLWIRE_CONFIG": str(config)}
