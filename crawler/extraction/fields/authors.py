"""The authors' layers (JSON-LD, meta, the page's bylines), each with the agencies credited."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from crawler.extraction.authors import byline_agency, clean_authors
from crawler.extraction.body import in_side_box
from crawler.extraction.chinese_credits import MARKERS as CHINESE_CREDIT_MARKERS
from crawler.extraction.chinese_credits import chinese_credits
from crawler.extraction.jsonld import as_text
from crawler.extraction.parsed_page import ParsedPage
from crawler.extraction.tree import visible_text
from crawler.extraction.wire import agency_in

AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dc:creator",
    "dcterms.creator",
    "dcterms:creator",
    "byl",
    "cxenseparse:author",
)
_MAX_BYLINES = 6
_MAX_BYLINE_CHARS = 120


@dataclass(slots=True)
class Credits:
    """One layer's reading of who wrote the page: person names, and the agencies credited."""

    names: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)


def _agencies(values: list[str]) -> list[str]:
    found = (agency_in(value, whole=True) or byline_agency(value) for value in values)
    return [agency for agency in found if agency]


def _jsonld_people(value: Any) -> tuple[list[str], str | None]:
    """Names of the Person nodes in a JSON-LD author value, and an agency named as author."""
    names: list[str] = []
    agency = None
    for item in value if isinstance(value, list) else [value]:
        name = as_text(item)
        if not name:
            continue
        kind = item.get("@type") if isinstance(item, dict) else None
        found = agency_in(name, whole=True)
        if found:
            agency = agency or found
        elif kind in (None, "Person") or (isinstance(kind, list) and "Person" in kind):
            names.append(name)
    return names, agency


def jsonld_credits(page: ParsedPage) -> Credits:
    article = page.jsonld.article
    if article is None or not article.get("author"):
        return Credits()
    raw, agency = _jsonld_people(article.get("author"))
    agencies = [agency] if agency else []
    agencies.extend(filter(None, map(byline_agency, raw)))
    return Credits(clean_authors(raw, set(page.site_names)), agencies)


def meta_credits(page: ParsedPage) -> Credits:
    raw = [
        value
        for value in page.meta.all(*AUTHOR_META)
        if not value.startswith(("http://", "https://", "/"))
    ]
    return Credits(clean_authors(raw, set(page.site_names)), _agencies(raw))


def html_credits(page: ParsedPage) -> Credits:
    """Bylines in the page; on a Chinese page without one, the credits in its text."""
    bylines: list[str] = []
    for element in _credited_elements(page.tree):
        # A byline in a box beside the story (related stories, a sidebar, the footer)
        # credits another article.
        if in_side_box(element):
            continue
        name_node = element.find(".//*[@itemprop='name']")
        text = visible_text(name_node if name_node is not None else element)
        if text and len(text) < _MAX_BYLINE_CHARS:
            bylines.append(text)
        if len(bylines) >= _MAX_BYLINES:
            break
    names = clean_authors(bylines, set(page.site_names))
    if not names and any(marker in page.markup for marker in CHINESE_CREDIT_MARKERS):
        # Chinese pages credit their reporters and editors in the text ("（记者 王小明）",
        # "责任编辑：王小明"); the markup is searched first, a tree scan costs every page.
        names = clean_authors(chinese_credits(page.tree), set(page.site_names))
    return Credits(names, _agencies(bylines))


def signature_credits(page: ParsedPage, signature: str | None) -> Credits:
    """A reporter's name signed under the story's last paragraph."""
    return Credits(clean_authors([signature], set(page.site_names)) if signature else [])


def _credited_elements(root: HtmlElement) -> Iterator[HtmlElement]:
    """Elements named as a byline or an author (meta and link tags aside), in document order.

    A walk in Python: libxml2's XPath for the same four tests builds the node set of the
    whole page first, and took half again as long.
    """
    for element in root.iter(etree.Element):
        names = element.get("class")
        if (
            (names and ("author" in names or "byline" in names))
            or element.get("rel") == "author"
            or element.get("itemprop") == "author"
        ) and element.tag not in ("meta", "link"):
            yield element
