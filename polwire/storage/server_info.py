"""What a PostgreSQL server says of itself: version, database, its size, where its data lives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.rows import class_row

from polwire.storage.sql import query


@dataclass(slots=True)
class ServerFacts:
    version: str
    database: str
    database_size_bytes: int
    data_directory: str | None  # None when this role may not read it


def server_facts(conn: psycopg.Connection[Any]) -> ServerFacts:
    with conn.cursor(row_factory=class_row(ServerFacts)) as cur:
        facts = cur.execute(query("server_facts")).fetchone()
    assert facts is not None  # a SELECT without FROM returns one row
    return facts
