"""Closing the row of a run whose process could not close it as it should: stopped from outside
(a time limit, a stop, a signal), killed, or ended without reporting."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from polwire.storage.health import Connection
from polwire.storage.reaper import abort_process_runs
from polwire.storage.runs import record_unopened_run
from polwire.storage.spool import pending_runs, spool_root

logger = logging.getLogger(__name__)


@dataclass(slots=True, frozen=True, kw_only=True)
class StoppedRun:
    """A run's process that ended from outside or without a report: what its row needs."""

    source: str
    pid: int
    started_at: datetime  # taken just before the process started
    status: str  # `aborted` (stopped, killed) or `failed` (its process failed)
    reason: str
    trigger: str
    home: Path
    worker_id: int | None = None
    dispatch_id: int | None = None


def close_stopped_run(conn: Connection, run: StoppedRun, *, now: datetime) -> int | None:
    """Close with ``run.status`` and ``run.reason`` the row of the run's process, and record one
    when the process ended before it opened its own (while importing Scrapy, say): every run
    has its row, whatever moment the stop landed. None when its run is in its spool instead
    (the drain closes it). Raises on an outage (the reaper retries)."""
    ids = abort_process_runs(
        conn,
        pid=run.pid,
        since=run.started_at,
        reason=run.reason,
        status=run.status,
        now=now,
    )
    if ids:
        return ids[0]
    if any(spooled.info.pid == run.pid for spooled in pending_runs(spool_root(run.home))):
        return None
    return record_unopened_run(
        conn,
        run.source,
        started_at=run.started_at,
        reason=run.reason,
        status=run.status,
        pid=run.pid,
        trigger=run.trigger,
        log_path=_write_stop_log(run, now),
        worker_id=run.worker_id,
        dispatch_id=run.dispatch_id,
        finished_at=now,
    )


def _write_stop_log(run: StoppedRun, now: datetime) -> str | None:
    """The log of a run that never got to write one: why it ended (`polwire logs` shows it)."""
    stamp = run.started_at.strftime("%Y%m%dT%H%M%SZ")
    path = run.home / "logs" / run.source / f"{stamp}-{run.pid}.log"
    ended = "stopped" if run.status == "aborted" else "failed"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"{now:%Y-%m-%d %H:%M:%S%z} process {run.pid} of {run.source} {ended} before it "
            f"opened its run: {run.reason}\n",
            encoding="utf-8",
        )
    except OSError as exc:
        logger.warning("no log for the stopped run of %s: %s", run.source, exc)
        return None
    return str(path)
