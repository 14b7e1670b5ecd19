"""The Mainichi (mainichi.jp, Japanese and /english/): articledetail pages with cXense meta."""

from __future__ import annotations

import re
from datetime import datetime

from crawler.sites.base import PageVersion, VersionedPage
from polwire.core.text import clean_text

_TITLE_SUFFIX = re.compile(r"\s*(?:[-|]\s*(?:毎日新聞|The Mainichi))\s*$")


class ArticleDetailLayout(PageVersion):
    """``section#articledetail-body`` with ``h1.title-page`` (2023- CMS, Japanese and English)."""

    def title(self) -> str | None:
        heading = self.first_text('//h1[contains(@class,"title-page")]')
        if heading:
            # An ideographic space joins the two parts of a Mainichi headline;
            # stored as a plain space so titles compare across outlets.
            return heading.replace("\u3000", " ")
        title = self.meta("og:title")
        return _TITLE_SUFFIX.sub("", title) if title else None

    def published(self) -> datetime | None:
        return self.date_from_iso(self.meta("cXenseParse:recs:publishtime")) or self.date_from_text(
            self.first_text('//span[contains(@class,"articletag-date")]')
        )

    def modified(self) -> datetime | None:
        return self.date_from_iso(self.meta("article:modified_time"))

    def authors(self) -> list[str] | None:
        value = self.meta("cXenseParse:author")
        if value:
            return [clean_text(v) for v in value.split(",") if clean_text(v)]
        names = self.tree.xpath('//a[contains(@class,"articletag-author")]/text()')
        return [clean_text(n) for n in names if clean_text(n)] or None

    def section(self) -> str | None:
        crumbs = self.tree.xpath('//ul[contains(@class,"articledetail-head-category-list")]/li/a')
        if "/english/" in self.url and crumbs:
            return clean_text(crumbs[-1].text_content()).lower() or None
        return clean_text(crumbs[0].text_content()) if crumbs else None

    def body(self) -> list[str] | None:
        nodes = self.tree.xpath('//section[@id="articledetail-body"]/*[self::p or self::h2]')
        # Paragraphs open with an ideographic space (Japanese indentation).
        return [p.lstrip("\u3000 ") for p in self.paragraphs(nodes)] or None

    def is_article(self) -> bool | None:
        return bool(self.tree.xpath('//section[@id="articledetail-body"]'))


class MainichiPage(VersionedPage):
    versions = (ArticleDetailLayout,)
