"""Loads the SQL statements kept as files in storage/queries, with the article's columns
filled in from its model (storage/article_fields.py)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from polwire.core.article_fields import (
    ARTICLE_FIELDS,
    ARTICLE_TYPES,
    EXPORTED_FIELDS,
    KEPT_ON_REPARSE,
    KEPT_ON_REVISION,
)


def _update(name: str, value: str, kept: frozenset[str]) -> str:
    if name in kept:
        return f"{name} = coalesce({value}, a.{name})"
    return f"{name} = {value}"


# Markers a statement may hold for the article columns, so that a new field is declared in
# the model and a migration, not again in every statement that writes or reads articles.
ARTICLE_MARKERS = {
    # title, authors, ...
    "{article_columns}": ", ".join(ARTICLE_FIELDS),
    # s.title, s.authors, ... (the staging table's)
    "{staged_article_columns}": ", ".join(f"s.{name}" for name in ARTICLE_FIELDS),
    # title, authors, ... but for those `polwire export` leaves out
    "{exported_article_columns}": ", ".join(EXPORTED_FIELDS),
    # a.title, a.authors, ... (the articles table's)
    "{stored_article_columns}": ", ".join(f"a.{name}" for name in ARTICLE_FIELDS),
    # title = s.title, published_at = coalesce(s.published_at, a.published_at), ... (revisions)
    "{staged_article_updates}": ", ".join(
        _update(n, f"s.{n}", KEPT_ON_REVISION) for n in ARTICLE_FIELDS
    ),
    # title = %(title)s::text, ... (named parameters of the same names: reparse)
    "{param_article_updates}": ", ".join(
        _update(n, f"%({n})s::{ARTICLE_TYPES[n]}", KEPT_ON_REPARSE) for n in ARTICLE_FIELDS
    ),
}


@cache
def query(name: str) -> bytes:
    """The statement in ``storage/queries/<name>.sql``, as bytes for psycopg."""
    text = (resources.files("polwire.storage") / "queries" / f"{name}.sql").read_text(
        encoding="utf-8"
    )
    for marker, columns in ARTICLE_MARKERS.items():
        text = text.replace(marker, columns)
    return text.strip().encode()
