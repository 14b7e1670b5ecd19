"""Where each archive file of `polwire import` got to: finished, or committed up to a record."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from polwire.storage.sql import query


@dataclass(frozen=True, slots=True)
class ImportProgress:
    committed_offset: int  # every record starting before this byte is stored
    records: int  # response records read up to there
    finished: bool


def import_progress(
    conn: psycopg.Connection[tuple[object, ...]], file_key: str, scope: str
) -> ImportProgress | None:
    """How far earlier imports of this file (with this selection) got; None: never read."""
    row = conn.execute(query("import_file_get"), {"file_key": file_key, "scope": scope}).fetchone()
    if row is None:
        return None
    offset, records, finished = row
    return ImportProgress(int(str(offset)), int(str(records)), bool(finished))


def save_import_progress(
    conn: psycopg.Connection[tuple[object, ...]],
    *,
    file_key: str,
    scope: str,
    path: str,
    size_bytes: int,
    committed_offset: int,
    records: int,
    finished: bool,
    run_id: int | None,
) -> None:
    """Record a checkpoint (it never moves back: a late, older checkpoint is ignored)."""
    conn.execute(
        query("import_file_checkpoint"),
        {
            "file_key": file_key,
            "scope": scope,
            "path": path,
            "size_bytes": size_bytes,
            "committed_offset": committed_offset,
            "records": records,
            "finished": finished,
            "run_id": run_id,
        },
    )
