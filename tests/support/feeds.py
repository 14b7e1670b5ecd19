"""RSS feeds and XML sitemaps for the local test sites, listing (path, last change) entries."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape


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
