"""A run's log in PostgreSQL, in chunks written by its crawl process, so that it can be read
from any machine (`polwire logs`, the dashboard's /api/runs/{id}/log) while it runs and after."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg

from polwire.storage.sql import query

Connection = psycopg.Connection[tuple[Any, ...]]


@dataclass(slots=True, frozen=True)
class RunLogText:
    text: str
    last_seq: int  # pass it back as ``after`` to read only what came since
    chunks: int


def append_log_chunk(conn: Connection, run_id: int, seq: int, text: str) -> None:
    """Store chunk ``seq`` of the run's log (a chunk sent twice is stored once)."""
    conn.execute(query("run_log_append"), {"run_id": run_id, "seq": seq, "text": text})
    conn.commit()


def read_run_log(conn: Connection, run_id: int, *, after: int = 0) -> RunLogText:
    """The run's shipped log after chunk ``after`` (all of it by default); empty text and
    ``chunks == 0`` when nothing (more) was shipped."""
    rows = conn.execute(query("run_log_read"), {"run_id": run_id, "after": after}).fetchall()
    conn.rollback()
    if not rows:
        return RunLogText("", after, 0)
    return RunLogText("".join(str(r[1]) for r in rows), int(rows[-1][0]), len(rows))


def run_log_text(conn: Connection, run_id: int) -> str | None:
    """The whole shipped log of a run, or None when its crawl shipped none."""
    log = read_run_log(conn, run_id)
    return log.text if log.chunks else None
