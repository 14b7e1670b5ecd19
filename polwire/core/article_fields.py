"""An article's fields as the archive keeps them, declared once: every other form of an
article (the crawl's item, a row to store, a re-extraction) extends this and is built from
another by name with `derive`, so a new field is added here, in a migration, and where it is
extracted."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, TypeVar

_T = TypeVar("_T")


@dataclass(slots=True, kw_only=True)
class ArticleFields:
    """The ``articles`` columns an extraction fills, cleaned as they are stored."""

    # Each field names its PostgreSQL type ("pg"): the staging table, COPY and the statements
    # that write articles are made from these (storage/sql.py). "keep": where a new reading
    # without a value keeps the stored one: on a "revision" (a changed page: one that stops
    # printing its date is still dated) and on a "reparse" (the same page read again).
    # "exported": in `polwire export` (field_layers is bookkeeping, not the article).
    title: str | None = field(default=None, metadata={"pg": "text"})
    authors: list[str] = field(default_factory=list, metadata={"pg": "text[]"})
    published_at: datetime | None = field(
        default=None, metadata={"pg": "timestamptz", "keep": {"revision", "reparse"}}
    )
    modified_at: datetime | None = field(default=None, metadata={"pg": "timestamptz"})
    section: str | None = field(  # lower case
        default=None, metadata={"pg": "text", "keep": {"revision"}}
    )
    language: str | None = field(  # ISO 639-1
        default=None, metadata={"pg": "text", "keep": {"revision", "reparse"}}
    )
    countries: list[str] = field(default_factory=list, metadata={"pg": "text[]"})  # ISO 3166
    wire: str | None = field(default=None, metadata={"pg": "text"})  # Reuters, Kyodo, ...
    dateline: str | None = field(default=None, metadata={"pg": "text"})  # e.g. "SEOUL"
    body: str | None = field(default=None, metadata={"pg": "text"})  # paragraphs, blank line
    word_count: int = field(default=0, metadata={"pg": "int4"})
    content_hash: str | None = field(default=None, metadata={"pg": "text"})  # normalized body
    # field -> the extraction layer that gave it
    field_layers: dict[str, str] = field(
        default_factory=dict, metadata={"pg": "jsonb", "exported": False}
    )


ARTICLE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ArticleFields))
# The PostgreSQL type of each article field, for binary COPY.
ARTICLE_TYPES: dict[str, str] = {f.name: f.metadata["pg"] for f in fields(ArticleFields)}
# Fields whose stored value a new reading without one keeps: a changed page's, a reparse's.
KEPT_ON_REVISION: frozenset[str] = frozenset(
    f.name for f in fields(ArticleFields) if "revision" in f.metadata.get("keep", ())
)
KEPT_ON_REPARSE: frozenset[str] = frozenset(
    f.name for f in fields(ArticleFields) if "reparse" in f.metadata.get("keep", ())
)
EXPORTED_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(ArticleFields) if f.metadata.get("exported", True)
)


def derive(cls: type[_T], origin: object, /, **values: Any) -> _T:
    """A ``cls`` made of every field of ``origin`` that ``cls`` also has (lists and dicts
    copied), then ``values``; a field of ``cls`` that neither has keeps its default."""
    taken = {
        f.name: copy.copy(getattr(origin, f.name))
        for f in fields(cls)  # type: ignore[arg-type]
        if f.init and f.name not in values and hasattr(origin, f.name)
    }
    return cls(**taken, **values)
