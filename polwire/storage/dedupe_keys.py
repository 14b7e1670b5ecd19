"""Puts dedupe data on rows before they are stored or spooled: URL keys and the body sketch."""

from __future__ import annotations

from typing import TypeVar

from polwire.config import DedupeConfig
from polwire.core.minhash import SCHEME, Sketch, sketch_text
from polwire.core.text import word_count
from polwire.core.urls import url_key
from polwire.storage.articles import ArticleRow
from polwire.storage.stories import StoryOptions

_Row = TypeVar("_Row", bound=ArticleRow)


def with_dedupe_keys(row: _Row, min_words: int | None = None, sketch: Sketch | None = None) -> _Row:
    """``row`` with its URL dedupe keys and, for a body long enough to tell copies apart,
    its MinHash sketch and LSH band keys (the row carries them into the spool too).
    ``sketch``: the body's, already made (by an extraction worker)."""
    row.url_keys = {u: url_key(u) for u in (row.url, *row.urls)}
    limit = DedupeConfig().min_words if min_words is None else min_words
    if not row.body or (row.word_count or word_count(row.body)) < limit:
        return row
    if sketch is None:
        sketch = sketch_text(row.body)
    if sketch is not None:
        row.signature = sketch.to_bytes()
        row.sketch_scheme = SCHEME
        row.shingles = sketch.shingles
        row.band_keys = sketch.band_keys()
    return row


def story_options(config: DedupeConfig) -> StoryOptions:
    return StoryOptions(
        story_similarity=config.story_similarity,
        same_article_similarity=config.same_article_similarity,
        story_window_days=config.story_window_days,
        index_days=config.index_days,
    )
