"""The publication and modification dates' layers: JSON-LD, meta, the page's markup, the URL."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from lxml import etree

from crawler.extraction.date_lines import date_by_headline
from crawler.extraction.dates import date_from_url, parse_date
from crawler.extraction.parsed_page import ParsedPage
from crawler.extraction.tree import visible_text

PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "published_time",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "article.published",
    "cxenseparse:recs:publishtime",
    "date",
    "og:pubdate",
)
MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "lastmod",
    "last-modified",
)
_DATE_CLASS = re.compile(r"date|time|publish|posted|byline|meta|dateline", re.IGNORECASE)
_DATE_CLASS_TAGS = ("span", "div", "p", "li", "dd", "em", "small")
_DATE_ATTRIBUTE = re.compile(
    r"^data-(?:[\w-]*-)?(?:publish\w*|pub-?date|deploy-dt|date-?published|created)"
)
# The data-* attributes that may hold a date, found by lxml in one pass (walking every
# element's attributes in Python cost more than the rest of the date layers).
_DATE_ATTRIBUTE_CANDIDATES = etree.XPath(
    "//@*[starts-with(name(), 'data-') and (contains(name(), 'pub') or contains(name(), 'date')"
    " or contains(name(), 'deploy') or contains(name(), 'created'))]"
)


def day_first(language: str | None) -> bool:
    """Whether "03/04/2025" on a page in this language is the 3rd of April: month-first is
    the American habit, most other languages that write slashed dates put the day first."""
    return language not in (None, "en", "ja", "zh", "ko")


def jsonld_published(page: ParsedPage, zone: tzinfo, language: str | None) -> datetime | None:
    value = page.jsonld.text("datePublished") or page.jsonld.text("dateCreated")
    return parse_date(value, zone, day_first=day_first(language))


def meta_published(page: ParsedPage, zone: tzinfo, language: str | None) -> datetime | None:
    return parse_date(page.meta.first(*PUBLISHED_META), zone, day_first=day_first(language))


def jsonld_other_published(page: ParsedPage, zone: tzinfo, language: str | None) -> datetime | None:
    """The date of a JSON-LD node of another type (a ClaimReview's, a WebPage's)."""
    return parse_date(page.jsonld.other_published, zone, day_first=day_first(language))


def html_published(page: ParsedPage, zone: tzinfo) -> datetime | None:
    """<time>, itemprop dates, data-* attributes, then elements named as a date line."""
    for element in page.tree.iter("time"):
        parsed = parse_date(element.get("datetime") or visible_text(element), zone)
        if parsed is not None:
            return parsed
    for element in page.tree.xpath("//*[@itemprop='datePublished' or @itemprop='dateCreated']"):
        parsed = parse_date(element.get("content") or element.get("datetime"), zone)
        if parsed is not None:
            return parsed
    return _date_from_attributes(page, zone) or _date_from_named_element(page, zone)


def _date_from_attributes(page: ParsedPage, zone: tzinfo) -> datetime | None:
    # Script-rendered pages keep their dates in data-* attributes of a stub element.
    for value in _DATE_ATTRIBUTE_CANDIDATES(page.tree):
        name = value.attrname
        if _DATE_ATTRIBUTE.match(name) and "re-" not in name:
            parsed = parse_date(str(value), zone)
            if parsed is not None:
                return parsed
    return None


def _date_from_named_element(page: ParsedPage, zone: tzinfo) -> datetime | None:
    for element in page.tree.iter(*_DATE_CLASS_TAGS):
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if names.strip() and _DATE_CLASS.search(names):
            text = visible_text(element)
            if 6 <= len(text) <= 120:
                parsed = parse_date(text, zone)
                if parsed is not None:
                    return parsed
    return None


def headline_published(
    page: ParsedPage, zone: tzinfo, language: str | None, title: str | None
) -> datetime | None:
    """A date line by the headline; it gives the time too, but the URL's day wins when the
    two disagree (the line may be an update or today)."""
    near = date_by_headline(page.tree, title, zone, day_first=day_first(language))
    if near is None:
        return None
    from_url = date_from_url(page.url, zone)
    return near if from_url is None or near.date() == from_url.date() else None


def url_published(page: ParsedPage, zone: tzinfo) -> datetime | None:
    return date_from_url(page.url, zone)


def jsonld_modified(page: ParsedPage, zone: tzinfo) -> datetime | None:
    return parse_date(page.jsonld.text("dateModified"), zone)


def meta_modified(page: ParsedPage, zone: tzinfo) -> datetime | None:
    return parse_date(page.meta.first(*MODIFIED_META), zone)
