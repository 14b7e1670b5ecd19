"""Applies the numbered SQL migrations in storage/migrations, recorded in schema_migrations
with their checksums; a migration edited after it was applied stops the upgrade."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from importlib import resources

import psycopg

from polwire.storage.errors import MigrationError

logger = logging.getLogger(__name__)

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
# Any fixed number: serializes concurrent upgrades (parallel crawl processes).
_LOCK_KEY = 7_400_931_001


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode("utf-8")).hexdigest()

    @property
    def label(self) -> str:
        return f"{self.version:04d}_{self.name}"


def available_migrations() -> list[Migration]:
    folder = resources.files("polwire.storage") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    return sorted(found, key=lambda m: m.version)


def upgrade(
    conn: psycopg.Connection[tuple[object, ...]], migrations: list[Migration] | None = None
) -> list[Migration]:
    """Apply pending migrations in order, all in one transaction (all of them or none, and
    recorded with them); return those applied.

    Raises MigrationError when a migration fails (naming it) or when one already applied has
    been edited since (its checksum differs): a landed migration is never changed, a new
    one is added instead. ``migrations``: the package's own by default.
    """
    applied: list[Migration] = []
    available = available_migrations() if migrations is None else migrations
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version integer PRIMARY KEY, name text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = {int(str(row[0])) for row in conn.execute("SELECT version FROM schema_migrations")}
        for migration in available:
            if migration.version in done:
                continue
            try:
                # A savepoint each, so that an error names the migration that failed.
                with conn.transaction():
                    conn.execute(migration.sql.encode())
                    conn.execute(
                        "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                        (migration.version, migration.name),
                    )
            except psycopg.Error as exc:
                raise MigrationError(
                    f"migration {migration.label} failed: {str(exc).splitlines()[0]}"
                ) from exc
            logger.info("applied migration %s", migration.label)
            applied.append(migration)
        _check_and_record_checksums(conn, available)
    return applied


def _check_and_record_checksums(
    conn: psycopg.Connection[tuple[object, ...]], available: list[Migration]
) -> None:
    """Record the checksum of each applied migration that has none yet (applied before 0005
    or just now), and refuse a database whose applied migrations were edited since."""
    recorded = {
        int(str(version)): checksum
        for version, checksum in conn.execute("SELECT version, checksum FROM schema_migrations")
    }
    edited = [
        m.label
        for m in available
        if recorded.get(m.version) is not None and recorded[m.version] != m.checksum
    ]
    if edited:
        raise MigrationError(
            f"migration {', '.join(edited)} changed after it was applied to this database:"
            " restore the file as it landed and put the change in a new migration"
        )
    with conn.cursor() as cur:
        cur.executemany(
            "UPDATE schema_migrations SET checksum = %s WHERE version = %s AND checksum IS NULL",
            [(m.checksum, m.version) for m in available if m.version in recorded],
        )


def current_version(conn: psycopg.Connection[tuple[object, ...]]) -> int:
    row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(str(row[0])) if row else 0
