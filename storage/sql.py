"""Loads the SQL statements kept as files in storage/queries."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def query(name: str) -> bytes:
    """The statement in ``storage/queries/<name>.sql``, as bytes for psycopg."""
    text = (resources.files("storage") / "queries" / f"{name}.sql").read_text(encoding="utf-8")
    return text.strip().encode()
