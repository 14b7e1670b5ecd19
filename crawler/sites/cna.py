"""CNA (Central News Agency, Taiwan): www.cna.com.tw (Chinese) and focustaiwan.tw article pages."""

from __future__ import annotations

import re
from datetime import datetime

from crawler.sites.base import PageVersion, VersionedPage
from polwire.core.scripts import HAN
from polwire.core.text import clean_text

_SECTION = re.compile(r"^https?://(?:www\.)?(?:cna\.com\.tw/news/|focustaiwan\.tw/)([a-z-]+)/")
# Chinese pages close with "（編輯：X）1140908" and open with "（中央社記者X台北8日電）".
_EDITOR_LINE = re.compile(r"^[（(]編輯[:：].*[)）]\s*\d*$")
_CN_DATELINE = re.compile(
    rf"^[（(]中央社(?:記者(?P<reporter>[^\d（）()]{{2,12}}?))?(?P<place>[{HAN}]{{2,4}})\d{{1,2}}日"
)
_EN_DATELINE = re.compile(r"^(?P<place>[A-Z][a-zA-Z .]+), [A-Z][a-z]{2,4}\.? \d{1,2} \(CNA\)")
_EN_BYLINE = re.compile(r"^(?:Enditem/.*|By .+)$")


class CentralContentLayout(PageVersion):
    """``div.centralContent`` with ``h1 span``, ``div.updatetime span`` and ``div.paragraph p``."""

    def title(self) -> str | None:
        return self.first_text("//h1/span") or self.first_text("//h1")

    def published(self) -> datetime | None:
        # "2025/09/08 14:30" in Taipei time; the list API and the page both omit the zone.
        shown = self.first_text('//div[contains(@class,"updatetime")]/span')
        return self.date_from_text(shown) or self.date_from_iso(self.meta("article:published_time"))

    def authors(self) -> list[str] | None:
        names = [clean_text(n) for n in self.tree.xpath('//div[contains(@class,"author")]//text()')]
        names = [n for n in names if n and not n.endswith(":")]
        return names or None

    def section(self) -> str | None:
        match = _SECTION.match(self.url)
        return match.group(1) if match else None

    def _paragraphs(self) -> list[str]:
        container = self.first(
            '//div[contains(@class,"centralContent")]//div[contains(@class,"paragraph")]'
        )
        if container is None:
            return []
        texts = (clean_text(p.text_content()) for p in container.xpath("./p"))
        return [t for t in texts if t]

    def body(self) -> list[str] | None:
        out = [
            p for p in self._paragraphs() if not _EDITOR_LINE.match(p) and not _EN_BYLINE.match(p)
        ]
        return out or None

    def dateline(self) -> str | None:
        first = (self._paragraphs() or [""])[0]
        match = _CN_DATELINE.match(first) or _EN_DATELINE.match(first)
        return match.group("place") if match else None

    def wire(self) -> str | None:
        return "CNA"

    def is_article(self) -> bool | None:
        return bool(self._paragraphs())


class CnaPage(VersionedPage):
    versions = (CentralContentLayout,)
