"""Which PostgreSQL to use: the flag, DATABASE_URL, the config file, else the embedded server.

Kept apart from storage.connection so that a command which only hands the URL to a crawl
process never loads psycopg (0.15 CPU-s of a crawl with nothing new)."""

from __future__ import annotations

import os
from pathlib import Path


def configured_database_url(explicit: str | None, config_value: str | None) -> str | None:
    """The URL a user gave (flag, ``DATABASE_URL``, config file), or None: the embedded server."""
    for candidate in (explicit, os.environ.get("DATABASE_URL"), config_value):
        if candidate:
            return candidate
    return None


def resolve_database_url(
    explicit: str | None, config_value: str | None, home: Path | None = None
) -> str:
    """Flag, then ``DATABASE_URL``, then the config file, else the embedded server under home."""
    configured = configured_database_url(explicit, config_value)
    if configured:
        return configured
    from polwire.storage.embedded import embedded_database_url

    return embedded_database_url(home)
