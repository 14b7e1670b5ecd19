"""Coverage pipeline: counts per run how many valid articles have each field, and from which layer.

Stats it writes (a run is one source, so these are per source too):

- ``polwire/coverage/items``: articles that passed validation;
- ``polwire/coverage/<field>``: of those, the ones with ``title``, ``published``,
  ``authors``, ``section``, ``body`` (a full body: 100 words or 200 CJK
  characters), ``wire`` and ``countries``;
- ``polwire/layer/<field>/<layer>``: which extraction layer supplied each field
  (``site``, ``jsonld``, ``meta``, ``html``, ``url``, ``generic``).

The health monitors read ``polwire/coverage/*`` against ``items``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from storage import stat_keys

if TYPE_CHECKING:
    # Types only: importing crawler.items loads the extractor, which a crawl with nothing new
    # never needs.
    from crawler.items import ArticleItem

FULL_BODY_WORDS = 100
FULL_BODY_CJK_CHARS = 200
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_WORD = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*")


def field_coverage(item: ArticleItem) -> dict[str, bool]:
    """Which of the monitored fields an item has."""
    body = item.body or ""
    cjk_chars = len(_CJK_CHAR.findall(body))
    # Words and CJK characters are counted apart: a CJK text is long enough by
    # its characters, a spaced one by its words, never half of each.
    words = len(_WORD.findall(_CJK_CHAR.sub(" ", body)))
    full_body = words >= FULL_BODY_WORDS or cjk_chars >= FULL_BODY_CJK_CHARS
    return {
        "title": bool(item.title),
        "published": item.published_at is not None,
        "authors": bool(item.authors),
        "section": bool(item.section),
        "body": full_body,
        "wire": bool(item.wire),
        "countries": bool(item.countries),
    }


class CoveragePipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CoveragePipeline:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if item.rejection:
            return item
        self.stats.inc_value(stat_keys.COVERAGE_ITEMS)
        for name, present in field_coverage(item).items():
            # Set every key, even at zero, so a field that is never found shows.
            self.stats.inc_value(stat_keys.COVERAGE + name, 1 if present else 0)
        for name, layer in item.field_layers.items():
            self.stats.inc_value(f"{stat_keys.LAYER}{name}/{layer}")
        return item
