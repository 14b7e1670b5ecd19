"""Find the article object in a page's JSON-LD, tolerating the broken JSON real sites publish."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

from lxml.html import HtmlElement

from crawler.extraction.tree import strip_markup
from polwire.core.text import strip_controls

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "askpublicnewsarticle",
        "blogposting",
        "socialmediaposting",
        "liveblogposting",
        "scholarlyarticle",
        "techarticle",
        "report",
    }
)

_DECODER = json.JSONDecoder(strict=False)
_TRAILING_COMMA = re.compile(r",\s*([\]}])")
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")


def _loads(text: str) -> list[Any]:
    """Every JSON value in a script body; [] when nothing parses."""
    text = _CDATA.sub("", text).strip().rstrip(";")
    if not text:
        return []
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", text)):
        values: list[Any] = []
        position = 0
        try:
            # Some sites concatenate several objects in one script element.
            while position < len(attempt):
                value, position = _DECODER.raw_decode(attempt, position)
                values.append(value)
                while position < len(attempt) and attempt[position] in " \t\r\n,;":
                    position += 1
            return values
        except ValueError:
            if values:
                return values
    return []


def _types(node: dict[str, Any]) -> set[str]:
    declared = node.get("@type")
    if isinstance(declared, str):
        return {declared.lower()}
    if isinstance(declared, list):
        return {t.lower() for t in declared if isinstance(t, str)}
    return set()


def _walk(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(value, list):
        for item in value:
            yield from _walk(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        for key in ("@graph", "mainEntity", "itemListElement", "hasPart"):
            if key in value:
                yield from _walk(value[key], depth + 1)


class JsonLd:
    """The article node, breadcrumb trail and organization names found in JSON-LD."""

    __slots__ = ("article", "breadcrumbs", "organizations", "other_published")

    def __init__(self, root: HtmlElement) -> None:
        self.article: dict[str, Any] | None = None
        self.breadcrumbs: list[str] = []
        self.organizations: set[str] = set()
        # The date of a node of another type (a ClaimReview, a WebPage, a VideoObject): the
        # page's date when no article node gives one.
        self.other_published: str | None = None
        best_score = -1
        for script in root.iter("script"):
            if (script.get("type") or "").strip().lower() != "application/ld+json":
                continue
            for value in _loads(script.text or ""):
                for node in _walk(value):
                    types = _types(node)
                    if types & ARTICLE_TYPES:
                        # Prefer the richest article node: pages often also
                        # describe related articles in a thinner form.
                        score = sum(k in node for k in ("headline", "datePublished", "author"))
                        if score > best_score:
                            self.article, best_score = node, score
                    elif self.other_published is None and (
                        published := as_text(node.get("datePublished") or node.get("uploadDate"))
                    ):
                        self.other_published = published
                    if "breadcrumblist" in types and not self.breadcrumbs:
                        self.breadcrumbs = _breadcrumb_names(node)
                    if types & {"organization", "newsmediaorganization", "website"}:
                        name = node.get("name")
                        if isinstance(name, str):
                            self.organizations.add(html.unescape(name).strip())
                    publisher = node.get("publisher")
                    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                        self.organizations.add(html.unescape(publisher["name"]).strip())

    def text(self, key: str) -> str | None:
        """A string property of the article node (first item of a list), HTML entities decoded."""
        if self.article is None:
            return None
        return as_text(self.article.get(key))


def as_text(value: Any) -> str | None:
    """A JSON-LD value read as one string: strings, first list item, or a node's name/@value."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, str):
        # Sites double-escape: "\u0026quot;" arrives here as "&quot;"; some put markup in.
        value = strip_controls(strip_markup(html.unescape(html.unescape(value)))).strip()
        return value or None
    if isinstance(value, int | float):
        return str(value)
    return None


def _breadcrumb_names(node: dict[str, Any]) -> list[str]:
    items = node.get("itemListElement")
    if not isinstance(items, list):
        return []
    ordered = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        name = item.get("name")
        if name is None and isinstance(item.get("item"), dict):
            name = item["item"].get("name")
        position = item.get("position", index)
        if isinstance(name, str) and name.strip():
            ordered.append((position if isinstance(position, int) else index, name.strip()))
    return [name for _, name in sorted(ordered, key=lambda pair: pair[0])]
