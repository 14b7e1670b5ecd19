"""The fields the archive keeps for one page, cleaned once, here, for every path that reads one.

The crawl's spider, ``polwire extract`` and ``polwire reparse`` all use this, so that a
page read from the web, a file or the archive gives the same values.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from crawler.extraction.dates import zone_for
from crawler.extraction.layered import extract
from crawler.extraction.model import ExtractedArticle
from crawler.extraction.site import SitePage
from crawler.gazetteer import countries_in
from polwire.core.article_item import ArticleRecord
from polwire.core.text import clean_body, clean_line, content_hash, strip_controls, word_count


def record_of(
    article: ExtractedArticle, *, zone: tzinfo | None, language: str | None = None
) -> ArticleRecord:
    """Clean an extraction; ``zone`` reads naive dates, ``language`` is the source's default."""
    title = clean_line(article.title) if article.title else None
    body = clean_body(article.body) if article.body else None
    return ArticleRecord(
        declared_url=strip_controls(article.url) if article.url else None,
        title=title or None,
        authors=list(dict.fromkeys(a for a in map(clean_line, article.authors) if a)),
        published_at=_aware(article.published, zone),
        modified_at=_aware(article.modified, zone),
        section=clean_line(article.section).lower() if article.section else None,
        language=article.language or language,
        countries=countries_in(title or "", body) if body else [],
        wire=article.wire,
        dateline=clean_line(article.dateline) if article.dateline else None,
        body=body or None,
        word_count=word_count(body) if body else 0,
        content_hash=content_hash(body) if body else None,
        is_article=article.is_article,
        field_layers=dict(article.layers),
    )


def extract_record(
    html: bytes,
    *,
    url: str,
    http_encoding: str | None = None,
    timezone: tzinfo | str | None = None,
    page: type[SitePage] | None = None,
    language: str | None = None,
) -> ArticleRecord:
    """Extract one page and clean its fields for storage."""
    article = extract(html, url=url, http_encoding=http_encoding, timezone=timezone, page=page)
    return record_of(article, zone=zone_for(timezone), language=language)


def _aware(moment: datetime | None, zone: tzinfo | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None or zone is None:
        return moment
    return moment.replace(tzinfo=zone)
