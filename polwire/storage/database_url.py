"""Which PostgreSQL to use: the flag, DATABASE_URL, the config file, else the embedded server.

Kept apart from storage.connection so that a command which only hands the URL to a crawl
process never loads psycopg (0.15 CPU-s of a crawl with nothing new)."""

from __future__ import annotations

import os
from pathlib import Path


def resolve_database_url(
    explicit: str | None, config_value: str | None, home: Path | None = None
) -> str:
    """Flag, then ``DATABASE_URL``, then the config file, else the embedded server under home."""
    for candidate in (explicit, os.environ.get("DATABASE_URL"), config_value):
        if candidate:
            return candidate
    from polwire.storage.embedded import embedded_database_url

    return embedded_database_url(home)
