"""What extraction returns for one HTML page, whichever layer supplied each field."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True, kw_only=True)
class ExtractedArticle:
    """Fields extracted from one page.

    ``layers`` records, per field name, which layer supplied it: ``"site"`` (a
    per-site page object), ``"jsonld"``, ``"meta"`` (OpenGraph / article:* /
    name= tags), ``"html"`` (``<time>``, ``<h1>``, bylines, ...), ``"url"``
    (a date in the URL path), or ``"generic"`` (the generic body extractor).
    """

    url: str | None = None  # canonical URL the page declares (rel=canonical, og:url), absolute
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None  # timezone-aware
    modified: datetime | None = None  # timezone-aware
    section: str | None = None
    language: str | None = None  # ISO 639-1
    body: str | None = None  # paragraphs joined by a blank line
    dateline: str | None = None  # e.g. "SEOUL"
    wire: str | None = None  # credited news agency, e.g. "Reuters", "Kyodo"
    description: str | None = None
    is_article: bool = False  # the page declares or looks like a single article
    encoding: str = "utf-8"  # how the bytes were decoded
    layers: dict[str, str] = field(default_factory=dict)
