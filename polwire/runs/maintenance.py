"""The scheduler's own jobs: drain the spool into PostgreSQL, prune old run logs and old LSH
index rows, and reap runs whose crawl process is gone."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from polwire.storage.drain import DrainReport, drain_spool, spooled_run_ids
from polwire.storage.errors import DatabaseUnavailable
from polwire.storage.outage import Outage, tolerating_outage
from polwire.storage.pool import Pool, borrowed
from polwire.storage.reaper import reap_dead_runs
from polwire.storage.search_index import index_pending
from polwire.storage.spool import spool_root
from polwire.storage.stories import StoryOptions, prune_index

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]

SCHEDULER_LOG = "scheduler.log"


def prune_run_logs(logs_dir: Path, *, older_than: timedelta, now: datetime) -> list[Path]:
    """Delete run logs (``logs/<source>/*.log``) last written before ``now - older_than``.

    The scheduler's own log (directly under ``logs/``) is left to logrotate/journald.
    """
    if not logs_dir.is_dir():
        return []
    cutoff = (now - older_than).timestamp()
    removed = []
    for source_dir in sorted(p for p in logs_dir.iterdir() if p.is_dir()):
        for log in sorted(source_dir.glob("*.log")):
            try:
                if log.stat().st_mtime < cutoff:
                    log.unlink()
                    removed.append(log)
            except FileNotFoundError:
                continue
        try:
            next(source_dir.iterdir())
        except StopIteration:
            source_dir.rmdir()
    return removed


class Maintenance:
    """The drain and housekeeping jobs, with what they need bound in."""

    def __init__(
        self,
        *,
        pool: Pool,
        home: Path,
        log_retention_days: int,
        clock: Clock,
        stopping: threading.Event,
        stories: StoryOptions | None = None,
        judge_run: Callable[[int], object] | None = None,
    ) -> None:
        self.pool = pool  # the service's: no connection opened per job
        self.judge_run = judge_run  # health checks of a run the drain finished
        self.home = home
        self.log_retention = timedelta(days=log_retention_days)
        self.clock = clock
        self.stopping = stopping
        self.stories = stories
        self.hostname = socket.gethostname()
        self._database_down = False
        self._draining = threading.Lock()  # held by a drain, through judging what it closed

    def wait_for_drain(self, seconds: float) -> bool:
        """Wait for a drain under way (it stops between segments once ``stopping`` is set) to
        finish judging the runs it closed; False if it is still going after ``seconds``."""
        if not self._draining.acquire(timeout=seconds):
            return False
        self._draining.release()
        return True

    def drain(self) -> DrainReport | None:
        """Load what crawls spooled while PostgreSQL was unreachable (a no-op when empty), and
        judge the runs it closed."""
        with self._draining:
            return self._drain()

    def _drain(self) -> DrainReport | None:
        root = spool_root(self.home)
        if not root.is_dir() or not any(root.iterdir()):
            return None
        with tolerating_outage() as outage, borrowed(self.pool) as conn:
            report = drain_spool(
                conn,
                root,
                hostname=self.hostname,
                should_stop=self.stopping.is_set,
                stories=self.stories,
            )
        if outage.error is not None:
            self._note_outage(outage, "spool drain")
            return None
        self._database_down = False
        if not report.idle or report.failed:
            logger.info("spool drain: %s", report.summary())
        if self.judge_run is not None:
            for run_id in report.finished_run_ids:
                try:
                    self.judge_run(run_id)
                except Exception as exc:
                    logger.warning("run %d was not health-checked: %s", run_id, exc)
        return report

    def housekeeping(self) -> None:
        removed = prune_run_logs(
            self.home / "logs", older_than=self.log_retention, now=self.clock()
        )
        if removed:
            logger.info(
                "pruned %d run logs older than %d days",
                len(removed),
                self.log_retention.days,
            )
        self.prune_index()
        self.index_search()
        self.reap()

    def prune_index(self) -> int:
        """Drop the LSH rows of articles too old to match a new one (keeps lookups cheap)."""
        with tolerating_outage() as outage, borrowed(self.pool) as conn:
            return prune_index(conn, now=self.clock(), options=self.stories or StoryOptions())
        self._note_outage(outage, "LSH index pruning")
        return 0

    def index_search(self) -> int:
        """Index articles a crawl left unindexed (killed between storing and indexing)."""
        with tolerating_outage() as outage, borrowed(self.pool) as conn:
            indexed = index_pending(conn, stop=self.stopping.is_set)
        if outage.error is not None:
            self._note_outage(outage, "search indexing")
            return 0
        if indexed:
            logger.info("indexed %d articles for search that a crawl left pending", indexed)
        return indexed

    def reap(self) -> list[int]:
        """Mark `aborted` the runs left `running` by crawl processes gone from this host."""
        with tolerating_outage() as outage, borrowed(self.pool) as conn:
            keep = spooled_run_ids(conn, spool_root(self.home))
            return reap_dead_runs(
                conn,
                now=self.clock(),
                hostname=self.hostname,
                keep=keep,
                why="its run was closed by the scheduler's reaper",
            )
        self._note_outage(outage, "reaper")
        return []

    def _note_outage(self, outage: Outage, job: str) -> None:
        # Reached only after `tolerating_outage` caught one: an error is there.
        exc = outage.error or DatabaseUnavailable("PostgreSQL unreachable")
        # Once per outage at WARNING, then quietly: the drain retries every minute.
        level = logging.DEBUG if self._database_down else logging.WARNING
        cause = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if not isinstance(exc, DatabaseUnavailable):
            cause = f"connection lost: {cause}"
        logger.log(level, "%s postponed, PostgreSQL unreachable: %s", job, cause)
        self._database_down = True
