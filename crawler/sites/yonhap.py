"""Yonhap News Agency (www.yna.co.kr Korean, en.yna.co.kr English): story-news article pages."""

from __future__ import annotations

import re
from datetime import datetime

from crawler.sites.base import PageVersion, VersionedPage
from polwire.core.text import clean_text

# The article id carries the send date: AKR20250908012300001 / AEN20250908004351315.
_ID_DATE = re.compile(r"/view/A[KE][RN](\d{4})(\d{2})(\d{2})\d{9}")
_DATELINE = re.compile(
    r"^\(([가-힣]{2,4})=연합뉴스\)|^([A-Z][A-Z ]{2,20}), [A-Z][a-z]{2}\. \d{1,2} \(Yonhap\)"
)
_REPORTER_LINE = re.compile(r"^\(?[가-힣]{2,4} ?기자\)?$|^\(끝\)$|^[\w.-]+@yna\.co\.kr$")


class StoryNewsLayout(PageVersion):
    """``article.story-news`` / ``div.story-news.article`` with ``p.txt-copyright`` (2024-2026)."""

    def title(self) -> str | None:
        return (
            self.first_text('//h1[contains(@class,"tit01")]')
            or self.first_text("//h1[contains(@class,'tit')]")
            or self.meta("og:title")
        )

    def published(self) -> datetime | None:
        value = self.date_from_iso(self.meta("article:published_time"))
        if value:
            return value
        match = _ID_DATE.search(self.url)
        return self.date_from_text("-".join(match.groups())) if match else None

    def authors(self) -> list[str] | None:
        names = [clean_text(n) for n in self.tree.xpath('//*[contains(@class,"tit-name")]//text()')]
        names = [re.sub(r"\s*기자$", "", n) for n in names if n and "@" not in n]
        if names:
            return names
        author = self.meta("article:author")
        return [author] if author else None

    def section(self) -> str | None:
        return self.meta("article:section")

    def body(self) -> list[str] | None:
        out = []
        for node in self.tree.xpath('//*[contains(@class,"story-news")]/p'):
            if "txt-copyright" in (node.get("class") or ""):
                break  # everything after the copyright line is promotion
            text = clean_text(node.text_content())
            if text and not _REPORTER_LINE.match(text):
                out.append(text)
        return out or None

    def dateline(self) -> str | None:
        body = self.body() or []
        match = _DATELINE.match(body[0] if body else "")
        if not match:
            return None
        return match.group(1) or match.group(2)

    def wire(self) -> str | None:
        return "Yonhap"

    def is_article(self) -> bool | None:
        return "/view/" in self.url


class YonhapPage(VersionedPage):
    versions = (StoryNewsLayout,)
