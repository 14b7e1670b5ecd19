"""The canonical URL's layers: <link rel=canonical>, og:url."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from crawler.extraction.parsed_page import ParsedPage


def _claimed(page: ParsedPage, href: str | None) -> str | None:
    """An absolute http(s) URL, unless it points a deep page at the site's root (a CMS
    default, not a claim)."""
    if not href:
        return None
    absolute = urljoin(page.url, href.strip())
    if not absolute.startswith(("http://", "https://")):
        return None
    if urlsplit(page.url).path.strip("/") and not urlsplit(absolute).path.strip("/"):
        return None
    return absolute


def link_canonical(page: ParsedPage) -> str | None:
    for link in page.tree.iter("link"):
        if (link.get("rel") or "").strip().lower() == "canonical":
            return _claimed(page, link.get("href"))
    return None


def og_url(page: ParsedPage) -> str | None:
    return _claimed(page, page.meta.first("og:url"))
