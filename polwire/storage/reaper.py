"""Closes runs whose crawl process is gone: left `running` by a killed crawl or scheduler."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

import psycopg

from polwire.storage.sql import query

logger = logging.getLogger(__name__)


def process_exists(pid: int) -> bool:
    """Whether a process with this id exists on this host (signal 0 checks without sending)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        pass
    return not _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    """A dead process nobody has reaped yet (common in containers without an init)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(") ", 1)[1][:1] == "Z"
    except (OSError, IndexError):
        return False


def reap_dead_runs(
    conn: psycopg.Connection[tuple[object, ...]],
    *,
    now: datetime,
    hostname: str | None = None,
    exists: Callable[[int], bool] = process_exists,
    keep: Iterable[int] = (),
    why: str = "reaped by the scheduler",
) -> list[int]:
    """Mark `aborted` the runs started on this host whose process no longer exists; not a
    cluster worker's (that worker closes them, or the cluster's reaper once it is lost).

    ``keep`` are run ids something else will close (runs with a spool still on disk:
    the drain finishes them with their real outcome). Returns the ids marked.
    """
    host = hostname or socket.gethostname()
    kept = set(keep)
    rows = conn.execute(query("reaper_running"), {"hostname": host}).fetchall()
    dead = [
        int(str(run_id))
        for run_id, pid in rows
        if int(str(run_id)) not in kept and (pid is None or not exists(int(str(pid))))
    ]
    if not dead:
        return []
    reaped = conn.execute(
        query("reaper_abort"), {"ids": dead, "finished_at": now, "why": why}
    ).fetchall()
    conn.commit()
    ids = sorted(int(str(row[0])) for row in reaped)
    for run_id in ids:
        logger.warning(
            "run %d was left running by a process that no longer exists: aborted", run_id
        )
    return ids


def abort_process_runs(
    conn: psycopg.Connection[tuple[object, ...]],
    *,
    pid: int,
    since: datetime,
    reason: str,
    status: str = "aborted",
    hostname: str | None = None,
    now: datetime | None = None,
) -> list[int]:
    """Close as ``status`` (`aborted`, or `failed` for a process that failed) with ``reason``
    the run of a process started at ``since`` that could not close it itself.

    A run the crawl already closed as `aborted` ("shutdown") gets the real reason.
    """
    rows = conn.execute(
        query("reaper_abort_process"),
        {
            "hostname": hostname or socket.gethostname(),
            "pid": pid,
            "since": since,
            "finished_at": now or datetime.now(UTC),
            "finish_reason": reason,
            "status": status,
        },
    ).fetchall()
    conn.commit()
    return sorted(int(str(row[0])) for row in rows)
