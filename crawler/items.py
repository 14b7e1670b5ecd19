"""The item a news spider yields: one extracted article page, before the pipelines clean it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True, kw_only=True)
class ArticleItem:
    """One article page as fetched and extracted.

    ``url`` starts as the URL the page was fetched from; the normalize pipeline
    replaces it with the canonical URL and keeps every URL the page was seen
    under in ``urls`` (they all go to ``article_urls``).
    """

    source: str
    url: str
    fetched_at: datetime  # UTC-aware
    urls: list[str] = field(default_factory=list)
    declared_url: str | None = None  # rel=canonical / og:url as the page states it
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    modified_at: datetime | None = None
    section: str | None = None
    language: str | None = None
    countries: list[str] = field(default_factory=list)
    wire: str | None = None
    dateline: str | None = None
    body: str | None = None
    is_article: bool = True
    field_layers: dict[str, str] = field(default_factory=dict)
    html: bytes | None = None  # the raw response body, kept compressed in storage
    http_status: int = 200
    http_encoding: str | None = None  # charset from the Content-Type header
    rejection: str | None = None  # set by the spider for pages it cannot read (NonHtmlResponse)
    politics_feed: bool = False  # listed by one of the source's politics_feeds
    # Filled by the pipelines:
    word_count: int = 0
    content_hash: str | None = None
    duplicate_of: str | None = None  # canonical URL of an earlier item of this run
