"""`polwire worker`: a crawl worker of a cluster. It takes crawl and import tasks from the broker
and runs each in its own process (crawler.process), heartbeats in PostgreSQL, reaps the workers
that stopped heartbeating (their runs aborted, their crawls sent again), loads its own spool,
and on SIGTERM lets its crawls finish for a grace period before giving them back to the queue."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from celery.exceptions import Reject
from celery.signals import worker_shutting_down

from crawler.process import CrawlRequest, ProcessRequest, run_crawl_process
from polwire.cluster.app import CRAWL_TASK, IMPORT_TASK, cluster_app, send_dispatch
from polwire.config import Config
from polwire.runs.maintenance import Maintenance
from polwire.runs.supervisor import StoppedCrawl, close_stopped_run, describe_result, utc_now
from polwire.storage.cluster import (
    IMPORT,
    RUN,
    Claim,
    Dispatch,
    SourceLock,
    WorkerIdentity,
    abort_orphan_runs,
    claim_dispatch,
    finish_dispatch,
    heartbeat,
    reap_lost_workers,
    register_worker,
    release_dispatch,
    stop_worker,
)
from polwire.storage.dedupe_keys import story_options
from polwire.storage.migrate import upgrade
from polwire.storage.outage import is_outage, tolerating_outage
from polwire.storage.pool import Pool, borrowed, open_pool

logger = logging.getLogger(__name__)

WORKER_LOG = "worker.log"


@dataclass(slots=True, kw_only=True)
class WorkerOptions:
    database_url: str
    broker_url: str
    home: Path
    config: Config
    config_path: str | None = None
    name: str = ""
    concurrency: int = 2
    # SIGTERM: how long running crawls may go on before they are stopped and sent back to the
    # queue (None: [scheduler] stop_grace_seconds, as the scheduler's own stop).
    stop_grace_seconds: float | None = None


@dataclass(slots=True)
class RunningTask:
    """A crawl or import process this worker runs, and why it was stopped, if it was."""

    dispatch: Dispatch
    process: subprocess.Popen[str]
    started_at: datetime
    stop_reason: str | None = None


@dataclass(slots=True)
class _Unsettled:
    """Dispatches run while PostgreSQL was unreachable: settled when it is back."""

    dispatches: list[Dispatch] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class ClusterWorker:
    def __init__(self, options: WorkerOptions) -> None:
        self.options = options
        self.cluster = options.config.cluster
        self.name = options.name or socket.gethostname()
        self.worker_id = 0
        self.stopping = threading.Event()
        self.stop_grace = float(
            options.config.scheduler.stop_grace_seconds
            if options.stop_grace_seconds is None
            else options.stop_grace_seconds
        )
        self._pool: Pool | None = None
        self._app: Any = None
        self._connected_since: float | None = None  # of the current unbroken heartbeat run
        self._running: dict[int, RunningTask] = {}  # by process id
        self._changed = threading.Condition()
        self._graceless = False  # the stop's grace is over: no process may start any more
        self._unsettled = _Unsettled()

    # --- lifecycle -------------------------------------------------------------------

    def run(self) -> int:
        """Serve tasks until Celery's worker stops (SIGTERM: warm shutdown, running crawls
        finish first; SIGQUIT: at once, the broker then hands their tasks to others)."""
        options = self.options
        pool = open_pool(
            options.database_url,
            application_name=f"polwire-worker {self.name}",
            max_size=options.concurrency + 3,
        )
        self._pool = pool
        try:
            with borrowed(pool) as conn:
                upgrade(conn)
                conn.commit()
            with borrowed(pool) as conn:
                self.worker_id = register_worker(
                    conn,
                    WorkerIdentity(
                        name=self.name,
                        hostname=socket.gethostname(),
                        pid=os.getpid(),
                        concurrency=options.concurrency,
                        home=str(options.home),
                    ),
                )
            self._connected_since = time.monotonic()
            logger.info(
                "worker %s (id %d) on %s, %d crawls at a time, queue %s",
                self.name,
                self.worker_id,
                socket.gethostname(),
                options.concurrency,
                self.cluster.queue,
            )
            self._app = app = cluster_app(options.broker_url, self.cluster)
            app.task(name=CRAWL_TASK, acks_late=True, reject_on_worker_lost=True)(self.crawl_task)
            app.task(name=IMPORT_TASK, acks_late=True, reject_on_worker_lost=True)(self.import_task)
            worker_shutting_down.connect(self._on_shutting_down, weak=False)
            beat = threading.Thread(target=self._heartbeats, name="heartbeat", daemon=True)
            beat.start()
            worker = app.Worker(
                hostname=f"{self.name}@{socket.gethostname()}",
                pool="threads",  # each crawl is a process of its own: a thread waits for it
                concurrency=options.concurrency,
                queues=[self.cluster.queue],
                without_mingle=True,
                without_gossip=True,
                quiet=True,
                loglevel="INFO",
            )
            try:
                worker.start()
            finally:
                worker_shutting_down.disconnect(self._on_shutting_down)
            code = int(worker.exitcode or 0)
            self.stopping.set()
            beat.join(timeout=10)
            with tolerating_outage(), borrowed(pool) as conn:
                stop_worker(conn, self.worker_id, "stopped")
            logger.info("worker %s stopped", self.name)
            return code
        finally:
            self.stopping.set()
            pool.close()

    # --- the task ------------------------------------------------------------------------

    def crawl_task(
        self, dispatch_id: int, source: str | None = None, trigger: str = "scheduler"
    ) -> dict[str, Any]:
        """What a crawl task does: claim the dispatch, take the source's lock, crawl."""
        try:
            claim = self._claim(dispatch_id)
        except Exception as exc:
            if not is_outage(exc) or source is None:
                raise
            return self._run_unclaimed(Dispatch(dispatch_id, source, trigger))
        if claim.verdict != RUN or claim.dispatch is None:
            logger.info("dispatch %d not run here: %s", dispatch_id, claim.verdict)
            return {"dispatch_id": dispatch_id, "verdict": claim.verdict}
        return self._crawl_claimed(claim)

    def import_task(
        self, dispatch_id: int, source: str | None = None, params: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """What an import task does: claim the dispatch, import its one file. Imports of one
        source run side by side (each file is a run of its own, resumable where it stopped)."""
        try:
            claim = self._claim(dispatch_id)
        except Exception as exc:
            if not is_outage(exc) or source is None or params is None:
                raise
            return self._run_unclaimed(
                Dispatch(dispatch_id, source, "import", kind=IMPORT, params=params)
            )
        if claim.verdict != RUN or claim.dispatch is None:
            logger.info("dispatch %d not run here: %s", dispatch_id, claim.verdict)
            return {"dispatch_id": dispatch_id, "verdict": claim.verdict}
        result = self._run(claim.dispatch)
        self._finish(claim.dispatch, "done", _run_id(result), None)
        return result

    def _claim(self, dispatch_id: int) -> Claim:
        with borrowed(self._require_pool()) as conn:
            return claim_dispatch(
                conn,
                dispatch_id,
                worker_id=self.worker_id,
                timeout_seconds=self.cluster.worker_timeout_seconds,
            )

    def _run_unclaimed(self, dispatch: Dispatch) -> dict[str, Any]:
        # No claim and no lock without the database; running anyway spools the crawl (the
        # store is idempotent should it run twice): losing it would be worse. Its dispatch
        # is settled once the database is back (see _settle_unclaimed).
        logger.warning("dispatch %d: PostgreSQL unreachable, running unclaimed", dispatch.id)
        result = self._run(dispatch)
        with self._unsettled.lock:
            self._unsettled.dispatches.append(dispatch)
        return result

    def _crawl_claimed(self, claim: Claim) -> dict[str, Any]:
        dispatch = claim.dispatch
        assert dispatch is not None
        lock = SourceLock(
            self.options.database_url,
            dispatch.source,
            application_name=f"polwire-worker {self.name} crawl {dispatch.source}",
        )
        if not lock.held:
            note = f"another crawl of {dispatch.source} is running in the cluster"
            logger.info("dispatch %d skipped: %s", dispatch.id, note)
            self._finish(dispatch, "skipped", None, note)
            return {"dispatch_id": dispatch.id, "verdict": "skipped"}
        try:
            with borrowed(self._require_pool()) as conn:
                orphans = abort_orphan_runs(
                    conn,
                    dispatch.source,
                    worker_id=self.worker_id,
                    reason=f"its worker is gone; crawl redone by worker {self.name} "
                    f"(dispatch {dispatch.id})",
                )
            for run_id in orphans:
                logger.warning("run %d of %s aborted: its worker is gone", run_id, dispatch.source)
            result = self._run(dispatch)
            self._finish(dispatch, "done", _run_id(result), None)
            return result
        finally:
            lock.release()

    def _request(self, dispatch: Dispatch) -> ProcessRequest:
        """The process a dispatch runs: a crawl of its source, or the import of its file."""
        options = self.options
        settings = (
            *dispatch.settings,
            f"POLWIRE_WORKER_ID={self.worker_id}",
            f"POLWIRE_DISPATCH_ID={dispatch.id}",
        )
        if dispatch.kind == IMPORT:
            from crawler.import_runner import ImportRequest

            params = dispatch.params
            return ImportRequest(
                paths=(str(params["path"]),),
                database_url=options.database_url,
                home=options.home,
                sources=tuple(params.get("sources") or ()),
                any_host=bool(params.get("any_host")),
                name=params.get("name"),
                timezone=str(params.get("timezone") or "UTC"),
                since=_moment(params.get("since")),
                until=_moment(params.get("until")),
                config_path=options.config_path,
                settings=settings,
            )
        return CrawlRequest(
            source=dispatch.source,
            database_url=options.database_url,
            home=options.home,
            config_path=options.config_path,
            trigger=dispatch.trigger,
            settings=settings,
        )

    def _run(self, dispatch: Dispatch) -> dict[str, Any]:
        """Run the dispatch's process and close its run however it ended; a process stopped
        by this worker's own stop gives its dispatch back to the queue (``Reject``)."""
        scheduler = self.options.config.scheduler
        started_at = utc_now()
        running: list[RunningTask] = []

        def on_start(process: subprocess.Popen[str]) -> None:
            with self._changed:
                task = RunningTask(dispatch, process, started_at)
                if self._graceless:  # started as the stop's grace ended: stopped at once
                    task.stop_reason = self._stop_reason()
                    _signal(process, kill=False)
                self._running[process.pid] = task
                running.append(task)

        what = f"{dispatch.kind} of {dispatch.params.get('path') or dispatch.source}"
        logger.info("%s started (dispatch %d)", what, dispatch.id)
        try:
            result = run_crawl_process(
                self._request(dispatch),
                timeout=scheduler.crawl_timeout_seconds,
                kill_grace=scheduler.kill_grace_seconds,
                own_process_group=True,  # Ctrl-C on the worker's terminal is Celery's to handle
                on_start=on_start,
            )
        finally:
            with self._changed:
                for task in running:
                    self._running.pop(task.process.pid, None)
                self._changed.notify_all()
        stop_reason = running[0].stop_reason if running else None
        if stop_reason is not None or result.get("timed_out") or result.get("killed"):
            reason = stop_reason or str(result.get("finish_reason"))
            result["status"], result["finish_reason"] = "aborted", reason
            self._close_stopped(dispatch, running[0], reason, result)
        logger.info("%s", describe_result(result))
        if stop_reason is not None:
            self._give_back(dispatch, stop_reason)
        run_id = _run_id(result)
        if run_id is not None and not result.get("spool"):
            self._judge(run_id)
        return result

    def _close_stopped(
        self, dispatch: Dispatch, task: RunningTask, reason: str, result: dict[str, Any]
    ) -> None:
        stopped = StoppedCrawl(
            source=dispatch.source,
            pid=task.process.pid,
            started_at=task.started_at,
            reason=reason,
            trigger=dispatch.trigger,
            home=self.options.home,
            worker_id=self.worker_id,
            dispatch_id=dispatch.id,
        )
        try:
            run_id = close_stopped_run(self._require_pool(), stopped, now=utc_now())
        except Exception as exc:  # left `running`: the next crawl of the source aborts it
            logger.warning("could not mark the run of %s aborted: %s", dispatch.source, exc)
            return
        if run_id is not None:
            result["run_id"] = result.get("run_id") or run_id
            logger.warning("run %d of %s aborted: %s", run_id, dispatch.source, reason)

    def _give_back(self, dispatch: Dispatch, reason: str) -> None:
        """Back to `queued`, and the message back to the broker (not acknowledged): another
        worker takes it. Its run is closed, and what it stored stays (never stored twice)."""
        note = f"requeued: {reason}"
        with tolerating_outage() as outage, borrowed(self._require_pool()) as conn:
            release_dispatch(conn, dispatch.id, worker_id=self.worker_id, note=note)
        if outage.error is not None:  # claimed by a lost worker then: the reaper frees it
            logger.warning("dispatch %d left running: %s", dispatch.id, outage.error)
        logger.warning("dispatch %d (%s) sent back to the queue", dispatch.id, dispatch.source)
        raise Reject(note, requeue=True)

    # --- a warm stop (SIGTERM) -----------------------------------------------------------

    def _on_shutting_down(self, sig: str = "", how: str = "", **_: Any) -> None:
        """Celery's warm shutdown began (it waits for the running tasks): give them a grace,
        then stop them. A cold one (SIGQUIT, a second SIGTERM) is Celery's: unacknowledged
        tasks are redelivered and the reaper closes the runs."""
        if how == "Warm":
            threading.Thread(target=self._stop_after_grace, name="stop-grace", daemon=True).start()

    def _stop_reason(self) -> str:
        return (
            f"worker {self.name} stopped (SIGTERM): the crawl was still running after a "
            f"{self.stop_grace:g}s grace; sent back to the queue"
        )

    def _stop_after_grace(self) -> None:
        running = self._running_tasks()
        if running:
            logger.info(
                "warm stop: waiting up to %gs for %d running tasks: %s",
                self.stop_grace,
                len(running),
                ", ".join(t.dispatch.source for t in running),
            )
        if self._wait_idle(self.stop_grace):
            return
        kill_grace = float(self.options.config.scheduler.kill_grace_seconds)
        with self._changed:
            self._graceless = True
            for task in self._running.values():
                task.stop_reason = self._stop_reason()
                logger.warning(
                    "stopping the %s of %s (dispatch %d, SIGTERM)",
                    task.dispatch.kind,
                    task.dispatch.source,
                    task.dispatch.id,
                )
                _signal(task.process, kill=False)
        if self._wait_idle(kill_grace):
            return
        for task in self._running_tasks():
            logger.error("killing the %s of %s (SIGKILL)", task.dispatch.kind, task.dispatch.source)
            _signal(task.process, kill=True)

    def _running_tasks(self) -> list[RunningTask]:
        with self._changed:
            return list(self._running.values())

    def _wait_idle(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        with self._changed:
            while self._running:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(min(left, 0.5))
        return True

    def _judge(self, run_id: int) -> None:
        from polwire.monitoring.health import evaluate_run

        try:
            with borrowed(self._require_pool()) as conn:
                evaluate_run(conn, run_id, self.options.config)
        except Exception as exc:  # a check or an alert channel failing is no crawl failure
            logger.warning("run %d was not health-checked: %s", run_id, exc)

    def _finish(self, dispatch: Dispatch, state: str, run_id: int | None, note: str | None) -> None:
        with tolerating_outage() as outage, borrowed(self._require_pool()) as conn:
            finish_dispatch(
                conn, dispatch.id, worker_id=self.worker_id, state=state, run_id=run_id, note=note
            )
        if outage.error is not None:
            logger.warning("dispatch %d left %s: %s", dispatch.id, "running", outage.error)

    # --- heartbeat, reaper, spool --------------------------------------------------------

    def _heartbeats(self) -> None:
        maintenance = Maintenance(
            pool=self._require_pool(),
            home=self.options.home,
            log_retention_days=self.options.config.scheduler.log_retention_days,
            clock=utc_now,
            stopping=self.stopping,
            stories=story_options(self.options.config.dedupe),
            judge_run=self._judge,  # a run loaded from the spool is health-checked as any
        )
        every = float(self.cluster.heartbeat_seconds)
        next_drain = time.monotonic()
        while not self.stopping.wait(every):
            self._beat()
            if time.monotonic() >= next_drain:
                next_drain = time.monotonic() + self.cluster.spool_drain_seconds
                _logged(maintenance.drain, "spool drain")

    def _beat(self) -> None:
        pool = self._require_pool()
        try:
            with borrowed(pool) as conn:
                before = heartbeat(conn, self.worker_id)
                if before == "lost":
                    logger.error(
                        "worker %s had been declared lost (no heartbeat for %ss): its crawls "
                        "were sent to others",
                        self.name,
                        self.cluster.worker_timeout_seconds,
                    )
                if self._connected_since is None:
                    self._connected_since = time.monotonic()
                self._settle_unclaimed(conn)
                # Judge others only after an unbroken heartbeat run as long as the timeout:
                # after an outage every worker looks silent, and none of them is dead.
                if time.monotonic() - self._connected_since >= self.cluster.worker_timeout_seconds:
                    found = reap_lost_workers(
                        conn, timeout_seconds=self.cluster.worker_timeout_seconds
                    )
                    for dispatch in found.requeued:
                        send_dispatch(self._app, dispatch, self.cluster.queue)
                        logger.warning(
                            "crawl of %s (dispatch %d) sent again: its worker was lost",
                            dispatch.source,
                            dispatch.id,
                        )
        except Exception as exc:
            if not is_outage(exc):
                logger.exception("heartbeat failed")
            elif self._connected_since is not None:
                logger.warning("heartbeat: PostgreSQL unreachable: %s", exc)
            self._connected_since = None

    def _settle_unclaimed(self, conn: Any) -> None:
        """The database is back: the dispatches run unclaimed during the outage are done
        (their spool is this worker's to load), unless another worker took one meanwhile."""
        with self._unsettled.lock:
            settled, self._unsettled.dispatches = self._unsettled.dispatches, []
        for dispatch in settled:
            finish_dispatch(
                conn,
                dispatch.id,
                worker_id=self.worker_id,
                state="done",
                note=f"run by worker {self.name} while PostgreSQL was unreachable (spooled)",
            )
            logger.info("dispatch %d settled: run during the outage", dispatch.id)

    def _require_pool(self) -> Pool:
        assert self._pool is not None, "the worker is running"
        return self._pool


def _run_id(result: dict[str, Any]) -> int | None:
    value = result.get("run_id")
    return int(value) if value else None


def _moment(value: Any) -> datetime | None:
    return None if not value else datetime.fromisoformat(str(value))


def _signal(process: subprocess.Popen[str], *, kill: bool) -> None:
    with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
        process.kill() if kill else process.terminate()


def _logged(job: Callable[[], object], what: str) -> None:
    try:
        job()
    except Exception:
        logger.exception("%s failed", what)
