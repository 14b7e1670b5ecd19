"""Read a page's <meta> tags (OpenGraph, article:*, name=, itemprop) into one lookup table."""

from __future__ import annotations

from lxml.html import HtmlElement

from crawler.extraction.tree import strip_markup
from polwire.core.text import clean_text


class MetaTags:
    """All ``<meta>`` values of a page, keyed by lower-cased property/name/itemprop."""

    __slots__ = ("_values",)

    def __init__(self, root: HtmlElement) -> None:
        values: dict[str, list[str]] = {}
        for element in root.iter("meta"):
            content = element.get("content")
            if content is None:
                continue
            content = clean_text(strip_markup(content))
            if not content:
                continue
            for attribute in ("property", "name", "itemprop"):
                # RDFa lets one tag name several properties: property="og:title twitter:title".
                for key in (element.get(attribute) or "").lower().split():
                    values.setdefault(key, []).append(content)
        self._values = values

    def first(self, *keys: str) -> str | None:
        """The first non-empty value among ``keys``, in the order given."""
        for key in keys:
            found = self._values.get(key)
            if found:
                return found[0]
        return None

    def all(self, *keys: str) -> list[str]:
        """Every value of every key in ``keys``, in the order given."""
        out: list[str] = []
        for key in keys:
            out.extend(self._values.get(key, ()))
        return out
