"""Loads spooled crawls into PostgreSQL exactly once: one transaction per segment, recorded
in spool_segments, and the segment file deleted only after that transaction commits."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import socket
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import pq
from psycopg.types.json import Jsonb

from polwire.core import stat_keys
from polwire.storage.articles import ArticleRow
from polwire.storage.batch import batch_of_records, write_batch
from polwire.storage.outage import is_outage
from polwire.storage.reaper import process_exists
from polwire.storage.search_index import index_pending
from polwire.storage.spool import (
    FAILED_SUFFIX,
    RUN_FILE,
    RUN_FINISH,
    SpooledRun,
    SpooledRunInfo,
    SpoolFormatError,
    fsync_directory,
    pending_runs,
    read_segment,
)
from polwire.storage.sql import query
from polwire.storage.stories import StoryOptions

logger = logging.getLogger(__name__)

Connection = psycopg.Connection[tuple[object, ...]]
DRAIN_LOCK_SUFFIX = ".drain.lock"  # beside the spool directory, not in it


@dataclass(slots=True)
class DrainReport:
    """What one pass over the spool did."""

    segments_loaded: int = 0
    segments_already_loaded: int = 0  # replayed after a crash between commit and delete
    runs_created: int = 0
    runs_finished: int = 0
    runs_aborted: int = 0  # spooled by a crawl that died before its finish
    articles: int = 0
    stored: int = 0
    revised: int = 0
    duplicate: int = 0
    indexed: int = 0  # search vectors made after loading (storage.search_index)
    finished_run_ids: list[int] = field(default_factory=list)  # to health-check
    failed: list[str] = field(default_factory=list)
    already_draining: bool = False  # another drain held the spool: this one did nothing

    @property
    def idle(self) -> bool:
        return not (self.segments_loaded or self.segments_already_loaded or self.runs_aborted)

    def summary(self) -> str:
        if self.already_draining:
            return "already draining in another process: nothing loaded by this one"
        text = (
            f"{self.segments_loaded} segments loaded ({self.stored} stored, {self.revised} "
            f"revised, {self.duplicate} already known), {self.runs_finished} runs finished"
        )
        if self.runs_created:
            text += f", {self.runs_created} runs created"
        if self.runs_aborted:
            text += f", {self.runs_aborted} orphaned runs aborted"
        if self.indexed:
            text += f", {self.indexed} indexed for search"
        if self.segments_already_loaded:
            text += f", {self.segments_already_loaded} segments were already loaded"
        if self.failed:
            text += f", {len(self.failed)} failed"
        return text


def drain_spool(
    conn: Connection,
    root: Path,
    *,
    hostname: str | None = None,
    exists: Callable[[int], bool] = process_exists,
    should_stop: Callable[[], bool] = lambda: False,
    stories: StoryOptions | None = None,
) -> DrainReport:
    """Load every whole segment under ``root`` and close the runs whose spool is done.

    A lost connection propagates (the caller retries later: nothing is half-loaded).
    A segment that cannot be loaded for another reason is renamed ``*.failed`` and
    reported, so one bad batch never blocks the rest of the spool. ``stories``: the
    dedupe thresholds the crawl itself would have stored with ([dedupe] config).
    """
    if conn.info.transaction_status != pq.TransactionStatus.IDLE:
        # Each segment must commit on its own: inside a caller's transaction it would not.
        raise ValueError("drain_spool needs a connection outside a transaction")
    report = DrainReport()
    host = hostname or socket.gethostname()
    with _sole_drain(root) as sole:
        if not sole:
            logger.info("%s: another drain is loading this spool; leaving it to it", root)
            report.already_draining = True
            return report
        for run in pending_runs(root):
            if should_stop():
                break
            for segment in run.segments():
                if should_stop():
                    break
                try:
                    _load_segment(conn, run, segment, report, stories)
                except Exception as exc:
                    if is_outage(exc):
                        raise
                    if not segment.exists():
                        continue  # loaded and deleted by a drain that took no lock
                    _quarantine(segment, exc, report)
                    continue
                segment.unlink(missing_ok=True)
                fsync_directory(run.directory)
            else:
                _close_run(conn, run, report, host, exists)
    # What was loaded, and any backlog a killed crawl left: one query when there is none.
    report.indexed = index_pending(conn, stop=should_stop)
    return report


@contextlib.contextmanager
def _sole_drain(root: Path) -> Iterator[bool]:
    """Whether this is the only drain of ``root`` (a lock file beside it, held until the
    end): a second drain started meanwhile (the scheduler's job and `polwire db
    drain-spool`) says so and leaves, instead of failing on segments the first deletes.
    Where no lock file can be made (a read-only home), every drain goes ahead: the
    per-run database lock still loads each segment once."""
    try:
        handle = open(root.with_name(root.name + DRAIN_LOCK_SUFFIX), "ab")  # noqa: SIM115
    except OSError:
        yield True
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def spooled_run_ids(conn: Connection, root: Path) -> set[int]:
    """Runs that still have a spool on disk: the drain, not the reaper, will close them."""
    runs = pending_runs(root)
    ids = {run.info.run_id for run in runs if run.info.run_id is not None}
    if runs:
        rows = conn.execute(query("spool_pending_run_ids"), {"keys": [r.key for r in runs]})
        ids.update(int(str(row[0])) for row in rows.fetchall())
    conn.rollback()
    return ids


def _load_segment(
    conn: Connection,
    run: SpooledRun,
    segment: Path,
    report: DrainReport,
    stories: StoryOptions | None,
) -> None:
    records = read_segment(segment)
    params = {"spool_key": run.key, "segment": segment.name}
    with conn.transaction():
        conn.execute(query("spool_lock"), params)
        if conn.execute(query("spool_segment_loaded"), params).fetchone():
            # Committed by an earlier drain that died before deleting the file.
            report.segments_already_loaded += 1
            return
        run_id = _ensure_run(conn, run, report)
        batch = batch_of_records(records, _article_row)
        rows = batch.rows
        result = write_batch(conn, batch, run_id=run_id, stories=stories)
        conn.execute(
            query("spool_segment_record"),
            {
                **params,
                "articles": len(rows),
                "stored": result.stored,
                "revised": result.revised,
                "duplicate": result.duplicate,
            },
        )
        finish = [r for r in records if r["kind"] == RUN_FINISH]
        if finish:
            _finish_run(conn, run, run_id, finish[-1])
            report.runs_finished += 1
            report.finished_run_ids.append(run_id)
    report.segments_loaded += 1
    report.articles += len(rows)
    report.stored += result.stored
    report.revised += result.revised
    report.duplicate += result.duplicate
    logger.info(
        "spool %s/%s loaded into run %d: %d articles (%d new, %d revised, %d known)%s",
        run.key,
        segment.name,
        run_id,
        len(rows),
        result.stored,
        result.revised,
        result.duplicate,
        ", run finished" if finish else "",
    )


def _ensure_run(conn: Connection, run: SpooledRun, report: DrainReport) -> int:
    """The crawl_runs row of a spooled run, created once (recorded in spool_runs)."""
    row = conn.execute(query("spool_run_get"), {"spool_key": run.key}).fetchone()
    if row is not None and row[0] is not None:
        return int(str(row[0]))
    info = run.info
    run_id: int | None = None
    if info.run_id is not None:
        found = conn.execute(
            query("spool_run_exists"), {"run_id": info.run_id, "source": info.source}
        ).fetchone()
        run_id = int(str(found[0])) if found else None
    if run_id is None:
        created = conn.execute(query("spool_run_insert"), _run_values(info)).fetchone()
        assert created is not None
        run_id = int(str(created[0]))
        report.runs_created += 1
    conn.execute(query("spool_run_record"), {"spool_key": run.key, "run_id": run_id})
    return run_id


def _run_values(info: SpooledRunInfo) -> dict[str, Any]:
    return {
        "source": info.source,
        "started_at": info.started_at,
        "log_path": info.log_path,
        "trigger": info.trigger,
        "hostname": info.hostname,
        "pid": info.pid,
        "worker_id": info.worker_id,
        "dispatch_id": info.dispatch_id,
    }


def _finish_run(conn: Connection, run: SpooledRun, run_id: int, finish: Mapping[str, Any]) -> None:
    """Close the run with the crawl's own outcome plus what the spool stored for it."""
    totals = conn.execute(query("spool_segment_totals"), {"spool_key": run.key}).fetchone()
    assert totals is not None
    segments, stored, revised, duplicate = (int(str(v)) for v in totals)
    stats = dict(finish["stats"])
    stats[stat_keys.ITEMS_STORED] = int(finish["items_stored"]) + stored
    stats[stat_keys.ITEMS_REVISED] = int(stats.get(stat_keys.ITEMS_REVISED, 0)) + revised
    stats[stat_keys.SPOOL] = {
        "key": run.key,
        "segments": segments,
        "cause": run.info.cause,
        "loaded_at": datetime.now(UTC).isoformat(),
    }
    conn.execute(
        query("run_finish"),
        {
            "id": run_id,
            "finished_at": finish["finished_at"],
            "status": finish["status"],
            "items_stored": int(finish["items_stored"]) + stored,
            "items_duplicate": int(finish["items_duplicate"]) + duplicate,
            "items_dropped": int(finish["items_dropped"]),
            "errors": int(finish["errors"]),
            "stats": Jsonb(stats),
            "finish_reason": finish["finish_reason"],
        },
    )
    conn.execute(query("spool_run_finished"), {"spool_key": run.key})


def _close_run(
    conn: Connection,
    run: SpooledRun,
    report: DrainReport,
    hostname: str,
    exists: Callable[[int], bool],
) -> None:
    """Remove a spool directory whose run is finished, or whose crawl died unfinished."""
    row = conn.execute(query("spool_run_get"), {"spool_key": run.key}).fetchone()
    conn.rollback()
    finished = row is not None and row[1] is not None
    if not finished:
        info = run.info
        if info.hostname != hostname or exists(info.pid) or run.segments():
            return  # still being written (or by another host): its finish will come
        with conn.transaction():
            conn.execute(query("spool_lock"), {"spool_key": run.key})
            run_id = _ensure_run(conn, run, report)
            conn.execute(
                query("spool_run_abort"),
                {
                    "run_id": run_id,
                    "finished_at": datetime.now(UTC),
                    "finish_reason": f"crawl process {info.pid} ended before finishing its "
                    "spooled run",
                },
            )
            conn.execute(query("spool_run_finished"), {"spool_key": run.key})
        report.runs_aborted += 1
        logger.warning("spooled run %s: its crawl process died; run %d aborted", run.key, run_id)
    if run.failed_segments():
        return  # kept for a person to look at; the run itself is closed
    for leftover in run.directory.iterdir():  # run.json and any torn temporary file
        if leftover.name == RUN_FILE or leftover.name.startswith("."):
            leftover.unlink()
    try:
        run.directory.rmdir()
    except OSError:
        logger.warning("spool directory %s is not empty; left in place", run.directory)
        return
    fsync_directory(run.directory.parent)


def _quarantine(segment: Path, exc: Exception, report: DrainReport) -> None:
    target = segment.with_name(segment.name + FAILED_SUFFIX)
    segment.rename(target)
    fsync_directory(segment.parent)
    cause = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    report.failed.append(f"{segment}: {cause}")
    logger.error("spool segment %s could not be loaded, kept as %s: %s", segment, target, cause)


def _article_row(fields: Mapping[str, Any]) -> ArticleRow:
    try:
        return ArticleRow(**fields)
    except TypeError as exc:
        raise SpoolFormatError(f"article record does not match ArticleRow: {exc}") from exc
