"""Shared machinery for per-site page objects: layout versions (Fundus-style) and tree readers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import ClassVar

from lxml.html import HtmlElement

from crawler.extraction.dates import parse_date
from crawler.extraction.site import SitePage
from crawler.extraction.wire import agency_in
from polwire.core.text import clean_text


def node_text(node: HtmlElement) -> str:
    return clean_text(node.text_content())


class PageVersion(SitePage):
    """One layout of one site. ``matches`` says whether a page is in this layout."""

    @classmethod
    def matches(cls, tree: HtmlElement, url: str) -> bool:
        return True

    # Readers shared by most versions.

    def first(self, xpath: str) -> HtmlElement | None:
        found = self.tree.xpath(xpath)
        return found[0] if found else None

    def first_text(self, xpath: str) -> str | None:
        node = self.first(xpath)
        if node is None:
            return None
        text = node if isinstance(node, str) else node.text_content()
        return clean_text(text) or None

    def meta(self, key: str) -> str | None:
        """``<meta property=key>`` or ``<meta name=key>`` content."""
        for attribute in ("property", "name", "itemprop"):
            values = self.tree.xpath(f'//meta[@{attribute}="{key}"]/@content')
            if values and values[0].strip():
                return clean_text(values[0])
        return None

    def paragraphs(self, nodes: Iterable[HtmlElement]) -> list[str]:
        out = []
        for node in nodes:
            text = node_text(node)
            if text:
                out.append(text)
        return out

    def date_from_text(self, text: str | None) -> datetime | None:
        """A date as the site prints it (ISO, CJK, English), naive ones read in the site's zone."""
        return parse_date(text, self.timezone)

    # ISO strings go through the same parser; the alias keeps call sites readable.
    date_from_iso = date_from_text


class VersionedPage(SitePage):
    """A site page that delegates to the newest layout version matching the page.

    ``versions`` lists version classes newest first; the last one is the
    fallback when none matches. Old versions stay so their fixtures keep passing.
    """

    versions: ClassVar[tuple[type[PageVersion], ...]] = ()

    def __init__(self, tree: HtmlElement, url: str, timezone: tzinfo) -> None:
        super().__init__(tree, url, timezone)
        self.version: PageVersion = self.pick(tree, url)(tree, url, timezone)

    @classmethod
    def pick(cls, tree: HtmlElement, url: str) -> type[PageVersion]:
        if not cls.versions:
            raise TypeError(f"{cls.__name__} declares no versions")
        for version in cls.versions:
            if version.matches(tree, url):
                return version
        return cls.versions[-1]

    def title(self) -> str | None:
        return self.version.title()

    def authors(self) -> list[str] | None:
        return self.version.authors()

    def published(self) -> datetime | None:
        return self.version.published()

    def modified(self) -> datetime | None:
        return self.version.modified()

    def section(self) -> str | None:
        return self.version.section()

    def body(self) -> list[str] | None:
        return self.version.body()

    def dateline(self) -> str | None:
        return self.version.dateline()

    def wire(self) -> str | None:
        return self.version.wire()

    def is_article(self) -> bool | None:
        return self.version.is_article()


def wire_in(text: str | None) -> str | None:
    """The news agency a credit line or byline names, if any."""
    return agency_in(text) if text else None
