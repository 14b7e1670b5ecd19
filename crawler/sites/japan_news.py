"""The Japan News by The Yomiuri Shimbun (japannews.yomiuri.co.jp): WordPress article pages."""

from __future__ import annotations

import re
from datetime import datetime

from crawler.sites.base import PageVersion, VersionedPage, node_text

# p.postdate prints the time first ("17:41 JST, October 13, 2024"); the shared
# date parser reads English dates month first, so the parts are swapped here.
_POSTDATE = re.compile(
    r"(?P<time>\d{1,2}:\d{2})\s*(?P<zone>[A-Z]{2,4})?,\s*(?P<date>\w+ \d{1,2}, \d{4})"
)
_BYLINE = re.compile(r"^By\s+(?P<names>.+?)\s*(?:/.*)?$")


class ArticleBlockLayout(PageVersion):
    """``div#p-article-block`` with ``p.byline`` and ``p.postdate`` (layout seen 2024-10)."""

    def title(self) -> str | None:
        return self.meta("og:title") or self.first_text("//h1")

    def published(self) -> datetime | None:
        # p.postdate ("17:41 JST, October 13, 2024") is the time readers see;
        # JSON-LD datePublished carries the CMS save time, seconds later.
        postdate = self.first_text('//p[@class="postdate"]') or ""
        match = _POSTDATE.search(postdate)
        if match:
            postdate = f"{match['date']} {match['time']} {match['zone'] or ''}".strip()
        shown = self.date_from_text(postdate or None)
        return shown or self.date_from_iso(self.meta("article:published_time"))

    def modified(self) -> datetime | None:
        return self.date_from_iso(self.meta("article:modified_time"))

    def authors(self) -> list[str] | None:
        # The JSON-LD author is the staff account that posted the page; the
        # byline names the writers, e.g. "By A and B / Yomiuri Shimbun Staff Writers".
        byline = self.first_text('//p[@class="byline"]')
        match = _BYLINE.match(byline or "")
        if not match:
            return None
        names = re.split(r",\s*(?:and\s+)?|\s+and\s+", match.group("names"))
        return [n.strip() for n in names if n.strip()] or None

    def section(self) -> str | None:
        parts = [p for p in self.url.split("/")[3:] if p]
        return parts[0] if parts else None

    def body(self) -> list[str] | None:
        nodes = self.tree.xpath('//div[@id="p-article-block"]/*[self::p[not(@class)] or self::h2]')
        return self.paragraphs(nodes) or None

    def wire(self) -> str | None:
        last = self.tree.xpath('//div[@id="p-article-block"]/p[last()]')
        text = " ".join(node_text(n) for n in last)
        if re.search(r"\bJiji Press\b", text):
            return "Jiji"
        return None

    def is_article(self) -> bool | None:
        return bool(self.tree.xpath('//div[@id="p-article-block"]'))


class JapanNewsPage(VersionedPage):
    versions = (ArticleBlockLayout,)
