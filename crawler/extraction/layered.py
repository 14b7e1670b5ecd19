"""Run the extraction layers (site page, JSON-LD, meta, HTML cues, URL, generic) field by field."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, tzinfo
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from crawler.extraction import body as body_module
from crawler.extraction import second_opinion
from crawler.extraction.authors import byline_agency, clean_authors
from crawler.extraction.chinese_credits import MARKERS as CHINESE_CREDIT_MARKERS
from crawler.extraction.chinese_credits import chinese_credits
from crawler.extraction.date_lines import date_by_headline
from crawler.extraction.dates import date_from_url, guess_timezone, parse_date, zone_for
from crawler.extraction.decode import decode_html
from crawler.extraction.jsonld import JsonLd, as_text
from crawler.extraction.language import contradicts, detect_script_language, primary_subtag
from crawler.extraction.meta import MetaTags
from crawler.extraction.model import ExtractedArticle
from crawler.extraction.site import SitePage
from crawler.extraction.title import strip_site_name, visible_headline
from crawler.extraction.tree import (
    parse_html,
    strip_markup,
    visible_text,
)
from crawler.extraction.wire import (
    agency_in,
    is_lone_dateline,
    split_dateline,
    wire_in_credit,
)
from polwire.core.text import clean_text

_PUBLISHED_META = (
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
_MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "lastmod",
    "last-modified",
)
_AUTHOR_META = (
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
_SECTION_META = (
    "article:section",
    "parsely-section",
    "sailthru.section",
    "section",
    "category",
    "content_category",
)
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
_DATE_CLASS = re.compile(r"date|time|publish|posted|byline|meta|dateline", re.IGNORECASE)
_BYLINE_CLASS = re.compile(r"byline|author|writer|reporter", re.IGNORECASE)
# A reporter's name signed under the last paragraph ("Lê Phương"): two to four
# capitalised words, no sentence punctuation.
_SIGNATURE = re.compile(r"^(?:[A-ZÀ-Ỹ][\w'’.-]*\s){1,3}[A-ZÀ-Ỹ][\w'’-]*$")
_ARTICLE_OG_TYPES = frozenset({"article", "news", "newsarticle", "blog", "blogposting"})


# Class names of a headline printed without <h1> (hAtom's entry-title, common CMS names).
_HEADLINE_CLASS = re.compile(
    r"(?:^|\s)(?:entry-title|headline|article-title|story-title|post-title|article-headline"
    r"|story-headline)(?:\s|$)",
    re.IGNORECASE,
)
_NOT_HEADLINE_PLACES = frozenset({"a", "nav", "aside", "footer", "li"})


def _named_headline(root: HtmlElement) -> list[str]:
    """The first element named as a headline that is not a link to another story."""
    for element in root.xpath('//*[contains(@class, "title") or contains(@class, "headline")]'):
        if not _HEADLINE_CLASS.search(element.get("class") or ""):
            continue
        if element.tag in _NOT_HEADLINE_PLACES or any(
            a.tag in _NOT_HEADLINE_PLACES for a in element.iterancestors()
        ):
            continue
        text = visible_text(element)
        links = sum(len(a.text_content().strip()) for a in element.iter("a"))
        if text and 10 <= len(text) <= 300 and links < 0.5 * len(text):
            return [text]
    return []


class _Page:
    """One parsed page with lazily computed shared pieces (JSON-LD, meta, body blocks)."""

    def __init__(self, root: HtmlElement, url: str, zone: tzinfo | None, source: str = "") -> None:
        self.root = root
        self.url = url
        self.source = source  # the page's decoded markup: a substring test before a tree scan
        self.meta = MetaTags(root)
        self.jsonld = JsonLd(root)
        self.explicit_zone = zone
        self.description: str | None = None
        # Texts of the table cells read into the body from the page's own container.
        self.table_cells: frozenset[str] = frozenset()
        self._h1: list[str] | None = None

    @property
    def h1(self) -> list[str]:
        """The page's <h1> texts; for a page without one, its headline element, if named."""
        if self._h1 is None:
            found = [text for text in (visible_text(h) for h in self.root.iter("h1")) if text]
            self._h1 = found or _named_headline(self.root)
        return self._h1


def _absolute(url: str | None, base: str) -> str | None:
    if not url:
        return None
    return urljoin(base, url.strip())


def _canonical(page: _Page, layers: dict[str, str]) -> str | None:
    page_path = urlsplit(page.url).path.strip("/")
    candidates: list[tuple[str | None, str]] = []
    for link in page.root.iter("link"):
        if (link.get("rel") or "").strip().lower() == "canonical":
            candidates.append((link.get("href"), "html"))
            break
    candidates.append((page.meta.first("og:url"), "meta"))
    for href, layer in candidates:
        absolute = _absolute(href, page.url)
        if not absolute or not absolute.startswith(("http://", "https://")):
            continue
        # A canonical pointing at the site root of a deep page is a CMS default, not a claim.
        if page_path and not urlsplit(absolute).path.strip("/"):
            continue
        layers["url"] = layer
        return absolute
    layers["url"] = "url"
    return page.url


def _site_names(page: _Page) -> list[str]:
    names = page.meta.all("og:site_name", "application-name", "al:android:app_name")
    names.extend(sorted(page.jsonld.organizations))
    publisher = page.jsonld.article.get("publisher") if page.jsonld.article else None
    publisher_name = as_text(publisher)
    if publisher_name:
        names.append(publisher_name)
    return [n for n in (clean_text(name) for name in names) if n]


def _title(page: _Page, layers: dict[str, str]) -> str | None:
    og = page.meta.first("headline", "og:title")
    twitter = page.meta.first("twitter:title", "parsely-title", "dc.title", "dc:title")
    jsonld = page.jsonld.text("headline") or page.jsonld.text("name")
    title_element = page.root.find(".//title")
    document_title = visible_text(title_element) if title_element is not None else None
    headlines = [clean_text(h) for h in (*page.h1, twitter or "", og or "", jsonld or "") if h]
    candidates = [
        (jsonld, "jsonld"),
        (og, "meta"),
        (twitter, "meta"),
        (page.h1[0] if page.h1 else None, "html"),
        (document_title, "html"),
    ]
    # A JSON-LD headline that neither the <h1> nor the document title repeats is
    # another text (Wikipedia's is the article's short description): the page's
    # own headline goes first then.
    if jsonld and page.h1 and document_title:
        shown = _squeeze(document_title)
        if _squeeze(page.h1[0]) in shown and _squeeze(jsonld) not in shown:
            candidates.append(candidates.pop(0))
    for value, layer in candidates:
        if value:
            if value is document_title and not page.h1:
                visible = visible_headline(page.root, clean_text(value))
                headlines += [visible] if visible is not None else []
            title = strip_site_name(clean_text(value), _site_names(page), headlines)
            # "Headline-Politics | Site": once the site is gone, a trailing section name goes too.
            section = page.meta.first(*_SECTION_META)
            if section and title != clean_text(value):
                title = strip_site_name(title, [section], [])
            if title:
                layers["title"] = layer
                return title
    return None


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


def _authors(page: _Page, layers: dict[str, str], wire_hints: list[str]) -> list[str]:
    organizations = set(_site_names(page))
    if page.jsonld.article is not None and page.jsonld.article.get("author"):
        raw, agency = _jsonld_people(page.jsonld.article.get("author"))
        if agency:
            wire_hints.append(agency)
        wire_hints.extend(filter(None, map(byline_agency, raw)))
        names = clean_authors(raw, organizations)
        if names:
            layers["authors"] = "jsonld"
            return names
    raw = [
        value
        for value in page.meta.all(*_AUTHOR_META)
        if not value.startswith(("http://", "https://", "/"))
    ]
    for value in raw:
        found = agency_in(value, whole=True) or byline_agency(value)
        if found:
            wire_hints.append(found)
    names = clean_authors(raw, organizations)
    if names:
        layers["authors"] = "meta"
        return names
    bylines: list[str] = []
    for element in _credited_elements(page.root):
        # A byline in a box beside the story (related stories, a sidebar, the footer)
        # credits another article.
        if body_module.in_side_box(element):
            continue
        name_node = element.find(".//*[@itemprop='name']")
        text = visible_text(name_node if name_node is not None else element)
        if text and len(text) < 120:
            bylines.append(text)
        if len(bylines) >= 6:
            break
    for value in bylines:
        found = agency_in(value, whole=True) or byline_agency(value)
        if found:
            wire_hints.append(found)
    names = clean_authors(bylines, organizations)
    if not names and any(marker in page.source for marker in CHINESE_CREDIT_MARKERS):
        # Chinese pages credit their reporters and editors in the text ("（记者 王小明）",
        # "责任编辑：王小明"); the markup is searched first, a tree scan costs every page.
        names = clean_authors(chinese_credits(page.root), organizations)
    if names:
        layers["authors"] = "html"
    return names


def _date_from_html(page: _Page, zone: tzinfo) -> datetime | None:
    for element in page.root.iter("time"):
        value = element.get("datetime") or visible_text(element)
        parsed = parse_date(value, zone)
        if parsed is not None:
            return parsed
    for element in page.root.xpath("//*[@itemprop='datePublished' or @itemprop='dateCreated']"):
        parsed = parse_date(element.get("content") or element.get("datetime"), zone)
        if parsed is not None:
            return parsed
    found = _date_from_attributes(page, zone)
    if found is not None:
        return found
    for element in page.root.iter("span", "div", "p", "li", "dd", "em", "small"):
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if names.strip() and _DATE_CLASS.search(names):
            text = visible_text(element)
            if 6 <= len(text) <= 120:
                parsed = parse_date(text, zone)
                if parsed is not None:
                    return parsed
    return None


_DATE_ATTRIBUTE = re.compile(
    r"^data-(?:[\w-]*-)?(?:publish\w*|pub-?date|deploy-dt|date-?published|created)"
)


# The data-* attributes that may hold a date, found by lxml in one pass (walking every
# element's attributes in Python cost more than the rest of the date layers).
_DATE_ATTRIBUTE_CANDIDATES = etree.XPath(
    "//@*[starts-with(name(), 'data-') and (contains(name(), 'pub') or contains(name(), 'date')"
    " or contains(name(), 'deploy') or contains(name(), 'created'))]"
)


def _date_from_attributes(page: _Page, zone: tzinfo) -> datetime | None:
    # Script-rendered pages keep their dates in data-* attributes of a stub element.
    for value in _DATE_ATTRIBUTE_CANDIDATES(page.root):
        name = value.attrname
        if _DATE_ATTRIBUTE.match(name) and "re-" not in name:
            parsed = parse_date(str(value), zone)
            if parsed is not None:
                return parsed
    return None


def _is_noise_section(value: str) -> bool:
    words = [w for w in re.split(r"[\W_]+", value.casefold()) if w]
    return all(word in _PATH_NOISE for word in words)


def _section(page: _Page, layers: dict[str, str]) -> str | None:
    # CMS defaults like "Article" or "News" name the page type, not a section.
    for value, layer in (
        (page.meta.first(*_SECTION_META), "meta"),
        (page.jsonld.text("articleSection"), "jsonld"),
    ):
        if value and not _is_noise_section(value):
            layers["section"] = layer
            return value
    crumbs = page.jsonld.breadcrumbs
    if len(crumbs) >= 3 and not _is_noise_section(crumbs[-2]):
        layers["section"] = "jsonld"
        return crumbs[-2]
    parts = urlsplit(page.url)
    if parts.scheme not in ("http", "https"):
        return None  # a file's folder names no section
    segments = [s for s in parts.path.split("/") if s]
    for segment in segments[:-1]:
        lowered = segment.lower()
        if lowered in _PATH_NOISE or not lowered.isalpha() or len(lowered) > 20:
            continue
        layers["section"] = "url"
        return lowered
    return None


def _language(page: _Page, layers: dict[str, str]) -> str | None:
    for value, layer in (
        (page.root.get("lang") or page.root.get("xml:lang"), "html"),
        (page.jsonld.text("inLanguage"), "jsonld"),
        (page.meta.first("og:locale", "content-language", "language", "dc.language"), "meta"),
    ):
        language = primary_subtag(value)
        if language:
            layers["language"] = layer
            return language
    return None


def _jsonld_body(page: _Page) -> list[str] | None:
    text = page.jsonld.text("articleBody")
    if not text:
        return None
    if "<" in text:
        # Some CMSs put HTML in articleBody: keep its paragraph breaks, drop the tags.
        # Scripts and styles in that markup are code, not text.
        text = re.sub(r"<(?:br\s*/?|/p|/h\d|/li|/div)\s*>", "\n\n", text, flags=re.IGNORECASE)
        text = strip_markup(text)
    paragraphs = [clean_text(p) for p in re.split(r"\n\s*\n|\r\n\s*\r\n", text) if clean_text(p)]
    return paragraphs or None


def _day_first(language: str | None) -> bool:
    """Whether "03/04/2025" on a page in this language is the 3rd of April: month-first is
    the American habit, most other languages that write slashed dates put the day first."""
    return language not in (None, "en", "ja", "zh", "ko")


def _dates(
    state: _Page,
    site: SitePage | None,
    zone: tzinfo,
    result: ExtractedArticle,
    layers: dict[str, str],
) -> tuple[datetime | None, datetime | None]:
    """(published, modified), each from the best layer that has it, naive ones read in zone."""
    published = site.published() if site else None
    if published is not None:
        layers["published"] = "site"
    else:
        published = _published(state, zone, result, layers)
    modified = site.modified() if site else None
    if modified is not None:
        layers["modified"] = "site"
    else:
        for value, layer in (
            (state.jsonld.text("dateModified"), "jsonld"),
            (state.meta.first(*_MODIFIED_META), "meta"),
        ):
            modified = parse_date(value, zone)
            if modified is not None:
                layers["modified"] = layer
                break
    return published, modified


def _published(
    state: _Page, zone: tzinfo, result: ExtractedArticle, layers: dict[str, str]
) -> datetime | None:
    day_first = _day_first(result.language)
    for value, layer in (
        (state.jsonld.text("datePublished") or state.jsonld.text("dateCreated"), "jsonld"),
        (state.meta.first(*_PUBLISHED_META), "meta"),
        (state.jsonld.other_published, "jsonld"),
    ):
        parsed = parse_date(value, zone, day_first=day_first)
        if parsed is not None:
            layers["published"] = layer
            return parsed
    parsed = _date_from_html(state, zone)
    if parsed is not None:
        layers["published"] = "html"
        return parsed
    from_url = date_from_url(state.url, zone)
    near = date_by_headline(state.root, result.title, zone, day_first=day_first)
    # A date line by the headline gives the time too; the URL's day wins when the two
    # disagree (the line may be an update or today).
    if near is not None and (from_url is None or near.date() == from_url.date()):
        layers["published"] = "html"
        return near
    if from_url is not None:
        layers["published"] = "url"
    return from_url


def extract(
    html: bytes | str,
    *,
    url: str,
    http_encoding: str | None = None,
    timezone: str | tzinfo | None = None,
    page: type[SitePage] | None = None,
) -> ExtractedArticle:
    """Extract an article's fields from one HTML page, each from the best layer that has it."""
    if isinstance(html, bytes):
        text, encoding = decode_html(html, http_encoding)
    else:
        text, encoding = html, "utf-8"
    root = parse_html(text)
    state = _Page(root, url, zone_for(timezone), text)
    layers: dict[str, str] = {}
    result = ExtractedArticle(encoding=encoding, layers=layers)
    site = page(root, url, state.explicit_zone or guess_timezone(url)) if page else None

    result.url = _canonical(state, layers)
    result.language = _language(state, layers)
    zone = state.explicit_zone or guess_timezone(url, result.language)
    if site is not None:
        site.timezone = zone

    # Title.
    site_title = site.title() if site else None
    if site_title:
        result.title, layers["title"] = site_title, "site"
    else:
        result.title = _title(state, layers)

    # Authors (agencies found on the way become wire hints).
    wire_hints: list[str] = []
    site_authors = site.authors() if site else None
    if site_authors is not None:
        result.authors, layers["authors"] = site_authors, "site"
    else:
        result.authors = _authors(state, layers, wire_hints)

    result.published, result.modified = _dates(state, site, zone, result, layers)
    zone_used = zone

    site_section = site.section() if site else None
    if site_section:
        result.section, layers["section"] = site_section, "site"
    else:
        result.section = _section(state, layers)

    description = state.meta.first(
        "og:description", "description", "twitter:description"
    ) or state.jsonld.text("description")
    state.description = description
    if description:
        result.description = description
        layers["description"] = (
            "meta" if state.meta.first("og:description", "description") else "jsonld"
        )

    # Body last: the generic fallback may prune the tree.
    paragraphs, layer = _body(state, site, result.title, wire_hints)
    dateline = site.dateline() if site else None
    wire = site.wire() if site else None
    if paragraphs and dateline is None:
        # An inline dateline ("SEOUL (Reuters) - ...") stays in the text, as
        # the paragraph reads; a dateline printed on its own line is furniture.
        place, agency, _rest = split_dateline(paragraphs[0])
        if place:
            dateline = place
            if agency:
                wire_hints.insert(0, agency)
        elif is_lone_dateline(paragraphs[0]) and len(paragraphs) > 1:
            dateline = paragraphs.pop(0)
    if len(paragraphs) >= 3 and _SIGNATURE.match(paragraphs[-1]):
        signature = paragraphs.pop()
        if not result.authors:
            result.authors = clean_authors([signature], set(_site_names(state)))
            if result.authors:
                layers["authors"] = "html"
    if layer == "html":
        # After the signature: a reporter's name closing the story is a credit, not furniture.
        paragraphs = body_module.trim_trailing_furniture(paragraphs, state.table_cells)
    if dateline:
        result.dateline = dateline
        layers["dateline"] = "site" if site and site.dateline() else "html"
    if paragraphs:
        result.body = "\n\n".join(p for p in paragraphs if p)
        layers["body"] = layer
    if wire:
        result.wire, layers["wire"] = wire, "site"
    elif wire_hints:
        result.wire, layers["wire"] = wire_hints[0], "html"

    detected = detect_script_language(f"{result.title or ''}\n{result.body or ''}")
    if detected and (result.language is None or contradicts(result.language, detected)):
        result.language, layers["language"] = detected, "generic"
        zone = state.explicit_zone or guess_timezone(url, result.language)
        if zone != zone_used:
            # The text's language names the zone its naive dates are printed in (a page with
            # no URL, no declared language and a CJK text): read them again in it.
            result.published, result.modified = _dates(state, site, zone, result, layers)

    site_is_article = site.is_article() if site else None
    if site_is_article is not None:
        result.is_article, layers["is_article"] = site_is_article, "site"
    elif state.jsonld.article is not None:
        result.is_article, layers["is_article"] = True, "jsonld"
    elif (state.meta.first("og:type") or "").lower() in _ARTICLE_OG_TYPES:
        result.is_article, layers["is_article"] = True, "meta"
    else:
        long_enough = len(result.body or "") >= (
            200 if result.language in ("ja", "ko", "zh") else 600
        ) or _short_article(state, result)
        result.is_article = bool(result.title and long_enough and state.h1)
        layers["is_article"] = "html"
    return result


# The length floor keeps section fronts, tag pages and error pages out: they have a
# title, an <h1> and a few lines of text. A news brief is shorter than the floor but
# prints its own date, reads as sentences and is not a list of other stories' headlines.
_BRIEF_MIN_CHARS = 200
_LISTING_HEADLINES = 3


def _short_article(page: _Page, result: ExtractedArticle) -> bool:
    """A body under the length floor that still reads as one dated story, not a listing."""
    body = result.body or ""
    if len(body) < _BRIEF_MIN_CHARS or result.layers.get("published") not in (
        "jsonld",
        "meta",
        "html",
    ):
        return False
    paragraphs = body.split("\n\n")
    if not all(body_module.ends_as_sentence(p) for p in paragraphs):
        return False
    headline_links = page.root.xpath(
        "count(//h2[.//a[@href]] | //h3[.//a[@href]] | //a[@href][.//h2 or .//h3])"
    )
    return headline_links < _LISTING_HEADLINES and len(list(page.root.iter("article"))) <= 1


def _body(
    page: _Page, site: SitePage | None, title: str | None, wire_hints: list[str]
) -> tuple[list[str], str]:
    """Paragraphs from the best body layer; credit lines feed ``wire_hints`` before removal."""
    site_body = site.body() if site else None
    if site_body:
        return _finish(list(site_body), wire_hints), "site"
    container, protected = body_module.find_container(page.root)
    blocks: list[tuple[str, str]] = []
    if container is not None:
        for part in body_module.story_parts(container):
            inside = protected if part is container else frozenset()
            blocks.extend(body_module.collect_blocks(part, inside))
    own = _finish([text for _tag, text in blocks], wire_hints, [tag for tag, _text in blocks])
    page.table_cells = frozenset(text for tag, text in blocks if tag == body_module.TABLE_CELL)
    if container is not None:
        # An agency credit printed right after the story, outside its container.
        for line in body_module.lines_after(container):
            found = wire_in_credit(line)
            if found:
                wire_hints.append(found)
                break
    own_chars = sum(len(p) for p in own)
    confident = own_chars >= 300 or (own_chars >= 120 and len(own) >= 2)
    jsonld = _jsonld_body(page)
    if jsonld:
        jsonld_chars = sum(len(p) for p in jsonld)
        # JSON-LD text often lacks paragraph breaks and carries player or
        # promo lines, so the page's own paragraphs win whenever they hold the
        # same story; JSON-LD rescues pages whose HTML body is script-rendered.
        # A lead printed above the text (a sub-headline) is often missing from
        # articleBody: any of the first long paragraphs found there is agreement.
        anchors = [_squeeze(p)[:60] for p in own if len(p) >= 80][:3]
        jsonld_text = _squeeze(" ".join(jsonld))
        agrees = any(anchor in jsonld_text for anchor in anchors)
        if jsonld_chars >= 400 and not (confident and agrees):
            return _finish(jsonld, []), "jsonld"
    if confident:
        assert container is not None
        standfirst = body_module.find_standfirst(page.root, container, page.description)
        if standfirst and _squeeze(standfirst)[:60] not in _squeeze(" ".join(own[:3])):
            own.insert(0, standfirst)
        opening = _squeeze(" ".join(own[:3]))
        leads = [
            lead
            for lead in body_module.find_leads(page.root, container)
            if not _repeats(_squeeze(lead), opening)
        ]
        own[:0] = _finish(leads, wire_hints)
        if second_opinion.is_unsure(container, own_chars, page.root):
            _ = page.h1  # read before trafilatura prunes the tree
            other = _finish(second_opinion.trafilatura_paragraphs(page.root, page.url), [])
            kept, is_other = second_opinion.arbitrate(own, other)
            if is_other:
                return kept, "generic"
        return own, "html"
    _ = page.h1
    return _generic(page, wire_hints), "generic"


def _squeeze(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


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


def _repeats(lead: str, opening: str) -> bool:
    """The (squeezed) lead is printed again at the body's opening.

    Its end counts as well as its start: a lead often opens with the same sentence as
    the text and goes on with one of its own.
    """
    return lead[:60] in opening and lead[-60:] in opening


def _finish(
    paragraphs: list[str], wire_hints: list[str], tags: list[str] | None = None
) -> list[str]:
    """Note agency credits, then drop credit and furniture lines (``tags``: the blocks' tags)."""
    for index, paragraph in enumerate(paragraphs):
        # Credits sit at the top or bottom of a story, or are short lines.
        if len(paragraph) < 120 or index < 2 or index >= len(paragraphs) - 3:
            found = wire_in_credit(paragraph) if len(paragraph) < 300 else None
            if found:
                wire_hints.append(found)
    return body_module.clean_paragraphs(
        list(zip(tags or ["p"] * len(paragraphs), paragraphs, strict=True))
    )


def _generic(page: _Page, wire_hints: list[str]) -> list[str]:
    import trafilatura  # imported late: it is slow to import and rarely needed

    # Its balanced reading, tables included: this path runs where no container was found,
    # and there favouring precision cut the story's own last paragraphs and tables more
    # often than it kept furniture out.
    def read(*, fast: bool) -> str:
        return (
            trafilatura.extract(
                page.root,
                url=page.url,
                include_comments=False,
                include_tables=True,
                fast=fast,
            )
            or ""
        )

    # The fast reading, and the full one (a comparison with jusText, whose word lists alone
    # take 0.2 s to load) only when it found nothing: the balanced fast reading found as
    # much as the full one on every short reading of the three benchmark sets.
    text = read(fast=True) or read(fast=False)
    if not text:
        return []
    return _finish([line for line in (clean_text(t) for t in text.split("\n")) if line], wire_hints)


__all__ = ["decode_html", "extract"]
