"""The forms an article takes between a page and a row: what extraction reads from a page
(`ArticleRecord`) and the item a crawl passes through its pipelines (`ArticleItem`).

Plain dataclasses with nothing to import but the article model, so that the pipelines, the
store and the spool can name the item without loading the extractor."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from polwire.core.article_fields import ArticleFields


@dataclass(slots=True, kw_only=True)
class ArticleRecord(ArticleFields):
    """One page's article fields in their stored form, and what the page says of itself."""

    declared_url: str | None = None  # rel=canonical / og:url as the page states it
    is_article: bool = False  # the page declares or looks like a single article


@dataclass(slots=True, kw_only=True)
class ArticleItem(ArticleRecord):
    """One article page as fetched, with its fields already cleaned (crawler.extraction.record).

    ``url`` starts as the URL the page was fetched from; the normalize pipeline
    replaces it with the canonical URL and keeps every URL the page was seen
    under in ``urls`` (they all go to ``article_urls``).
    """

    source: str
    url: str
    fetched_at: datetime  # UTC-aware
    urls: list[str] = field(default_factory=list)
    html: bytes | None = None  # the raw response body, kept compressed in storage
    http_encoding: str | None = None  # charset from the Content-Type header
    # The response's validators, kept with the page for the watch's conditional requests.
    etag: str | None = None
    last_modified: str | None = None
    rejection: str | None = None  # set by the spider for pages it cannot read (NonHtmlResponse)
    politics_feed: bool = False  # listed by one of the source's politics_feeds
    duplicate_of: str | None = None  # canonical URL of an earlier item of this run (dedupe)
    # The body's MinHash sketch (polwire.core.minhash.Sketch), made in the extraction
    # worker with the body so the store does not make it in the crawl's own process.
    body_sketch: object | None = None
    stored_page: bytes | None = None  # ``html`` compressed by the extraction worker
