"""One fetched page (from the web or from an archive record) made into an ArticleItem: the one
path both a crawl and an import take, so both store the same fields for the same page."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from crawler.extraction_pool import ExtractionPool, PageReading
from polwire.core.article_fields import derive
from polwire.core.article_item import ArticleItem
from polwire.core.reasons import DropReason

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_html(content_type: str) -> bool:
    """An HTML page by its Content-Type (none given: let extraction judge the bytes)."""
    kind = content_type.split(";")[0].strip().lower()
    return not kind or kind in _HTML_TYPES


def header_charset(content_type: str) -> str | None:
    match = re.search(r"charset=([\w.:-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


async def article_item(
    pool: ExtractionPool,
    reading: PageReading,
    *,
    source: str,
    url: str,
    urls: list[str],
    fetched_at: datetime,
    content_type: str,
    body: bytes,
    politics_feed: bool = False,
) -> ArticleItem:
    """The page's item: extracted (in a worker process) and cleaned once, here; the pipelines
    only judge, dedupe and store. A page that is no HTML carries its drop reason."""
    page: dict[str, Any] = {
        "source": source,
        "url": url,
        "fetched_at": fetched_at,
        "urls": sorted(set(urls)),
        "politics_feed": politics_feed,
    }
    if not is_html(content_type):
        return ArticleItem(**page, rejection=DropReason.NON_HTML_RESPONSE)
    http_encoding = header_charset(content_type)
    extracted = await pool.extract(body, url, http_encoding, reading)
    return derive(
        ArticleItem,
        extracted.record,
        **page,
        html=body,
        http_encoding=http_encoding,
        body_sketch=extracted.sketch,
        stored_page=extracted.stored_page,
    )
