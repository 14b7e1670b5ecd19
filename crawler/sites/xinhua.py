"""Xinhua English (english.news.cn): article pages dated only by their URL path."""

from __future__ import annotations

import re
from datetime import datetime

from crawler.sites.base import PageVersion, VersionedPage
from polwire.core.text import clean_text

_URL_DATE = re.compile(r"/(\d{4})(\d{2})(\d{2})/[0-9a-f]{32}/c\.html")
_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z ]{2,30}), [A-Z][a-z]+\.? \d{1,2} \(Xinhua\)")


class DetailContentLayout(PageVersion):
    """``h1`` and ``span#detailContent p``; the visible time in ``div.header-time``."""

    def title(self) -> str | None:
        return self.first_text("//h1") or self.meta("og:title")

    def published(self) -> datetime | None:
        shown = self.date_from_text(self.first_text('//*[contains(@class,"header-time")]'))
        if shown:
            return shown
        match = _URL_DATE.search(self.url)
        return self.date_from_text("-".join(match.groups())) if match else None

    def body(self) -> list[str] | None:
        nodes = self.tree.xpath('//span[@id="detailContent"]//p')
        out = [clean_text(n.text_content()) for n in nodes]
        return [p for p in out if p and p != "Enditem"] or None

    def dateline(self) -> str | None:
        match = _DATELINE.match((self.body() or [""])[0])
        return match.group("place").strip() if match else None

    def wire(self) -> str | None:
        return "Xinhua"

    def is_article(self) -> bool | None:
        return bool(_URL_DATE.search(self.url))


class XinhuaPage(VersionedPage):
    versions = (DetailContentLayout,)
