"""A store batch's entity tags: found before the batch's transaction, written inside it for
the articles it stored or revised (storage.articles calls this; storage.entities does it)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import psycopg

from polwire.storage.entities import ArticleText, ensure_entities, store_entity_tags, tag_texts

if TYPE_CHECKING:
    from polwire.storage.articles import ArticleRow

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class BatchTags:
    tags: list[dict[str, int]] = field(default_factory=list)

    @classmethod
    def of(cls, conn: psycopg.Connection[Any], rows: Sequence[ArticleRow]) -> BatchTags:
        """Tag every row; a gazetteer that cannot be loaded costs the tags, never the batch."""
        try:
            ensure_entities(conn)
            texts = [
                ArticleText(
                    title=row.title or "",
                    body=row.body or "",
                    published_at=row.published_at,
                    fetched_at=row.fetched_at,
                    language=row.language,
                    countries=row.countries or (),
                )
                for row in rows
            ]
            return cls(tag_texts(texts))
        except (ValueError, OSError):
            logger.exception("entity tagging is off for this batch: the gazetteer did not load")
            return cls()

    def store(
        self, conn: psycopg.Connection[Any], written: Sequence[tuple[int, int | None]]
    ) -> int:
        """Write the tags of the rows (by ord) stored or revised as ``written`` articles."""
        if not self.tags:
            return 0
        pairs = [(article_id, self.tags[ord_]) for ord_, article_id in written if article_id]
        return store_entity_tags(conn, [a for a, _ in pairs], [t for _, t in pairs])
