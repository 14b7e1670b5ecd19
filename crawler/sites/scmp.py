"""South China Morning Post (scmp.com): Next.js pages with the article in __NEXT_DATA__."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from crawler.sites.base import PageVersion, VersionedPage
from polwire.core.text import clean_text


def _text_of(node: Any) -> str:
    if isinstance(node, dict):
        if node.get("type") == "text":
            return str(node.get("data") or "")
        return "".join(_text_of(child) for child in node.get("children") or [])
    if isinstance(node, list):
        return "".join(_text_of(child) for child in node)
    return ""


class NextDataLayout(PageVersion):
    """``props.pageProps.payload.data.article`` (calibre scmp.recipe, 2026)."""

    @classmethod
    def matches(cls, tree: Any, url: str) -> bool:
        return bool(tree.xpath('//script[@id="__NEXT_DATA__"]'))

    def _article(self) -> dict[str, Any]:
        script = self.first_text('//script[@id="__NEXT_DATA__"]/text()')
        try:
            data = json.loads(script or "{}")
            article = data["props"]["pageProps"]["payload"]["data"]["article"]
        except (ValueError, KeyError, TypeError):
            return {}
        return article if isinstance(article, dict) else {}

    def title(self) -> str | None:
        return clean_text(self._article().get("headline")) or self.meta("og:title")

    def published(self) -> datetime | None:
        millis = self._article().get("publishedDate")
        if isinstance(millis, int | float):
            return datetime.fromtimestamp(millis / 1000, tz=UTC).astimezone(self.timezone)
        return self.date_from_iso(self.meta("article:published_time"))

    def authors(self) -> list[str] | None:
        names = [
            clean_text(a.get("name"))
            for a in self._article().get("authors") or []
            if isinstance(a, dict)
        ]
        return [n for n in names if n] or None

    def section(self) -> str | None:
        topic = self._article().get("firstTopic")
        if isinstance(topic, dict) and topic.get("name"):
            return clean_text(topic["name"])
        return None

    def body(self) -> list[str] | None:
        nodes = (self._article().get("body") or {}).get("json") or []
        out = []
        for node in nodes:
            if isinstance(node, dict) and node.get("type") in {"p", "h2", "h3", "blockquote"}:
                text = clean_text(_text_of(node))
                if text:
                    out.append(text)
        return out or None

    def is_article(self) -> bool | None:
        return bool(self._article())


class ScmpPage(VersionedPage):
    versions = (NextDataLayout,)
