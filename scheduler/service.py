"""The `polwire scheduler` service: one active instance per database (the others wait as
standbys), crawl jobs from the persistent job store, the spool drain and housekeeping, and a
staged stop on SIGTERM/SIGINT."""

from __future__ import annotations

import logging
import logging.handlers
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import FrameType
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from polwire.cluster.app import cluster_app
from polwire.config import Config, broker_url
from polwire.runs.lifecycle import Clock, Connector, RunLifecycle, RunLimits, judge_run, utc_now
from polwire.runs.maintenance import SCHEDULER_LOG, Maintenance
from polwire.runs.request import CrawlRequest, WatchRequest
from polwire.runs.result import RunResult
from polwire.storage.cluster import reap_lost_workers
from polwire.storage.connection import describe
from polwire.storage.dedupe_keys import story_options
from polwire.storage.engine import create_engine
from polwire.storage.errors import DatabaseUnavailable
from polwire.storage.leader import DatabaseLock
from polwire.storage.migrate import upgrade
from polwire.storage.outage import tolerating_outage
from polwire.storage.pool import Pool, borrowed, open_pool
from scheduler.dispatch import CrawlDispatcher
from scheduler.jobs import (
    CRAWL_EXECUTOR,
    CRAWL_JOBSTORE,
    CrawlJobSpec,
    bound_crawl_runner,
    sync_jobs,
)

logger = logging.getLogger(__name__)

JOBS_TABLE = "scheduler_jobs"  # created by migration 0004
MAINTENANCE_JOBSTORE = "memory"  # the service's own jobs are re-added at every start
MAINTENANCE_EXECUTOR = "maintenance"
SPOOL_DRAIN_JOB = "spool-drain"  # not snake_case: cannot clash with a source name
HOUSEKEEPING_JOB = "housekeeping-reaper"
CLUSTER_REAPER_JOB = "cluster-reaper"
LOCK_CHECK_SECONDS = 2.0
_LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class AnotherSchedulerActive(Exception):
    """Another scheduler holds this database's lock and this one must not wait."""


@dataclass(slots=True, kw_only=True)
class ServiceOptions:
    database_url: str
    home: Path
    config: Config
    config_path: str | None = None
    specs: list[CrawlJobSpec] = field(default_factory=list)
    standby: bool = True  # wait for the active scheduler to go away instead of exiting


def configure_service_logging(
    home: Path, *, debug: bool = False, log_name: str = SCHEDULER_LOG
) -> Path:
    """INFO (DEBUG with --debug) to stderr and to POLWIRE_HOME/logs/<log_name>."""
    path = home / "logs" / log_name
    path.parent.mkdir(parents=True, exist_ok=True)
    formatter = logging.Formatter(_LOG_FORMAT)
    root = logging.getLogger()
    if not any(isinstance(h, logging.StreamHandler) for h in root.handlers):
        root.addHandler(logging.StreamHandler(sys.stderr))
    for handler in root.handlers:
        handler.setFormatter(formatter)
    # WatchedFileHandler reopens the file after logrotate moves it.
    file_handler = logging.handlers.WatchedFileHandler(path, encoding="utf-8")
    file_handler.setFormatter(formatter)
    root.addHandler(file_handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    if not debug:
        # Every wake-up is logged at INFO by the store; the job lines stay.
        logging.getLogger("apscheduler.scheduler").setLevel(logging.WARNING)
    return path


class SchedulerService:
    def __init__(self, options: ServiceOptions, *, clock: Clock = utc_now) -> None:
        self.options = options
        self.settings = options.config.scheduler
        self.clock = clock
        self.stop_requested = threading.Event()
        self.hurry = threading.Event()  # a second signal: skip the crawls' grace
        self.where = describe(options.database_url)
        self._signal_name: str | None = None
        self._pool: Pool | None = None

    # --- signals ---------------------------------------------------------------------

    def install_signal_handlers(self) -> None:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._on_signal)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        # Only set flags here: the main thread logs and acts on them.
        if self.stop_requested.is_set():
            self.hurry.set()
        self._signal_name = signal.Signals(signum).name
        self.stop_requested.set()

    # --- lifecycle -------------------------------------------------------------------

    def run(self) -> int:
        """Run until stopped; 0 after a clean stop, 1 if another scheduler took over."""
        name = f"polwire-scheduler {socket.gethostname()} pid {os.getpid()}"
        lock = DatabaseLock(self.options.database_url, application_name=name)
        try:
            if not self._become_active(lock):
                logger.info("stopped before becoming active (%s)", self._signal_name)
                return 0
            return self._serve(lock)
        finally:
            lock.release()

    def _become_active(self, lock: DatabaseLock) -> bool:
        poll = self.settings.standby_poll_seconds
        announced = waiting_for_db = False
        while not self.stop_requested.is_set():
            try:
                if lock.try_acquire():
                    logger.info("active scheduler for %s (holding its scheduler lock)", self.where)
                    return True
            except DatabaseUnavailable as exc:
                if not waiting_for_db:
                    logger.warning("waiting for PostgreSQL: %s", exc)
                    waiting_for_db = True
                self.stop_requested.wait(poll)
                continue
            holder = lock.holder() or "unknown holder"
            if not self.options.standby:
                raise AnotherSchedulerActive(
                    f"another scheduler is already active on {self.where}: {holder}; "
                    "not starting (--no-standby)"
                )
            if not announced:
                logger.warning(
                    "standby: another scheduler is active on %s (%s); "
                    "taking over when it stops (checking every %ss)",
                    self.where,
                    holder,
                    poll,
                )
                announced = True
            self.stop_requested.wait(poll)
        return False

    def _serve(self, lock: DatabaseLock) -> int:
        options = self.options
        # One pool for the service's own work (jobs, reaper, health checks); the lock keeps
        # its dedicated session, and each crawl process its own connections.
        pool = open_pool(
            options.database_url,
            application_name=f"polwire-scheduler {socket.gethostname()}",
            max_size=self.settings.max_concurrent_crawls + 3,
        )
        self._pool = pool
        try:
            with borrowed(pool) as conn:
                upgrade(conn)
                conn.commit()
            return self._serve_with(lock, pool)
        finally:
            pool.close()

    def _serve_with(self, lock: DatabaseLock, pool: Pool) -> int:
        options, settings = self.options, self.settings
        connector: Connector = partial(borrowed, pool)
        maintenance = Maintenance(
            pool=pool,
            home=options.home,
            log_retention_days=settings.log_retention_days,
            clock=self.clock,
            stopping=self.stop_requested,
            stories=story_options(options.config.dedupe),
            # A run loaded from the spool is closed by the drain, and judged there.
            judge_run=lambda run_id: judge_run(connector, run_id, options.config),
        )
        for job in (maintenance.drain, maintenance.housekeeping):  # once before any crawl
            try:
                job()
            except Exception:
                logger.exception("%s at start failed", job.__name__)
        broker = broker_url(options.config)
        runner: ScheduledCrawls | CrawlDispatcher
        if broker is None:
            runner = ScheduledCrawls(
                RunLifecycle(
                    connector=connector,
                    home=options.home,
                    config=options.config,
                    limits=RunLimits.of(settings),
                    clock=self.clock,
                ),
                options,
            )
        else:
            cluster = options.config.cluster
            runner = CrawlDispatcher(
                pool=pool, app=cluster_app(broker, cluster), queue=cluster.queue
            )
            logger.info("cluster mode: due crawls go to the broker's queue %s", cluster.queue)
        scheduler = self._build_scheduler()
        with bound_crawl_runner(runner):
            scheduler.start(paused=True)
            report = sync_jobs(scheduler, options.specs, now=self.clock())
            logger.info("crawl jobs synced with the config: %s", report.summary())
            self._add_maintenance_jobs(scheduler, maintenance)
            if isinstance(runner, CrawlDispatcher):
                self._add_cluster_reaper(scheduler, runner)
            self._log_jobs(scheduler)
            scheduler.resume()
            lost = self._watch(lock)
            self.stop_requested.set()  # also stops a drain in progress between segments
            self._stop(scheduler, runner)
            # A drain under way judges the runs it closed before the pool goes.
            if not maintenance.wait_for_drain(self.settings.kill_grace_seconds):
                logger.warning(
                    "the spool drain did not end within %ss of the stop: a run it closed may "
                    "be left unjudged",
                    self.settings.kill_grace_seconds,
                )
        return 1 if lost else 0

    def _add_cluster_reaper(
        self, scheduler: BackgroundScheduler, dispatcher: CrawlDispatcher
    ) -> None:
        """Workers reap each other; the scheduler does too, in case none is left alive."""
        timeout = self.options.config.cluster.worker_timeout_seconds

        def reap_cluster() -> None:
            with tolerating_outage(), borrowed(dispatcher.pool) as conn:
                found = reap_lost_workers(conn, timeout_seconds=timeout)
                dispatcher.requeue(found.requeued)

        seconds = self.options.config.cluster.heartbeat_seconds
        _add_maintenance_job(scheduler, CLUSTER_REAPER_JOB, reap_cluster, seconds)

    def _build_scheduler(self) -> BackgroundScheduler:
        settings = self.settings
        store = SQLAlchemyJobStore(
            engine=create_engine(self.options.database_url), tablename=JOBS_TABLE
        )
        return BackgroundScheduler(
            jobstores={CRAWL_JOBSTORE: store, MAINTENANCE_JOBSTORE: MemoryJobStore()},
            executors={
                # The pool size is the global cap on concurrent crawls.
                CRAWL_EXECUTOR: ThreadPoolExecutor(settings.max_concurrent_crawls),
                MAINTENANCE_EXECUTOR: ThreadPoolExecutor(2),
            },
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": settings.misfire_grace_seconds,
            },
            timezone=ZoneInfo(settings.timezone),
            jobstore_retry_interval=5,
        )

    def _add_maintenance_jobs(
        self, scheduler: BackgroundScheduler, maintenance: Maintenance
    ) -> None:
        for job_id, func, seconds in (
            (SPOOL_DRAIN_JOB, maintenance.drain, self.settings.spool_drain_seconds),
            (HOUSEKEEPING_JOB, maintenance.housekeeping, self.settings.housekeeping_seconds),
        ):
            _add_maintenance_job(scheduler, job_id, func, seconds)

    def _log_jobs(self, scheduler: BackgroundScheduler) -> None:
        jobs = [j for j in scheduler.get_jobs(jobstore=CRAWL_JOBSTORE) if j.next_run_time]
        for job in jobs:
            logger.debug("job %s: %s, next run %s", job.id, job.trigger, job.next_run_time)
        if jobs:
            soonest = min(jobs, key=lambda j: j.next_run_time)
            logger.info(
                "%d crawl jobs; next: %s at %s",
                len(jobs),
                soonest.id,
                soonest.next_run_time.isoformat(timespec="seconds"),
            )

    def _watch(self, lock: DatabaseLock) -> bool:
        """Wait for a stop; True if the lock was lost to another scheduler."""
        while not self.stop_requested.wait(LOCK_CHECK_SECONDS):
            if lock.still_held():
                continue
            try:
                if lock.try_acquire():
                    logger.warning("scheduler lock re-acquired after losing its connection")
                    continue
            except DatabaseUnavailable:
                continue  # nobody can take it over while the database is down
            logger.error(
                "another scheduler took over %s (%s): stopping this one",
                self.where,
                lock.holder() or "unknown holder",
            )
            return True
        logger.info("%s received: stopping", self._signal_name or "stop")
        return False

    def _stop(
        self, scheduler: BackgroundScheduler, runner: ScheduledCrawls | CrawlDispatcher
    ) -> None:
        # pause(), not shutdown(): APScheduler 3 makes one last pass over the due jobs after
        # shutdown() and advances their next run time without running them, which would
        # lose a run falling due at that moment instead of catching it up at the next start.
        scheduler.pause()
        with scheduler._jobstores_lock:  # wait out a pass already under way
            pass
        if isinstance(runner, ScheduledCrawls):  # a dispatcher has no crawls of its own
            grace = self.settings.stop_grace_seconds
            runner.lifecycle.stop(
                grace_seconds=grace,
                reason=f"stopped by the scheduler's shutdown (still running after a {grace:g}s "
                "grace)",
                hurry=self.hurry,
            )
        logger.info("scheduler stopped")


class ScheduledCrawls:
    """The scheduler's crawl and watch jobs on this machine: each due source is crawled (or
    watched) through the run lifecycle, which closes and judges its run (and stops them all
    when the service stops)."""

    def __init__(self, lifecycle: RunLifecycle, options: ServiceOptions) -> None:
        self.lifecycle = lifecycle
        self.options = options

    def __call__(self, source: str) -> RunResult | None:
        options = self.options
        request = CrawlRequest(
            source=source,
            database_url=options.database_url,  # handed to the crawl process
            home=options.home,
            config_path=options.config_path,
            trigger="scheduler",
        )
        return self.lifecycle.run(request)

    def watch(self, source: str) -> RunResult | None:
        """A source's watch job: one pass over the articles its revisit plan says are due."""
        options = self.options
        request = WatchRequest(
            source=source,
            database_url=options.database_url,
            home=options.home,
            config_path=options.config_path,
        )
        return self.lifecycle.run(request)


def _add_maintenance_job(
    scheduler: BackgroundScheduler, job_id: str, func: Callable[[], object], seconds: int
) -> None:
    """An in-memory interval job of the service (not stored: it is made anew at each start);
    a run missed by more than one interval is not made up, and runs never overlap."""
    scheduler.add_job(
        func,
        "interval",
        seconds=seconds,
        id=job_id,
        name=job_id,
        jobstore=MAINTENANCE_JOBSTORE,
        executor=MAINTENANCE_EXECUTOR,
        misfire_grace_time=seconds,
        coalesce=True,
        max_instances=1,
        replace_existing=True,
    )
