"""Editions: one report an outlet group (Yonhap, NHK, CNA, ...) publishes in several languages,
linked in article_links (kind 'edition') from the entities, figures and times they share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import psycopg
from psycopg.rows import dict_row

from polwire.storage.sql import query

# Editions of one report appear within this many hours of each other.
WINDOW_HOURS = 48
# Below this score two articles are different reports (see queries/editions_link.sql).
MIN_SCORE = 0.5


def link_editions(
    conn: psycopg.Connection[Any],
    article_ids: Sequence[int],
    groups: Mapping[str, str],
    *,
    window_hours: int = WINDOW_HOURS,
    min_score: float = MIN_SCORE,
) -> int:
    """Link these articles (those of a grouped outlet) to their editions in the other
    languages of their group; ``groups``: source name -> group. Returns the links written."""
    ids = [i for i in article_ids if i]
    if not ids or not groups:
        return 0
    params = {
        "article_ids": ids,
        "sources": list(groups),
        "groups": list(groups.values()),
        "window_hours": window_hours,
        "min_score": min_score,
    }
    with conn.transaction():
        cursor = conn.execute(query("editions_link"), params)
    return cursor.rowcount


def article_editions(conn: psycopg.Connection[Any], article_id: int) -> list[dict[str, Any]]:
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(query("article_editions"), {"id": article_id}).fetchall()
