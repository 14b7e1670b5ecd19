"""Search by entity (`polwire search --entity`): the newest articles that mention every entity
given, with the other filters, and with words when there are any."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg.rows import class_row, dict_row

from polwire.storage.sql import query

if TYPE_CHECKING:
    from polwire.storage.search import ParsedQuery, SearchFilters, SearchHit

# An entity in at most this many articles is searched from its own index: all its articles
# are read, and words matched among them. A more common one, with words or with a source or
# country filter, is searched the way words are (the search index's date buckets, newest
# first), each match checked for the entities.
RARE_ENTITY = 2_000


def entity_candidate_ids(
    conn: psycopg.Connection[Any],
    filters: SearchFilters,
    *,
    tsquery: str | None,
    pool_size: int,
    now: datetime,
) -> list[int]:
    """Ids of the newest ``pool_size`` articles that mention all of ``filters.entities`` and
    pass the other filters (and match ``tsquery`` when given), newest first."""
    from polwire.storage.search import candidate_ids, filter_lexemes

    entities = list(dict.fromkeys(filters.entities))
    counts = {entity: _count(conn, entity) for entity in entities}
    entities.sort(key=lambda e: counts[e])
    rare = counts[entities[0]] <= RARE_ENTITY
    indexed = tsquery or " & ".join(filter_lexemes(filters))
    if indexed and not rare:
        return candidate_ids(conn, indexed, filters, now=now, pool_size=pool_size)
    params: dict[str, Any] = {
        "first": entities[0],
        "others": entities[1:],
        "source": filters.source,
        "country": filters.country,
        "section": filters.section,
        "since": filters.since,
        "until": filters.until,
        "pool_size": pool_size if tsquery is None else RARE_ENTITY,
    }
    rows = conn.execute(query("search_entity_candidates"), params, prepare=False).fetchall()
    ids = [int(article_id) for article_id, _ in rows]
    if tsquery is None or not ids:
        return ids
    matched = conn.execute(
        query("search_words_among"),
        {"ids": ids, "tsquery": tsquery, "pool_size": pool_size},
        prepare=False,
    ).fetchall()
    return [int(article_id) for article_id, _ in matched]


def _count(conn: psycopg.Connection[Any], entity_id: str) -> int:
    cap = RARE_ENTITY + 1  # which is rarest matters among the rare ones only
    row = conn.execute(query("search_entity_count"), {"id": entity_id, "cap": cap}).fetchone()
    return int(row[0]) if row else 0


def rank_entity_hits(
    conn: psycopg.Connection[Any],
    ids: Sequence[int],
    entities: Sequence[str],
    *,
    limit: int,
    order: str,
    collapse: bool,
    now: datetime,
    recency_days: float,
) -> list[SearchHit]:
    """Hits found by entity alone: most mentions (newer weighing more) or newest first."""
    from polwire.storage.search import SearchHit

    params = {
        "ids": list(ids),
        "entities": list(entities),
        "now": now,
        "recency_days": recency_days,
        "collapse": collapse,
        "newest": order == "newest",
        "limit": limit,
    }
    with conn.cursor(row_factory=class_row(SearchHit)) as cur:
        return cur.execute(query("search_entity_articles"), params, prepare=False).fetchall()


def entity_terms(conn: psycopg.Connection[Any], entities: Sequence[str]) -> ParsedQuery:
    """The entities' names as query terms, for snippets around them."""
    from polwire.core.scripts import has_cjk
    from polwire.storage.search import ParsedQuery

    forms: list[str] = []
    with conn.cursor(row_factory=dict_row) as cur:
        for row in cur.execute(query("entity_names"), {"ids": list(entities)}):
            for column in ("names", "short_names"):
                forms.extend(f for values in row[column].values() for f in values)
    forms = [f for f in dict.fromkeys(forms) if len(f) > 1]  # 이, 习: everywhere in a text
    return ParsedQuery(
        text="",
        prefixes=None,
        cjk_terms=tuple(f for f in forms if has_cjk(f)),
        latin_terms=tuple(f for f in forms if not has_cjk(f)),
        truncated=False,
    )
