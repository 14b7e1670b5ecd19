"""Runs the scheduler's crawls, one process each: timeouts, the runs of killed crawls, and the
staged stop (let crawls finish, then SIGTERM, then SIGKILL)."""

from __future__ import annotations

import contextlib
import logging
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawler.process import CrawlRequest, start_crawl, wait_for_result

if TYPE_CHECKING:
    from crawler.watch_runner import WatchRequest
from polwire.storage.pool import Pool, borrowed
from polwire.storage.reaper import abort_process_runs
from polwire.storage.runs import record_unopened_run
from polwire.storage.spool import pending_runs, spool_root

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]
AfterRun = Callable[[dict[str, Any]], None]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True, frozen=True, kw_only=True)
class StoppedCrawl:
    """A crawl process ended from outside (timeout, shutdown): what its run needs recorded."""

    source: str
    pid: int
    started_at: datetime  # taken just before the process started
    reason: str
    trigger: str
    home: Path
    worker_id: int | None = None
    dispatch_id: int | None = None


def close_stopped_run(pool: Pool, crawl: StoppedCrawl, *, now: datetime) -> int | None:
    """Mark `aborted` with ``crawl.reason`` the run of a crawl process that was stopped, and
    record one when the process was stopped before it opened its own row (while importing
    Scrapy, say): every crawl has its row, whatever moment the stop landed. None when its run
    is in its spool instead (the drain closes it). Raises on an outage (the reaper retries)."""
    with borrowed(pool) as conn:
        ids = abort_process_runs(
            conn, pid=crawl.pid, since=crawl.started_at, reason=crawl.reason, now=now
        )
        if ids:
            return ids[0]
        if any(run.info.pid == crawl.pid for run in pending_runs(spool_root(crawl.home))):
            return None
        return record_unopened_run(
            conn,
            crawl.source,
            started_at=crawl.started_at,
            reason=crawl.reason,
            pid=crawl.pid,
            trigger=crawl.trigger,
            log_path=_write_stop_log(crawl, now),
            worker_id=crawl.worker_id,
            dispatch_id=crawl.dispatch_id,
            finished_at=now,
        )


def _write_stop_log(crawl: StoppedCrawl, now: datetime) -> str | None:
    """The log of a run that never got to write one: why it ended (`polwire logs` shows it)."""
    stamp = crawl.started_at.strftime("%Y%m%dT%H%M%SZ")
    path = crawl.home / "logs" / crawl.source / f"{stamp}-{crawl.pid}.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"{now:%Y-%m-%d %H:%M:%S%z} crawl process {crawl.pid} of {crawl.source} stopped "
            f"before it opened its run: {crawl.reason}\n",
            encoding="utf-8",
        )
    except OSError as exc:
        logger.warning("no log for the stopped crawl of %s: %s", crawl.source, exc)
        return None
    return str(path)


@dataclass(slots=True)
class RunningCrawl:
    source: str
    process: subprocess.Popen[str]
    started_at: datetime
    stop_reason: str | None = None  # set when the supervisor ends it
    trigger: str = "scheduler"  # its run's crawl_runs.trigger


class CrawlSupervisor:
    """Starts crawls for the scheduler's jobs and ends them when the service stops.

    The concurrency cap is the size of the crawl executor's thread pool: each job
    thread runs one crawl process and waits for it.
    """

    def __init__(
        self,
        *,
        database_url: str,
        pool: Pool,
        home: Path,
        config_path: str | None,
        timeout_seconds: float,
        kill_grace_seconds: float,
        clock: Clock = utc_now,
        after_run: AfterRun | None = None,
    ) -> None:
        self.database_url = database_url  # handed to the crawl processes
        self.pool = pool
        self.home = home
        self.config_path = config_path
        self.timeout_seconds = timeout_seconds
        self.kill_grace_seconds = kill_grace_seconds
        self.clock = clock
        self.after_run = after_run
        self._running: dict[int, RunningCrawl] = {}
        self._changed = threading.Condition()
        self._stopping = False

    def __call__(self, source: str) -> dict[str, Any] | None:
        return self.run(source)

    def running(self) -> list[RunningCrawl]:
        with self._changed:
            return list(self._running.values())

    def run(self, source: str) -> dict[str, Any] | None:
        """Crawl ``source`` in a new process and wait for it; None once stopping."""
        request = CrawlRequest(
            source=source,
            database_url=self.database_url,
            home=self.home,
            config_path=self.config_path,
            trigger="scheduler",
        )
        return self.run_request(request)

    def watch(self, source: str) -> dict[str, Any] | None:
        """A watch pass of ``source`` over what its revisit plan says is due (crawler.
        watch_runner), run and stopped as crawls are; None once stopping."""
        from crawler.watch_runner import WatchRequest

        request = WatchRequest(
            source=source,
            database_url=self.database_url,
            home=self.home,
            config_path=self.config_path,
        )
        return self.run_request(request)

    def run_request(self, request: CrawlRequest | WatchRequest) -> dict[str, Any] | None:
        """Run one crawl or watch process and wait for it; None once stopping."""
        source = request.source
        with self._changed:
            if self._stopping:
                logger.info("not starting the crawl of %s: the scheduler is stopping", source)
                return None
            # Started under the lock, so a stop that begins now cannot miss this process.
            started_at = self.clock()  # before the process: its run can only start later
            process = start_crawl(request, own_process_group=True)
            crawl = RunningCrawl(source, process, started_at, trigger=request.trigger)
            self._running[process.pid] = crawl
        logger.info("crawl of %s started (pid %d)", source, process.pid)
        try:
            result = wait_for_result(
                process,
                source,
                timeout=self.timeout_seconds,
                kill_grace=self.kill_grace_seconds,
            )
            self._close_run(crawl, result)
        finally:
            with self._changed:
                self._running.pop(process.pid, None)
                self._changed.notify_all()
        logger.info("%s", describe_result(result))
        if self.after_run is not None:
            try:
                self.after_run(result)
            except Exception:  # a monitor's failure must never stop the scheduler
                logger.exception("after-run check of %s failed", source)
        return result

    def _close_run(self, crawl: RunningCrawl, result: dict[str, Any]) -> None:
        """Record why a crawl that was stopped from outside ended (it may not have been able to)."""
        reason = crawl.stop_reason
        if reason is None and (result.get("timed_out") or result.get("killed")):
            reason = str(result.get("finish_reason"))
        if reason is None:
            return
        result["finish_reason"] = reason
        result["status"] = "aborted"
        stopped = StoppedCrawl(
            source=crawl.source,
            pid=crawl.process.pid,
            started_at=crawl.started_at,
            reason=reason,
            trigger=crawl.trigger,
            home=self.home,
        )
        try:
            run_id = close_stopped_run(self.pool, stopped, now=self.clock())
        except Exception as exc:  # the reaper closes it later
            logger.warning("could not mark the run of %s aborted: %s", crawl.source, exc)
            return
        if run_id is not None:
            result["run_id"] = result.get("run_id") or run_id
            logger.warning("run %s of %s aborted: %s", run_id, crawl.source, reason)

    def stop(self, *, grace_seconds: float, hurry: threading.Event | None = None) -> None:
        """Start no more crawls; let running ones finish for ``grace_seconds`` (less if
        ``hurry`` is set), then SIGTERM them (Scrapy closes the run as aborted), then
        SIGKILL after the kill grace (their runs are marked aborted here)."""
        with self._changed:
            self._stopping = True
        running = self.running()
        if not running:
            return
        logger.info(
            "waiting up to %gs for %d running crawls to finish: %s",
            grace_seconds,
            len(running),
            ", ".join(c.source for c in running),
        )
        if self._wait_idle(grace_seconds, hurry):
            return
        for crawl in self.running():
            crawl.stop_reason = (
                f"stopped by the scheduler's shutdown (still running after a {grace_seconds:g}s "
                "grace)"
            )
            logger.warning("stopping the crawl of %s (SIGTERM)", crawl.source)
            _signal(crawl.process, kill=False)
        if self._wait_idle(self.kill_grace_seconds, None):
            return
        for crawl in self.running():
            crawl.stop_reason = (
                "killed by the scheduler's shutdown "
                f"(did not stop within {self.kill_grace_seconds:g}s of SIGTERM)"
            )
            logger.error("killing the crawl of %s (SIGKILL)", crawl.source)
            _signal(crawl.process, kill=True)
        self._wait_idle(10.0, None)  # their job threads mark the runs aborted

    def _wait_idle(self, seconds: float, hurry: threading.Event | None) -> bool:
        deadline = time.monotonic() + seconds
        with self._changed:
            while self._running:
                left = deadline - time.monotonic()
                if left <= 0 or (hurry is not None and hurry.is_set()):
                    return False
                self._changed.wait(min(left, 0.2))
        return True


def _signal(process: subprocess.Popen[str], *, kill: bool) -> None:
    with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
        process.kill() if kill else process.terminate()


def describe_result(result: dict[str, Any]) -> str:
    """One log line per finished crawl."""
    source, status = result.get("source"), result.get("status")
    run = f"run {result.get('run_id')}" if result.get("run_id") else "run (pending)"
    if "items_stored" not in result:
        return f"{run} of {source} {status}: {result.get('finish_reason')}"
    duration = float(result.get("duration_seconds") or 0)
    stored = f"{result['items_stored']} stored"
    if result.get("spool"):
        stored += f", {result.get('items_spooled', 0)} spooled to {result['spool']}"
    return (
        f"{run} of {source} {status} in {duration:.1f}s: {stored}, "
        f"{result.get('items_duplicate', 0)} duplicate, {result.get('items_dropped', 0)} dropped, "
        f"{result.get('errors', 0)} errors"
    )
