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
from functools import cache
from itertools import islice

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from polwire.core import stat_keys
from polwire.core.article_item import ArticleItem
from polwire.core.scripts import CJK

FULL_BODY_WORDS = 100
FULL_BODY_CJK_CHARS = 200
_CJK = CJK


# Compiled at the first body, not at import: the word pattern's Unicode classes cost a crawl
# with nothing new 25 ms to compile.
@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    cjk_char = re.compile(f"[{_CJK}]")
    # A word of letters that are not CJK (a CJK character ends one), or a number.
    word = re.compile(rf"[^\W\d_{_CJK}]+|\d+(?:[.,]\d+)*")
    return cjk_char, word


def is_full_body(body: str) -> bool:
    """100 words, or 200 CJK characters. Words and CJK characters are counted apart: a CJK
    text is long enough by its characters, a spaced one by its words, never half of each.
    Counting stops at the threshold (whole bodies were counted: a millisecond an item)."""
    cjk_char, word = _patterns()
    return _at_least(cjk_char, body, FULL_BODY_CJK_CHARS) or _at_least(word, body, FULL_BODY_WORDS)


def _at_least(pattern: re.Pattern[str], text: str, count: int) -> bool:
    return sum(1 for _ in islice(pattern.finditer(text), count)) >= count


def field_coverage(item: ArticleItem) -> dict[str, bool]:
    """Which of the monitored fields an item has."""
    full_body = is_full_body(item.body or "")
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
