"""What `polwire schedule` shows: each job, its trigger and next run time (from the job store
when the scheduler has run, else as the config would schedule it) and its last run."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.job import Job
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from polwire.config import SchedulerConfig
from polwire.storage.engine import create_engine
from polwire.storage.runs import CrawlRun
from scheduler.jobs import CRAWL_JOBSTORE, CrawlJobSpec, schedule_key
from scheduler.service import HOUSEKEEPING_JOB, JOBS_TABLE, SPOOL_DRAIN_JOB

COLUMNS = (
    "id",
    "trigger",
    "next_run_time",
    "misfire_grace_seconds",
    "state",
    "last_run_id",
    "last_run_started_at",
    "last_run_status",
)


def stored_jobs(database_url: str, timezone: str) -> dict[str, Job]:
    """The crawl jobs as the scheduler last saved them (read without running a scheduler)."""
    engine = create_engine(database_url, application_name="polwire schedule")
    store = SQLAlchemyJobStore(engine=engine, tablename=JOBS_TABLE)
    store.start(BackgroundScheduler(timezone=ZoneInfo(timezone)), CRAWL_JOBSTORE)
    try:
        return {job.id: job for job in store.get_all_jobs()}
    finally:
        store.shutdown()


def schedule_rows(
    specs: Iterable[CrawlJobSpec],
    stored: Mapping[str, Job],
    last_runs: Mapping[str, CrawlRun],
    config: SchedulerConfig,
    *,
    now: datetime,
) -> list[dict[str, Any]]:
    """One row per job. ``state``: ``scheduled`` (stored as configured), ``new`` or
    ``changed`` (the next scheduler start adds or reschedules it), ``removed`` (stored
    but no longer configured), ``service`` (the scheduler's own jobs)."""
    rows = []
    wanted = {spec.job_id: spec for spec in specs}
    for name, spec in wanted.items():
        job = stored.get(name)
        if job is not None and schedule_key(job.trigger) == schedule_key(spec.trigger):
            state, next_run = "scheduled", job.next_run_time
        else:
            state = "changed" if job is not None else "new"
            next_run = spec.trigger.get_next_fire_time(None, now)
        rows.append(
            _row(name, spec.schedule, next_run, spec.misfire_grace_seconds, state, last_runs)
        )
    for name, job in stored.items():
        if name not in wanted:
            grace = job.misfire_grace_time
            rows.append(
                _row(name, str(job.trigger), job.next_run_time, grace, "removed", last_runs)
            )
    for name, seconds in (
        (SPOOL_DRAIN_JOB, config.spool_drain_seconds),
        (HOUSEKEEPING_JOB, config.housekeeping_seconds),
    ):
        rows.append(_row(name, f"every {seconds}s", None, seconds, "service", {}))
    return rows


def _row(
    job_id: str,
    trigger: str,
    next_run: datetime | None,
    grace: int | None,
    state: str,
    last_runs: Mapping[str, CrawlRun],
) -> dict[str, Any]:
    run = last_runs.get(job_id)
    return {
        "id": job_id,
        "trigger": trigger,
        "next_run_time": next_run,
        "misfire_grace_seconds": grace,
        "state": state,
        "last_run_id": run.id if run else None,
        "last_run_started_at": run.started_at if run else None,
        "last_run_status": run.status if run else None,
    }
