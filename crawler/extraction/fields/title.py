"""The title's layers: JSON-LD, og:title, twitter:title, <h1>, <title>, site names stripped."""

from __future__ import annotations

import re
from collections.abc import Callable

from crawler.extraction.parsed_page import SECTION_META, ParsedPage
from crawler.extraction.title import strip_site_name, visible_headline
from polwire.core.text import clean_text

TitleLayer = tuple[str, Callable[[ParsedPage], str | None]]


def _squeeze(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


def jsonld_headline(page: ParsedPage) -> str | None:
    return page.jsonld.text("headline") or page.jsonld.text("name")


def og_title(page: ParsedPage) -> str | None:
    return page.meta.first("headline", "og:title")


def twitter_title(page: ParsedPage) -> str | None:
    return page.meta.first("twitter:title", "parsely-title", "dc.title", "dc:title")


def first_h1(page: ParsedPage) -> str | None:
    return page.h1[0] if page.h1 else None


def _headlines(page: ParsedPage) -> list[str]:
    """The page's other statements of its headline, which tell a site name's segment."""
    others = (
        *page.h1,
        twitter_title(page) or "",
        og_title(page) or "",
        jsonld_headline(page) or "",
    )
    return [clean_text(h) for h in others if h]


def _finished(page: ParsedPage, value: str | None, headlines: list[str]) -> str | None:
    """A candidate with the site's name (and then a trailing section name) stripped."""
    if not value:
        return None
    cleaned = clean_text(value)
    title = strip_site_name(cleaned, page.site_names, headlines)
    # "Headline-Politics | Site": once the site is gone, a trailing section name goes too.
    section = page.meta.first(*SECTION_META)
    if section and title != cleaned:
        title = strip_site_name(title, [section], [])
    return title or None


def _stated(read: Callable[[ParsedPage], str | None]) -> Callable[[ParsedPage], str | None]:
    return lambda page: _finished(page, read(page), _headlines(page))


def document_title(page: ParsedPage) -> str | None:
    """<title>, less the site's name; on a page without <h1>, its visible headline tells it."""
    value = page.document_title
    headlines = _headlines(page)
    if value and not page.h1:
        visible = visible_headline(page.tree, clean_text(value))
        headlines += [visible] if visible is not None else []
    return _finished(page, value, headlines)


def _jsonld_is_other_text(page: ParsedPage) -> bool:
    """A JSON-LD headline that neither the <h1> nor the document title repeats is another
    text (Wikipedia's is the article's short description)."""
    jsonld, h1, shown = jsonld_headline(page), first_h1(page), page.document_title
    if not (jsonld and h1 and shown):
        return False
    return _squeeze(h1) in _squeeze(shown) and _squeeze(jsonld) not in _squeeze(shown)


def title_layers(page: ParsedPage) -> list[TitleLayer]:
    """The generic layers in the order they are trusted on this page."""
    layers: list[TitleLayer] = [
        ("jsonld", _stated(jsonld_headline)),
        ("meta", _stated(og_title)),
        ("meta", _stated(twitter_title)),
        ("html", _stated(first_h1)),
        ("html", document_title),
    ]
    if _jsonld_is_other_text(page):
        layers.append(layers.pop(0))  # the page's own headline goes first then
    return layers
