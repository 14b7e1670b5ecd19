"""`polwire worker`: a crawl worker of a cluster. It takes crawl tasks from the broker and runs
each in its own process (crawler.process), heartbeats in PostgreSQL, reaps the workers that
stopped heartbeating (their runs aborted, their crawls sent again) and loads its own spool."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from config import Config
from crawler.dedupe.rows import story_options
from crawler.process import CrawlRequest, run_crawl_process
from scheduler.cluster_app import CRAWL_TASK, cluster_app, send_crawl
from scheduler.maintenance import Maintenance
from scheduler.supervisor import describe_result, utc_now
from storage.cluster import (
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
    stop_worker,
)
from storage.migrate import upgrade
from storage.outage import is_outage, tolerating_outage
from storage.pool import Pool, borrowed, open_pool

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


class ClusterWorker:
    def __init__(self, options: WorkerOptions) -> None:
        self.options = options
        self.cluster = options.config.cluster
        self.name = options.name or socket.gethostname()
        self.worker_id = 0
        self.stopping = threading.Event()
        self._pool: Pool | None = None
        self._app: Any = None
        self._connected_since: float | None = None  # of the current unbroken heartbeat run

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
            worker.start()
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
            with borrowed(self._require_pool()) as conn:
                claim = claim_dispatch(
                    conn,
                    dispatch_id,
                    worker_id=self.worker_id,
                    timeout_seconds=self.cluster.worker_timeout_seconds,
                )
            if claim.verdict != RUN or claim.dispatch is None:
                logger.info("dispatch %d not run here: %s", dispatch_id, claim.verdict)
                return {"dispatch_id": dispatch_id, "verdict": claim.verdict}
            return self._crawl_claimed(claim)
        except Exception as exc:
            if not is_outage(exc) or source is None:
                raise
            # No claim and no lock without the database; crawling anyway spools the crawl
            # (the store is idempotent should it run twice): losing it would be worse.
            logger.warning("dispatch %d: PostgreSQL unreachable, crawling unclaimed", dispatch_id)
            return self._crawl(Dispatch(dispatch_id, source, trigger))

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
            result = self._crawl(dispatch)
            self._finish(dispatch, "done", _run_id(result), None)
            return result
        finally:
            lock.release()

    def _crawl(self, dispatch: Dispatch) -> dict[str, Any]:
        options, scheduler = self.options, self.options.config.scheduler
        request = CrawlRequest(
            source=dispatch.source,
            database_url=options.database_url,
            home=options.home,
            config_path=options.config_path,
            trigger=dispatch.trigger,
            settings=(
                *dispatch.settings,
                f"POLWIRE_WORKER_ID={self.worker_id}",
                f"POLWIRE_DISPATCH_ID={dispatch.id}",
            ),
        )
        logger.info("crawl of %s started (dispatch %d)", dispatch.source, dispatch.id)
        result = run_crawl_process(
            request,
            timeout=scheduler.crawl_timeout_seconds,
            kill_grace=scheduler.kill_grace_seconds,
            own_process_group=True,  # Ctrl-C on the worker's terminal is Celery's to handle
        )
        logger.info("%s", describe_result(result))
        run_id = _run_id(result)
        if run_id is not None and not result.get("spool"):
            self._judge(run_id)
        return result

    def _judge(self, run_id: int) -> None:
        from monitoring.health import evaluate_run

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
                # Judge others only after an unbroken heartbeat run as long as the timeout:
                # after an outage every worker looks silent, and none of them is dead.
                if time.monotonic() - self._connected_since >= self.cluster.worker_timeout_seconds:
                    found = reap_lost_workers(
                        conn, timeout_seconds=self.cluster.worker_timeout_seconds
                    )
                    for dispatch in found.requeued:
                        send_crawl(
                            self._app,
                            dispatch.id,
                            dispatch.source,
                            dispatch.trigger,
                            self.cluster.queue,
                        )
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

    def _require_pool(self) -> Pool:
        assert self._pool is not None, "the worker is running"
        return self._pool


def _run_id(result: dict[str, Any]) -> int | None:
    value = result.get("run_id")
    return int(value) if value else None


def _logged(job: Callable[[], object], what: str) -> None:
    try:
        job()
    except Exception:
        logger.exception("%s failed", what)
