"""`polwire worker`: a crawl worker of a cluster. It takes crawl and import tasks from the broker
and runs each through the run lifecycle (polwire.runs), heartbeats in PostgreSQL, reaps the workers
that stopped heartbeating (their runs aborted, their crawls sent again), loads its own spool,
and on SIGTERM lets its crawls finish for a grace period before giving them back to the queue."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from celery.exceptions import Reject
from celery.signals import worker_shutting_down

from polwire.cluster.app import CRAWL_TASK, IMPORT_TASK, cluster_app, send_dispatch
from polwire.config import Config
from polwire.runs.lifecycle import RunLifecycle, RunLimits, judge_run, utc_now
from polwire.runs.maintenance import Maintenance
from polwire.runs.request import CrawlRequest, ImportRequest
from polwire.runs.result import RunResult
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
        self._lifecycle: RunLifecycle | None = None  # once registered (it knows the worker id)
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
            self._lifecycle = RunLifecycle(
                connector=partial(borrowed, pool),
                home=options.home,
                config=options.config,
                limits=RunLimits.of(options.config.scheduler),
                worker_id=self.worker_id,
            )
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

    def _request(self, dispatch: Dispatch) -> CrawlRequest | ImportRequest:
        """The process a dispatch runs: a crawl of its source, or the import of its file."""
        options = self.options
        settings = (
            *dispatch.settings,
            f"POLWIRE_WORKER_ID={self.worker_id}",
            f"POLWIRE_DISPATCH_ID={dispatch.id}",
        )
        if dispatch.kind == IMPORT:
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
        """Run the dispatch through the run lifecycle (which closes and judges its run); a run
        stopped by this worker's own stop, or not started because of it, gives its dispatch
        back to the queue (``Reject``)."""
        what = f"{dispatch.kind} of {dispatch.params.get('path') or dispatch.source}"
        logger.info("%s started (dispatch %d)", what, dispatch.id)
        result = self._require_lifecycle().run(self._request(dispatch), dispatch_id=dispatch.id)
        if result is None:
            self._give_back(dispatch, self._stop_reason())
        assert result is not None
        if result.stopped_by_owner:
            self._give_back(dispatch, result.finish_reason or self._stop_reason())
        return _task_outcome(dispatch, result)

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
        self._require_lifecycle().stop(grace_seconds=self.stop_grace, reason=self._stop_reason())

    def _judge(self, run_id: int) -> None:
        judge_run(partial(borrowed, self._require_pool()), run_id, self.options.config)

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

    def _require_lifecycle(self) -> RunLifecycle:
        assert self._lifecycle is not None, "the worker is registered"
        return self._lifecycle


def _run_id(outcome: dict[str, Any]) -> int | None:
    value = outcome.get("run_id")
    return int(value) if value else None


def _task_outcome(dispatch: Dispatch, result: RunResult) -> dict[str, Any]:
    """What a task returns (no result backend keeps it: the run's row is the outcome)."""
    return {"dispatch_id": dispatch.id, "run_id": result.run_id, "status": str(result.status)}


def _moment(value: Any) -> datetime | None:
    return None if not value else datetime.fromisoformat(str(value))


def _logged(job: Callable[[], object], what: str) -> None:
    try:
        job()
    except Exception:
        logger.exception("%s failed", what)
