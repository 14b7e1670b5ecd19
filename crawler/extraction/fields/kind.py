"""Whether a page is one article: its JSON-LD, og:type, or the shape of its headline and text."""

from __future__ import annotations

from crawler.extraction.body import ends_as_sentence
from crawler.extraction.parsed_page import ParsedPage

_ARTICLE_OG_TYPES = frozenset({"article", "news", "newsarticle", "blog", "blogposting"})
# The length floor keeps section fronts, tag pages and error pages out: they have a
# title, an <h1> and a few lines of text. A news brief is shorter than the floor but
# prints its own date, reads as sentences and is not a list of other stories' headlines.
_MIN_CHARS = 600
_MIN_CJK_CHARS = 200
_BRIEF_MIN_CHARS = 200
_LISTING_HEADLINES = 3
# Layers whose date the page printed itself (a date from the URL is no sign of a story).
_PRINTED_DATE_LAYERS = frozenset({"jsonld", "meta", "html"})


def jsonld_article(page: ParsedPage) -> bool | None:
    return True if page.jsonld.article is not None else None


def og_article(page: ParsedPage) -> bool | None:
    return True if (page.meta.first("og:type") or "").lower() in _ARTICLE_OG_TYPES else None


def looks_like_article(
    page: ParsedPage,
    title: str | None,
    body: str | None,
    language: str | None,
    dated_by: str | None,
) -> bool:
    """A headline, an <h1> and a story's length of text (or a brief that reads as one)."""
    floor = _MIN_CJK_CHARS if language in ("ja", "ko", "zh") else _MIN_CHARS
    long_enough = len(body or "") >= floor or _short_article(page, body or "", dated_by)
    return bool(title and long_enough and page.h1)


def _short_article(page: ParsedPage, body: str, dated_by: str | None) -> bool:
    """A body under the length floor that still reads as one dated story, not a listing."""
    if len(body) < _BRIEF_MIN_CHARS or dated_by not in _PRINTED_DATE_LAYERS:
        return False
    if not all(ends_as_sentence(p) for p in body.split("\n\n")):
        return False
    headline_links = page.tree.xpath(
        "count(//h2[.//a[@href]] | //h3[.//a[@href]] | //a[@href][.//h2 or .//h3])"
    )
    return headline_links < _LISTING_HEADLINES and len(list(page.tree.iter("article"))) <= 1
