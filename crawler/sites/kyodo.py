"""Kyodo News English (english.kyodonews.net): article pages; Kyodo is itself the wire."""

from __future__ import annotations

import json
from datetime import datetime

from crawler.sites.base import PageVersion, VersionedPage
from polwire.core.text import clean_text


class ArticleBodyLayout(PageVersion):
    """``div.article-body`` with JSON-LD dates printed without an offset (JST)."""

    def _jsonld(self) -> dict[str, object]:
        for script in self.tree.xpath('//script[@type="application/ld+json"]/text()'):
            try:
                data = json.loads(script)
            except ValueError:
                continue
            if isinstance(data, dict) and "datePublished" in data:
                return data
        return {}

    def title(self) -> str | None:
        return self.first_text("//h1") or self.meta("og:title")

    def published(self) -> datetime | None:
        # "2025-09-08 15:02:11": Kyodo prints local time without a zone.
        value = self._jsonld().get("datePublished")
        return self.date_from_text(value if isinstance(value, str) else None)

    def modified(self) -> datetime | None:
        value = self._jsonld().get("dateModified")
        return self.date_from_text(value if isinstance(value, str) else None)

    def authors(self) -> list[str] | None:
        author = self.meta("author")
        return [author] if author and author.upper() != "KYODO" else None

    def body(self) -> list[str] | None:
        nodes = self.tree.xpath('//div[contains(@class,"article-body")]/p')
        out = [clean_text(n.text_content()) for n in nodes]
        return [p for p in out if p and p != "==Kyodo"] or None

    def dateline(self) -> str | None:
        first = (self.body() or [""])[0]
        head = first.split(" - ", 1)[0] if " - " in first[:40] else ""
        return head if head.isupper() else None

    def wire(self) -> str | None:
        return "Kyodo"

    def is_article(self) -> bool | None:
        return "/articles/-/" in self.url


class KyodoPage(VersionedPage):
    versions = (ArticleBodyLayout,)
