"""One page parsed once: the tree and the pieces its fields read, each computed on first use."""

from __future__ import annotations

import re
from datetime import tzinfo
from functools import cached_property

from lxml.html import HtmlElement

from crawler.extraction import body
from crawler.extraction.jsonld import JsonLd, as_text
from crawler.extraction.meta import MetaTags
from crawler.extraction.tree import parse_html, visible_text
from polwire.core.text import clean_text

# Class names of a headline printed without <h1> (hAtom's entry-title, common CMS names).
_HEADLINE_CLASS = re.compile(
    r"(?:^|\s)(?:entry-title|headline|article-title|story-title|post-title|article-headline"
    r"|story-headline)(?:\s|$)",
    re.IGNORECASE,
)
_NOT_HEADLINE_PLACES = frozenset({"a", "nav", "aside", "footer", "li"})

# Meta names of a page's section (also read by the title, which strips a trailing one).
SECTION_META = (
    "article:section",
    "parsely-section",
    "sailthru.section",
    "section",
    "category",
    "content_category",
)


class ParsedPage:
    """A page's markup and URL, and the parsed pieces shared by its fields.

    Nothing here changes the tree: a reader that prunes (trafilatura) gets a copy.
    """

    def __init__(self, markup: str, url: str, zone: tzinfo | None = None) -> None:
        self.markup = markup  # the decoded page: a substring test before a tree scan
        self.url = url
        self.explicit_zone = zone  # the caller's time zone, which the page cannot override

    @cached_property
    def tree(self) -> HtmlElement:
        return parse_html(self.markup)

    @cached_property
    def meta(self) -> MetaTags:
        return MetaTags(self.tree)

    @cached_property
    def jsonld(self) -> JsonLd:
        return JsonLd(self.tree)

    @cached_property
    def h1(self) -> list[str]:
        """The page's <h1> texts; for a page without one, its headline element, if named."""
        found = [text for text in (visible_text(h) for h in self.tree.iter("h1")) if text]
        return found or _named_headline(self.tree)

    @cached_property
    def document_title(self) -> str | None:
        element = self.tree.find(".//title")
        return visible_text(element) if element is not None else None

    @cached_property
    def site_names(self) -> list[str]:
        """The names the page gives its site or publisher (stripped from titles, never authors)."""
        names = self.meta.all("og:site_name", "application-name", "al:android:app_name")
        names.extend(sorted(self.jsonld.organizations))
        publisher = self.jsonld.article.get("publisher") if self.jsonld.article else None
        publisher_name = as_text(publisher)
        if publisher_name:
            names.append(publisher_name)
        return [n for n in (clean_text(name) for name in names) if n]

    @cached_property
    def description(self) -> str | None:
        return self.meta.first(
            "og:description", "description", "twitter:description"
        ) or self.jsonld.text("description")

    @cached_property
    def container(self) -> tuple[HtmlElement | None, frozenset[HtmlElement]]:
        """The element holding the story's paragraphs, and the path to its main ones."""
        return body.find_container(self.tree)

    @cached_property
    def body_blocks(self) -> list[tuple[str, str]]:
        """(tag, text) of the blocks of the container and the parts that continue its story."""
        container, protected = self.container
        blocks: list[tuple[str, str]] = []
        if container is not None:
            for part in body.story_parts(container):
                inside = protected if part is container else frozenset()
                blocks.extend(body.collect_blocks(part, inside))
        return blocks


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
