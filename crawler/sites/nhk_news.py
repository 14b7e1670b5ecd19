"""NHK News (news.web.nhk, Japanese): article pages in the content--detail layout."""

from __future__ import annotations

from datetime import datetime

from crawler.sites.base import PageVersion, VersionedPage
from polwire.core.text import clean_text


class DetailBodyLayout(PageVersion):
    """``time[datetime]`` and ``div.content--detail-body`` (the www3.nhk.or.jp layout)."""

    def title(self) -> str | None:
        return self.first_text('//h1[contains(@class,"content--title")]') or self.first_text("//h1")

    def published(self) -> datetime | None:
        value = self.first_text("//header//time/@datetime") or self.first_text("//time/@datetime")
        return self.date_from_iso(value) or self.date_from_text(self.first_text("//time"))

    def section(self) -> str | None:
        category = self.first_text('//*[contains(@class,"content--header-category")]')
        return category or self.meta("article:section")

    def body(self) -> list[str] | None:
        nodes = self.tree.xpath(
            '//div[contains(@class,"content--detail-body")]'
            "//*[self::p or self::h2 or self::h3][normalize-space()]"
        )
        out = [clean_text(n.text_content()) for n in nodes]
        return [p for p in out if p] or None

    def is_article(self) -> bool | None:
        return bool(self.tree.xpath('//div[contains(@class,"content--detail-body")]'))


class NhkNewsPage(VersionedPage):
    versions = (DetailBodyLayout,)
