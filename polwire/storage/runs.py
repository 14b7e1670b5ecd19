"""Crawl-run bookkeeping: the crawl_runs row every crawl opens and closes however it ends."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg.rows import class_row
from psycopg.types.json import Jsonb

from polwire.storage.sql import query

RUN_STATUSES = ("running", "succeeded", "failed", "aborted")


@dataclass(slots=True)
class CrawlRun:
    id: int
    source: str
    started_at: datetime
    finished_at: datetime | None
    status: str
    items_stored: int
    items_duplicate: int
    items_dropped: int
    errors: int
    stats: dict[str, Any]
    log_path: str | None
    health: dict[str, Any] | None
    finish_reason: str | None
    trigger: str
    hostname: str | None
    pid: int | None
    # The cluster worker that ran it (id and name); None for a crawl of this machine's own.
    worker_id: int | None = None
    worker: str | None = None

    def duration_seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


@dataclass(slots=True, kw_only=True)
class RunOutcome:
    status: str
    items_stored: int = 0
    items_duplicate: int = 0
    items_dropped: int = 0
    errors: int = 0
    stats: dict[str, Any]
    finish_reason: str | None = None
    finished_at: datetime | None = None


def start_run(
    conn: psycopg.Connection[tuple[object, ...]],
    source: str,
    *,
    log_path: str | None,
    trigger: str = "manual",
    started_at: datetime | None = None,
    worker_id: int | None = None,
    dispatch_id: int | None = None,
) -> int:
    """Open the run's row; ``worker_id``/``dispatch_id`` when a cluster worker runs it."""
    row = conn.execute(
        query("run_start"),
        {
            "source": source,
            "started_at": started_at or datetime.now(UTC),
            "log_path": log_path,
            "trigger": trigger,
            "hostname": socket.gethostname(),
            "pid": os.getpid(),
            "worker_id": worker_id,
            "dispatch_id": dispatch_id,
        },
    ).fetchone()
    conn.commit()
    assert row is not None
    return int(str(row[0]))


def record_unopened_run(
    conn: psycopg.Connection[tuple[object, ...]],
    source: str,
    *,
    started_at: datetime,
    reason: str,
    pid: int,
    trigger: str,
    status: str = "aborted",
    log_path: str | None = None,
    worker_id: int | None = None,
    dispatch_id: int | None = None,
    finished_at: datetime | None = None,
) -> int:
    """The row of a crawl process that ended before it opened its own (stopped or failed
    while starting): ``status`` with ``reason``, so that every crawl has its row however early
    it ends."""
    row = conn.execute(
        query("run_record_unopened"),
        {
            "source": source,
            "started_at": started_at,
            "finished_at": finished_at or datetime.now(UTC),
            "log_path": log_path,
            "trigger": trigger,
            "hostname": socket.gethostname(),
            "pid": pid,
            "worker_id": worker_id,
            "dispatch_id": dispatch_id,
            "finish_reason": reason,
            "status": status,
        },
    ).fetchone()
    conn.commit()
    assert row is not None
    return int(str(row[0]))


def finish_run(
    conn: psycopg.Connection[tuple[object, ...]], run_id: int, outcome: RunOutcome
) -> None:
    if outcome.status not in RUN_STATUSES[1:]:
        raise ValueError(f"a finished run cannot be {outcome.status!r}")
    conn.execute(
        query("run_finish"),
        {
            "id": run_id,
            "finished_at": outcome.finished_at or datetime.now(UTC),
            "status": outcome.status,
            "items_stored": outcome.items_stored,
            "items_duplicate": outcome.items_duplicate,
            "items_dropped": outcome.items_dropped,
            "errors": outcome.errors,
            "stats": Jsonb(outcome.stats),
            "finish_reason": outcome.finish_reason,
        },
    )
    conn.commit()


def get_run(conn: psycopg.Connection[tuple[object, ...]], run_id: int) -> CrawlRun | None:
    with conn.cursor(row_factory=class_row(CrawlRun)) as cur:
        return cur.execute(query("run_get"), {"id": run_id}).fetchone()


def list_runs(
    conn: psycopg.Connection[tuple[object, ...]],
    *,
    source: str | None = None,
    status: str | None = None,
    since: datetime | None = None,
    limit: int = 20,
) -> list[CrawlRun]:
    with conn.cursor(row_factory=class_row(CrawlRun)) as cur:
        params = {"source": source, "status": status, "since": since, "limit": limit}
        return cur.execute(query("run_list"), params).fetchall()


def last_runs_by_source(conn: psycopg.Connection[tuple[object, ...]]) -> dict[str, CrawlRun]:
    """The most recent run of every source that has one."""
    with conn.cursor(row_factory=class_row(CrawlRun)) as cur:
        return {run.source: run for run in cur.execute(query("run_last_per_source")).fetchall()}
