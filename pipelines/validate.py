"""Validate pipeline: drops what is not a storable politics article, each with a named reason."""

from __future__ import annotations

from scrapy.crawler import Crawler

from pipelines.drops import DROP_REASONS, BodyTooShort, NotAnArticle, NoTitle, OffTopic
from polwire.core.article_item import ArticleItem
from polwire.core.scope import politics_reason


class ValidatePipeline:
    def __init__(self, crawler: Crawler, min_body_words: int) -> None:
        self.crawler = crawler
        self.min_body_words = min_body_words

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler, crawler.settings.getint("POLWIRE_MIN_BODY_WORDS"))

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if item.rejection:
            raise DROP_REASONS[item.rejection](f"{item.rejection}: {item.url}")
        if not item.is_article:
            raise NotAnArticle(f"not an article page: {item.url}")
        if not item.title:
            raise NoTitle(f"no title: {item.url}")
        if not item.body or item.word_count < self.min_body_words:
            raise BodyTooShort(
                f"body has {item.word_count} words (< {self.min_body_words}): {item.url}"
            )
        spider = self.crawler.spider
        # An import reads several sources' pages in one run: each item names its own.
        sources = getattr(spider, "sources", None)
        source = sources.get(item.source) if sources else getattr(spider, "source", None)
        if source is not None:
            reason = politics_reason(
                source,
                url=item.url,
                section=item.section,
                title=item.title,
                body=item.body,
                from_politics_feed=item.politics_feed,
            )
            if reason is None:
                raise OffTopic(f"not politics: {item.url}")
            item.field_layers.setdefault("scope", reason)
        return item
