"""Entities in PostgreSQL: the gazetteer synced into `entities`, articles' tags written in one
set-based statement per batch, names resolved in any script, listings for the console."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from polwire.entities.model import Entity
from polwire.storage.sql import query

logger = logging.getLogger(__name__)

# Databases whose `entities` this process has seen in sync with its gazetteer, by checksum.
_synced: set[tuple[str, str]] = set()
_synced_lock = threading.Lock()
_SQUASH = re.compile(r"[\s\-‐‑·・.'’]+")


@dataclass(frozen=True, slots=True)
class ArticleText:
    """What tagging reads of an article."""

    title: str
    body: str
    published_at: datetime | None
    fetched_at: datetime | None
    language: str | None
    countries: Sequence[str]


class UnknownEntity(LookupError):
    """A name that is no entity's, or that several entities share (``matches`` then)."""

    def __init__(self, name: str, matches: Sequence[str] = ()) -> None:
        self.name = name
        self.matches = list(matches)
        if self.matches:
            message = (
                f"{name!r} names {len(self.matches)} entities: {', '.join(self.matches[:10])};"
                " give one of these ids or a full name"
            )
        else:
            message = f"no entity is named {name!r} (see `polwire entities`)"
        super().__init__(message)


def lookup_keys(form: str) -> list[str]:
    """The keys a name is found under: lower-cased, and without spaces, hyphens and dots
    (Lee Jae-myung, lee jae myung and LeeJaemyung are one name)."""
    lowered = " ".join(form.split()).lower()
    return list(dict.fromkeys([lowered, _SQUASH.sub("", lowered)]))


def entity_row(entity: Entity) -> dict[str, Any]:
    forms = [entity.id, *entity.all_names(), *entity.all_short()]
    return {
        "id": entity.id,
        "kind": entity.kind,
        "name": entity.name,
        "names": {lang: list(values) for lang, values in entity.names.items()},
        "short_names": {lang: list(values) for lang, values in entity.short.items()},
        "country": entity.country,
        "wikidata": entity.wikidata,
        "offices": [office.as_json() for office in entity.offices],
        "lookup": list(dict.fromkeys(key for form in forms for key in lookup_keys(form))),
    }


def sync_entities(conn: psycopg.Connection[Any], entities: Sequence[Entity], checksum: str) -> bool:
    """Upsert the gazetteer into `entities` unless the database already holds this one (by
    checksum); True when it wrote."""
    with conn.transaction():
        row = conn.execute(query("entity_gazetteer_get")).fetchone()
        if row is not None and row[0] == checksum:
            return False
        conn.execute(query("entities_sync"), {"entities": Jsonb([entity_row(e) for e in entities])})
        conn.execute(
            query("entity_gazetteer_record"), {"checksum": checksum, "entities": len(entities)}
        )
    logger.info("synced %d entities of the gazetteer %s", len(entities), checksum[:12])
    return True


def ensure_entities(conn: psycopg.Connection[Any]) -> None:
    """Sync the gazetteer in use into this database, once per process and database."""
    from polwire.entities.loader import current_gazetteer

    entities, checksum = current_gazetteer()
    key = (f"{conn.info.host}:{conn.info.port}/{conn.info.dbname}", checksum)
    with _synced_lock:
        if key in _synced:
            return
    if conn.execute(query("session_read_only")).fetchone() == ("on",):
        return  # a read-only view (the dashboard's requests): `polwire web` synced at its start
    sync_entities(conn, entities, checksum)
    with _synced_lock:
        _synced.add(key)


def tag_texts(articles: Sequence[ArticleText]) -> list[dict[str, int]]:
    """Each article's entity tags (entity id -> mentions), by the process's matcher."""
    from polwire.entities.matcher import default_matcher

    matcher = default_matcher()
    return [
        matcher.tag(
            a.title,
            a.body,
            day=_article_day(a),
            countries=a.countries,
            language=a.language,
        )
        for a in articles
    ]


def _article_day(article: ArticleText) -> date | None:
    moment = article.published_at or article.fetched_at
    return moment.astimezone(UTC).date() if moment is not None else None


def store_entity_tags(
    conn: psycopg.Connection[Any],
    article_ids: Sequence[int],
    tags: Sequence[Mapping[str, int]],
) -> int:
    """Replace the tags of these articles with ``tags`` (parallel to ``article_ids``): two
    statements for the whole batch. Returns the number of tags given."""
    if not article_ids:
        return 0
    ids: list[int] = []
    entity_ids: list[str] = []
    mentions: list[int] = []
    for article_id, found in zip(article_ids, tags, strict=True):
        for entity_id, count in found.items():
            ids.append(article_id)
            entity_ids.append(entity_id)
            mentions.append(count)
    conn.execute(query("article_entities_clear"), {"article_ids": list(article_ids)})
    if ids:
        conn.execute(
            query("article_entities_insert"),
            {"article_ids": ids, "entity_ids": entity_ids, "mentions": mentions},
        )
    return len(ids)


def resolve_entity(conn: psycopg.Connection[Any], name: str) -> str:
    """The id of the entity ``name`` names: an id, or any full or short form in any script
    or romanization. A full name wins over others' short forms; raises UnknownEntity for a
    name no entity or several entities have."""
    ensure_entities(conn)
    keys = lookup_keys(name)
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(
            query("entities_lookup"), {"name": name.strip().lower(), "keys": keys}
        ).fetchall()
    if not rows:
        raise UnknownEntity(name)
    exact = [r["id"] for r in rows if r["id"] == name.strip().lower()]
    if exact:
        return str(exact[0])
    wanted = set(keys)
    full = [r["id"] for r in rows if wanted & _keys_of(r["names"])]
    if len(full) == 1:
        return str(full[0])
    if len(rows) == 1 and not full:
        return str(rows[0]["id"])
    raise UnknownEntity(name, [str(r["id"]) for r in rows])


def _keys_of(names: Mapping[str, Iterable[str]]) -> set[str]:
    return {key for forms in names.values() for form in forms for key in lookup_keys(form)}


def list_entities(
    conn: psycopg.Connection[Any],
    *,
    text: str | None = None,
    country: str | None = None,
    kind: str | None = None,
    limit: int = 100,
) -> list[dict[str, Any]]:
    ensure_entities(conn)
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            query("entities_list"),
            {"query": text or None, "country": country, "kind": kind, "limit": limit},
        ).fetchall()


def get_entity(conn: psycopg.Connection[Any], entity_id: str) -> dict[str, Any] | None:
    ensure_entities(conn)
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(query("entity_get"), {"id": entity_id}).fetchone()


def latest_articles(
    conn: psycopg.Connection[Any], entity_id: str, *, per_language: int = 10, scan: int = 2000
) -> list[dict[str, Any]]:
    """The entity's newest articles, up to ``per_language`` in each language (among its
    ``scan`` newest)."""
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            query("entity_latest_articles"),
            {"id": entity_id, "per_language": per_language, "scan": scan},
        ).fetchall()


def mentions_by_source(
    conn: psycopg.Connection[Any], entity_id: str, since: date
) -> list[dict[str, Any]]:
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            query("entity_mentions_by_source"), {"id": entity_id, "since": since}
        ).fetchall()


@dataclass(slots=True)
class RetagProgress:
    articles: int = 0
    tags: int = 0
    last_id: int = 0
    batch_ids: list[int] = field(default_factory=list)  # the articles of the last batch


def count_retag(
    conn: psycopg.Connection[Any],
    *,
    source: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
) -> int:
    params = {"source": source, "since": since, "limit": limit}
    row = conn.execute(query("entities_retag_count"), params).fetchone()
    return int(row[0]) if row else 0


def retag_batch(
    conn: psycopg.Connection[Any],
    progress: RetagProgress,
    *,
    source: str | None = None,
    since: datetime | None = None,
    batch: int = 500,
) -> int:
    """Tag the next ``batch`` stored articles after ``progress.last_id`` again, in one
    transaction; returns how many were tagged (0: done)."""
    ensure_entities(conn)
    params = {"after": progress.last_id, "source": source, "since": since, "batch": batch}
    with conn.transaction():
        rows = conn.execute(query("entities_retag_batch"), params).fetchall()
        if rows:
            _retag_rows(conn, rows, progress)
    return len(rows)


def retag_articles(conn: psycopg.Connection[Any], article_ids: Sequence[int]) -> int:
    """Tag these articles again (their text or date changed); returns the tags written."""
    if not article_ids:
        return 0
    ensure_entities(conn)
    progress = RetagProgress()
    with conn.transaction():
        rows = conn.execute(query("entities_retag_ids"), {"ids": list(article_ids)}).fetchall()
        if rows:
            _retag_rows(conn, rows, progress)
    return progress.tags


def _retag_rows(
    conn: psycopg.Connection[Any], rows: list[tuple[Any, ...]], progress: RetagProgress
) -> None:
    texts = [
        ArticleText(
            title=str(title),
            body=str(body),
            published_at=published,
            fetched_at=first_seen,
            language=language,
            countries=list(countries or ()),
        )
        for _, title, body, published, first_seen, language, countries in rows
    ]
    ids = [int(row[0]) for row in rows]
    progress.tags += store_entity_tags(conn, ids, tag_texts(texts))
    progress.articles += len(rows)
    progress.last_id = ids[-1]
    progress.batch_ids = ids
