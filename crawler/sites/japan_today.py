"""Japan Today (japantoday.com): microdata article pages, wire credit lines, datelines."""

from __future__ import annotations

import re
from datetime import datetime

from lxml.html import HtmlElement

from crawler.sites.base import PageVersion, VersionedPage, node_text, wire_in
from polwire.core.text import clean_text

# "© Thomson Reuters 2025.", "©2025 GPlusMedia Inc.", "-- Kyodo" : credit lines
# sit inside the article body on Japan Today and are not part of the story.
_CREDIT = re.compile(r"^(?:©|\(c\)|Copyright\b|-{1,2}\s*\w+$|\(\s*\w+\s*\)$)", re.IGNORECASE)
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]{1,30}$")


class MicrodataLayout(PageVersion):
    """The layout since the 2017 relaunch: itemprop microdata on an ``article`` element."""

    @classmethod
    def matches(cls, tree: HtmlElement, url: str) -> bool:
        return bool(tree.xpath('//*[@itemprop="articleBody"]'))

    def _body_nodes(self) -> list[HtmlElement]:
        nodes: list[HtmlElement] = self.tree.xpath('//div[@itemprop="articleBody"]/p')
        return nodes

    def title(self) -> str | None:
        return self.first_text('//h1[@itemprop="headline"]') or self.first_text("//article//h1")

    def published(self) -> datetime | None:
        value = self.first_text('//*[@itemprop="datePublished"]/@datetime')
        return self.date_from_iso(value or self.meta("article:published_time"))

    def modified(self) -> datetime | None:
        value = self.first_text('//*[@itemprop="dateModified"]/@datetime')
        return self.date_from_iso(value or self.meta("article:modified_time"))

    def authors(self) -> list[str] | None:
        xpath = '//*[@itemprop="author"]//*[@itemprop="name"]/text()'
        names = [clean_text(n) for n in self.tree.xpath(xpath)]
        return [n for n in names if n] or None

    def section(self) -> str | None:
        match = re.search(r"/category/([^/]+)/", self.url)
        if match:
            return match.group(1).lower()
        return self.first_text('//*[@itemprop="articleSection"]')

    def dateline(self) -> str | None:
        text = self.first_text('//*[@itemprop="contentLocation"]')
        if text and _DATELINE.match(text):
            return text
        return None

    def body(self) -> list[str] | None:
        out = []
        for node in self._body_nodes():
            text = node_text(node)
            if not text or _CREDIT.match(text):
                continue
            out.append(text)
        return out or None

    def wire(self) -> str | None:
        for node in self._body_nodes()[::-1]:
            text = node_text(node)
            if _CREDIT.match(text) and "GPlusMedia" not in text:
                return wire_in(text)
        return None

    def is_article(self) -> bool | None:
        return True


class ArticleContainerLayout(MicrodataLayout):
    """The pre-2017 layout (``div#article_container``), kept for archived URLs."""

    @classmethod
    def matches(cls, tree: HtmlElement, url: str) -> bool:
        return bool(tree.xpath('//div[@id="article_container"]'))

    def _body_nodes(self) -> list[HtmlElement]:
        nodes: list[HtmlElement] = self.tree.xpath('//div[@id="article_container"]/p')
        return nodes

    def title(self) -> str | None:
        return self.first_text('//div[@id="article_container"]/h1') or self.first_text("//h1")

    def published(self) -> datetime | None:
        return self.date_from_text(self.first_text('//div[@id="article_info"]'))


class JapanTodayPage(VersionedPage):
    versions = (MicrodataLayout, ArticleContainerLayout)
