"""The section's layers: meta, JSON-LD (articleSection, breadcrumbs), the URL's path."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from crawler.extraction.parsed_page import SECTION_META, ParsedPage

# URL path words that name a section rather than being one.
_PATH_NOISE = frozenset(
    {
        "news",
        "category",
        "article",
        "articles",
        "story",
        "stories",
        "a",
        "n1",
        "p",
        "amp",
        "www",
        "en",
        "english",
        "ja",
        "ko",
        "zh",
        "archives",
        "read",
        "view",
        "content",
        "post",
        "posts",
        "index",
    }
)
_LONGEST_PATH_SECTION = 20


def _is_noise(value: str) -> bool:
    words = [w for w in re.split(r"[\W_]+", value.casefold()) if w]
    return all(word in _PATH_NOISE for word in words)


def _named(value: str | None) -> str | None:
    # CMS defaults like "Article" or "News" name the page type, not a section.
    return value if value and not _is_noise(value) else None


def meta_section(page: ParsedPage) -> str | None:
    return _named(page.meta.first(*SECTION_META))


def jsonld_section(page: ParsedPage) -> str | None:
    return _named(page.jsonld.text("articleSection"))


def breadcrumb_section(page: ParsedPage) -> str | None:
    """The crumb above the page's own, when the trail has a home, a section and the page."""
    crumbs = page.jsonld.breadcrumbs
    return _named(crumbs[-2]) if len(crumbs) >= 3 else None


def url_section(page: ParsedPage) -> str | None:
    parts = urlsplit(page.url)
    if parts.scheme not in ("http", "https"):
        return None  # a file's folder names no section
    for segment in [s for s in parts.path.split("/") if s][:-1]:
        lowered = segment.lower()
        if lowered in _PATH_NOISE or not lowered.isalpha() or len(lowered) > _LONGEST_PATH_SECTION:
            continue
        return lowered
    return None
