"""Normalize pipeline: canonical URL, Unicode, time-zone-aware dates, countries, body hash."""

from __future__ import annotations

import logging
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from scrapy.crawler import Crawler

from crawler.gazetteer import countries_in
from crawler.items import ArticleItem
from crawler.text import clean_body, clean_line, content_hash, word_count
from crawler.urls import canonicalize_url, is_site_root, same_site

logger = logging.getLogger(__name__)


class NormalizePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalizePipeline:
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if item.rejection:
            return item
        timezone = _source_timezone(self.crawler)
        item.url = choose_canonical(item.url, item.declared_url)
        urls = {item.url, *item.urls, *(canonicalize_url(u) for u in item.urls)}
        if item.declared_url and same_site(item.declared_url, item.url):
            urls.add(canonicalize_url(item.declared_url))
        item.urls = sorted(u for u in urls if u.startswith(("http://", "https://")))
        item.title = clean_line(item.title) if item.title else None
        item.body = clean_body(item.body) if item.body else None
        item.authors = list(dict.fromkeys(a for a in map(clean_line, item.authors) if a))
        item.section = clean_line(item.section).lower() if item.section else None
        item.dateline = clean_line(item.dateline) if item.dateline else None
        item.published_at = aware(item.published_at, timezone)
        item.modified_at = aware(item.modified_at, timezone)
        if item.body:
            item.word_count = word_count(item.body)
            item.content_hash = content_hash(item.body)
            item.countries = countries_in(item.title or "", item.body)
        return item


def choose_canonical(fetched_url: str, declared_url: str | None) -> str:
    """The page's own rel=canonical/og:url when it names a page of the same site, else the
    fetched URL; canonicalized either way. A canonical pointing at another site (syndication)
    or at the home page (a common template bug) is not trusted."""
    if (
        declared_url
        and same_site(declared_url, fetched_url)
        and (not is_site_root(declared_url) or is_site_root(fetched_url))
    ):
        return canonicalize_url(declared_url)
    return canonicalize_url(fetched_url)


def aware(moment: datetime | None, timezone: tzinfo) -> datetime | None:
    """A date printed without an offset is read in the source's own time zone."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=timezone)


def _source_timezone(crawler: Crawler) -> tzinfo:
    spider = crawler.spider
    source = getattr(spider, "source", None)
    return ZoneInfo(source.timezone) if source is not None else ZoneInfo("UTC")
