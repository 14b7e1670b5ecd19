"""Deduplicate pipeline: within a run, a page seen under another spelling of a URL (tracking
parameters, AMP, mobile, print, http/https: the same ``url_key``) or with the same body is the
same article; it is marked ``duplicate_of`` so its URLs are still recorded. Against the
archive (and for near-identical bodies) the store decides: see storage.articles."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler

from polwire.core.article_item import ArticleItem
from polwire.core.urls import url_key

logger = logging.getLogger(__name__)


class DeduplicatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.by_key: dict[str, str] = {}  # url_key of any URL stored this run -> canonical URL
        self.by_hash: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DeduplicatePipeline:
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        keys = {url_key(u) for u in (item.url, *item.urls)}
        if item.declared_url:
            # A cross-site canonical is not stored as a URL of ours, but two pages of one
            # run that declare the same canonical are one article (an AMP twin).
            keys.add(url_key(item.declared_url))
        first = next((self.by_key[k] for k in keys if k in self.by_key), None)
        if first is None and item.content_hash:
            first = self.by_hash.get(item.content_hash)
        if first is not None:
            item.duplicate_of = first
            logger.debug("%s duplicates %s", item.url, first)
            return item
        for key in keys:
            self.by_key[key] = item.url
        if item.content_hash:
            self.by_hash[item.content_hash] = item.url
        return item
