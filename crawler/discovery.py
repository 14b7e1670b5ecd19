"""Finds article URLs in RSS/Atom feeds, XML sitemaps and section pages."""

from __future__ import annotations

import calendar
import gzip
import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree, html

logger = logging.getLogger(__name__)

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit, uncompressed


@dataclass(slots=True, frozen=True)
class Entry:
    """An article URL as a discovery point lists it, with the time it says the page changed
    and, where it says so, when the article was published."""

    url: str
    updated: datetime | None = None
    title: str | None = None
    published: datetime | None = None  # pubDate, news:publication_date, an API's date
    via: str = "listing"  # feed, sitemap, api or listing: the layer a date it gives comes from

    @property
    def dated(self) -> datetime | None:
        """The date a page that prints none is stored with: published, else last changed."""
        return self.published or self.updated


@dataclass(slots=True)
class Sitemap:
    children: list[Entry]  # further sitemaps (from a sitemap index)
    entries: list[Entry]  # pages (from a urlset)


def parse_feed(body: bytes, base_url: str) -> list[Entry]:
    """Entries of an RSS 0.9x/1.0/2.0 or Atom feed; tolerant of malformed feeds."""
    import feedparser  # imported here: it is slow to import and only feeds need it

    parsed: Any = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    entries = []
    for item in parsed.entries:
        link = _feed_link(item)
        if not link:
            continue
        url = absolute_url(base_url, link)
        published = _feed_time(item.get("published_parsed"))
        # dict.get: feedparser's own get() falls back to the published date with a warning.
        updated = _feed_time(dict.get(item, "updated_parsed")) or published
        entries.append(Entry(url, updated, item.get("title"), published, "feed"))
    if not entries and parsed.bozo:
        logger.warning("feed %s unreadable: %s", base_url, parsed.get("bozo_exception"))
    return entries


def absolute_url(base_url: str, href: str) -> str:
    """``href`` made absolute against ``base_url``; as it is when it cannot be (a broken IPv6
    host): the spider then counts it as a link no request can be made of, and one such link
    in a hostile feed, sitemap or page costs none of the others."""
    try:
        return urljoin(base_url, href.strip())
    except ValueError:
        return href.strip()


def _hostname(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def _feed_time(stamp: Any) -> datetime | None:
    return datetime.fromtimestamp(calendar.timegm(stamp), UTC) if stamp else None


def _feed_link(item: Any) -> str | None:
    link = item.get("link")
    if link:
        return str(link)
    for candidate in item.get("links", []):
        if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
            return str(candidate["href"])
    guid = item.get("id", "")
    return str(guid) if str(guid).startswith("http") else None


def parse_sitemap(body: bytes, base_url: str) -> Sitemap:
    """A sitemap index or urlset, gzipped or not; ``news:publication_date`` counts as an update."""
    if body[:2] == b"\x1f\x8b":
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
            body = stream.read(MAX_SITEMAP_BYTES + 1)
        if len(body) > MAX_SITEMAP_BYTES:
            raise ValueError(f"sitemap {base_url} is over {MAX_SITEMAP_BYTES} bytes uncompressed")
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.fromstring(body, parser=parser)
    result = Sitemap([], [])
    if root is None:
        return result
    kind = etree.QName(root).localname
    for node in root:
        if not isinstance(node.tag, str):
            continue
        loc, stamps, published = None, [], None
        for child in node.iter():
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            text = (child.text or "").strip()
            if name == "loc" and loc is None and text:
                loc = text
            elif name in ("lastmod", "publication_date") and text:
                stamps.append(parse_w3c_datetime(text))
                if name == "publication_date":
                    published = stamps[-1]
        if not loc:
            continue
        url = absolute_url(base_url, loc)
        known = [s for s in stamps if s is not None]
        entry = Entry(url, max(known) if known else None, None, published, "sitemap")
        (result.children if kind == "sitemapindex" else result.entries).append(entry)
    return result


def links_on_page(body: bytes | str, base_url: str, patterns: Iterable[str]) -> list[Entry]:
    """Links on a section page whose absolute URL matches one of ``patterns`` (any same-site
    link when there are none), in page order, without duplicates."""
    compiled = [re.compile(p) for p in patterns]
    try:
        tree = html.fromstring(body)
    except (etree.ParserError, ValueError):
        return []
    host = urlsplit(base_url).hostname
    seen: dict[str, Entry] = {}
    for anchor in tree.iterfind(".//a[@href]"):
        href = anchor.get("href", "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        url = absolute_url(base_url, href).split("#", 1)[0]
        if compiled:
            if not any(p.search(url) for p in compiled):
                continue
        elif _hostname(url) != host:
            continue
        if url not in seen:
            seen[url] = Entry(url, None, anchor.text_content().strip() or None)
    return list(seen.values())


_W3C = re.compile(
    r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?)?)?$"
)


def parse_w3c_datetime(text: str) -> datetime | None:
    """Sitemap dates (W3C datetime, a year up to seconds with a zone); naive ones are UTC."""
    match = _W3C.match(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        naive = datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
        )
    except ValueError:
        return None
    if not zone or zone == "Z":
        return naive.replace(tzinfo=UTC)
    sign = 1 if zone[0] == "+" else -1
    digits = zone[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return naive.replace(tzinfo=timezone(sign * offset))
