"""The cluster's bookkeeping in PostgreSQL: workers and their heartbeats, the crawls sent to
the broker (claimed once by one worker), the per-source lock, and the reaping of lost workers."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from polwire.storage.connection import connect
from polwire.storage.sql import query

logger = logging.getLogger(__name__)

Connection = psycopg.Connection[tuple[Any, ...]]

# What a worker does with a task the broker hands it (see claim_dispatch).
RUN = "run"
ALREADY_DONE = "already done"
RUNNING_ELSEWHERE = "running elsewhere"
UNKNOWN = "unknown dispatch"


@dataclass(slots=True, kw_only=True)
class WorkerIdentity:
    name: str
    hostname: str
    pid: int
    concurrency: int
    home: str | None = None


CRAWL = "crawl"  # the kinds of dispatch: a crawl of a source, or the import of one file
IMPORT = "import"


@dataclass(slots=True)
class Dispatch:
    id: int
    source: str
    trigger: str
    settings: list[str] = field(default_factory=list)
    kind: str = CRAWL
    params: dict[str, Any] = field(default_factory=dict)  # an import's file and selection


@dataclass(slots=True)
class Claim:
    verdict: str  # RUN, ALREADY_DONE, RUNNING_ELSEWHERE, UNKNOWN
    dispatch: Dispatch | None = None


@dataclass(slots=True)
class LostWorkers:
    """What one reaping pass found: the workers declared lost, their runs marked `aborted`,
    and their crawls put back in the queue (to be sent to the broker again)."""

    workers: list[str] = field(default_factory=list)
    aborted_runs: list[int] = field(default_factory=list)
    requeued: list[Dispatch] = field(default_factory=list)


def register_worker(conn: Connection, identity: WorkerIdentity) -> int:
    row = conn.execute(
        query("cluster_worker_register"),
        {
            "name": identity.name,
            "hostname": identity.hostname,
            "pid": identity.pid,
            "concurrency": identity.concurrency,
            "home": identity.home,
        },
    ).fetchone()
    conn.commit()
    assert row is not None
    return int(row[0])


def heartbeat(conn: Connection, worker_id: int) -> str | None:
    """Move the worker's heartbeat; the state it had ('lost' when it was given up meanwhile),
    None when its row is gone."""
    row = conn.execute(query("cluster_worker_heartbeat"), {"id": worker_id}).fetchone()
    conn.commit()
    return None if row is None else str(row[0])


def stop_worker(conn: Connection, worker_id: int, reason: str) -> None:
    conn.execute(query("cluster_worker_stop"), {"id": worker_id, "reason": reason})
    conn.commit()


def reap_lost_workers(conn: Connection, *, timeout_seconds: float) -> LostWorkers:
    """Declare lost the workers silent for ``timeout_seconds``, abort their running runs, free
    the per-domain request slots their crawls held and put their claimed crawls back to
    `queued`, in one transaction (one reaper wins each)."""
    found = LostWorkers()
    with conn.transaction():
        lost = conn.execute(
            query("cluster_workers_mark_lost"), {"timeout": float(timeout_seconds)}
        ).fetchall()
        if not lost:
            return found
        ids = [int(row[0]) for row in lost]
        found.workers = [f"{row[1]} (pid {row[3]} on {row[2]})" for row in lost]
        runs = conn.execute(query("cluster_runs_abort_lost"), {"ids": ids}).fetchall()
        found.aborted_runs = sorted(int(row[0]) for row in runs)
        holders = [str(row[2]) for row in runs if row[2] is not None]
        if holders:
            conn.execute(query("domain_leases_release_holders"), {"holders": holders})
        requeued = conn.execute(query("cluster_dispatches_requeue_lost"), {"ids": ids}).fetchall()
        found.requeued = [
            Dispatch(int(row[0]), str(row[1]), str(row[2]), kind=str(row[3]), params=dict(row[4]))
            for row in requeued
        ]
    for name in found.workers:
        logger.warning("worker %s lost: no heartbeat for %ss", name, timeout_seconds)
    for run_id in found.aborted_runs:
        logger.warning("run %d aborted: its worker was lost", run_id)
    return found


def create_dispatch(
    conn: Connection,
    source: str,
    *,
    trigger: str,
    settings: Sequence[str] = (),
    force: bool = False,
) -> int | None:
    """A crawl of ``source`` to send to the broker; None when one is already queued or running
    (unless ``force``). Committed before the task is sent, so a worker always finds it."""
    row = conn.execute(
        query("cluster_dispatch_create"),
        {"source": source, "trigger": trigger, "settings": Jsonb(list(settings)), "force": force},
    ).fetchone()
    conn.commit()
    return None if row is None else int(row[0])


def create_import_dispatch(
    conn: Connection, run_name: str, params: dict[str, Any], *, settings: Sequence[str] = ()
) -> int:
    """The import of one archive file (``params["path"]``) to send to the broker; imports
    are never refused for overlap (each file is its own run, resumable where it stopped)."""
    row = conn.execute(
        query("cluster_dispatch_create_import"),
        {"source": run_name, "settings": Jsonb(list(settings)), "params": Jsonb(params)},
    ).fetchone()
    conn.commit()
    assert row is not None
    return int(row[0])


def open_dispatch(conn: Connection, source: str) -> tuple[int, str, datetime] | None:
    """The source's crawl waiting in the queue or running: (id, state, queued_at)."""
    row = conn.execute(query("cluster_dispatch_open"), {"source": source}).fetchone()
    conn.rollback()
    return None if row is None else (int(row[0]), str(row[1]), row[2])


def claim_dispatch(
    conn: Connection, dispatch_id: int, *, worker_id: int, timeout_seconds: float
) -> Claim:
    """Take dispatch ``dispatch_id`` for this worker, unless it is done or held by a live
    worker (the broker delivered a copy: a redelivery, or a Redis visibility timeout)."""
    with conn.transaction():
        row = conn.execute(
            query("cluster_dispatch_lock"), {"id": dispatch_id, "timeout": float(timeout_seconds)}
        ).fetchone()
        if row is None:
            return Claim(UNKNOWN)
        _, source, trigger, settings, state, holder, holder_alive, kind, params = row
        dispatch = Dispatch(
            dispatch_id,
            str(source),
            str(trigger),
            [str(s) for s in settings],
            kind=str(kind),
            params=dict(params),
        )
        if state in ("done", "skipped"):
            return Claim(ALREADY_DONE, dispatch)
        if state == "running" and holder != worker_id and holder_alive:
            return Claim(RUNNING_ELSEWHERE, dispatch)
        conn.execute(query("cluster_dispatch_claim"), {"id": dispatch_id, "worker_id": worker_id})
    return Claim(RUN, dispatch)


def finish_dispatch(
    conn: Connection,
    dispatch_id: int,
    *,
    worker_id: int,
    state: str,
    run_id: int | None = None,
    note: str | None = None,
) -> None:
    conn.execute(
        query("cluster_dispatch_finish"),
        {"id": dispatch_id, "worker_id": worker_id, "state": state, "run_id": run_id, "note": note},
    )
    conn.commit()


def release_dispatch(conn: Connection, dispatch_id: int, *, worker_id: int, note: str) -> bool:
    """Give a claimed dispatch back to the queue (its worker stopped before the crawl ended):
    the next worker the broker hands it to claims it. False when it was not this worker's."""
    row = conn.execute(
        query("cluster_dispatch_release"),
        {"id": dispatch_id, "worker_id": worker_id, "note": note},
    ).fetchone()
    conn.commit()
    return row is not None


def abort_orphan_runs(conn: Connection, source: str, *, worker_id: int, reason: str) -> list[int]:
    """Runs of ``source`` left `running` by another worker, found while holding its lock."""
    rows = conn.execute(
        query("cluster_runs_abort_orphans"),
        {"source": source, "worker_id": worker_id, "reason": reason},
    ).fetchall()
    conn.commit()
    return sorted(int(row[0]) for row in rows)


def list_workers(conn: Connection, *, include_gone: bool = False) -> list[dict[str, Any]]:
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(query("cluster_workers_list"), {"all": include_gone}).fetchall()
    conn.rollback()
    return rows


class SourceLock:
    """The cluster-wide lock of one source, held on a session of its own for one crawl: the
    server frees it when that session ends, so a worker killed mid-crawl leaves no lock."""

    def __init__(self, url: str, source: str, *, application_name: str) -> None:
        self.source = source
        self._conn = connect(make_conninfo(url, application_name=application_name), autocommit=True)
        try:
            self._conn.execute(query("cluster_session_keepalive"))
            row = self._conn.execute(
                query("cluster_source_try_lock"), {"source": source}
            ).fetchone()
        except BaseException:
            self._conn.close()
            raise
        self.held = bool(row and row[0])
        if not self.held:
            self._conn.close()

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        try:
            self._conn.execute(query("cluster_source_unlock"), {"source": self.source})
        except psycopg.Error:
            pass  # the session is gone, and its lock with it
        finally:
            self._conn.close()
