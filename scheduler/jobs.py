"""The scheduler's crawl jobs: one per enabled source (job id = source name), and its watch
jobs (job id ``watch-<source>``: `polwire watch` of what the revisit plan says is due), their
triggers from the registry and [scheduler] config, and their re-sync with the job store."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.job import Job
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from crawler.sources.model import Source
from polwire.config import ConfigError, SchedulerConfig

logger = logging.getLogger(__name__)

# APScheduler stores jobs by a textual reference to their function.
CRAWL_JOB_FUNC = "scheduler.jobs:crawl_job"
WATCH_JOB_FUNC = "scheduler.jobs:watch_job"
WATCH_JOB_PREFIX = "watch-"  # not snake_case: cannot clash with a source name
# The watch's default: daily, half past the hour twelve hours after the crawl's (or 14:30).
DEFAULT_WATCH_HOUR = 14
CRAWL_EXECUTOR = "crawls"
CRAWL_JOBSTORE = "default"

_CRONTAB_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_DOW_TOKEN = re.compile(r"^(\*|\d+)(?:-(\d+))?(?:/(\d+))?$")


@dataclass(frozen=True, slots=True)
class CrawlJobSpec:
    """What the config says one source's job must be."""

    source: str
    trigger: BaseTrigger
    schedule: str  # for people: "cron 0 2 * * * Asia/Tokyo" or "every 30s"
    misfire_grace_seconds: int
    kind: str = "crawl"  # or "watch" (polwire watch)

    @property
    def job_id(self) -> str:
        return self.source if self.kind == "crawl" else WATCH_JOB_PREFIX + self.source

    @property
    def func_ref(self) -> str:
        return CRAWL_JOB_FUNC if self.kind == "crawl" else WATCH_JOB_FUNC


def crontab_day_of_week(field_text: str) -> str:
    """A crontab day-of-week field (0 or 7 = Sunday) in APScheduler 3's terms.

    APScheduler 3 counts 0 as Monday (its issue #286), so ``0 2 * * 0`` would run on
    Mondays; numbers are turned into day names, which it reads unambiguously.
    """
    if field_text == "*" or re.search(r"[a-z]", field_text, re.IGNORECASE):
        return field_text
    days: set[int] = set()
    for token in field_text.split(","):
        match = _DOW_TOKEN.match(token)
        if not match:
            raise ValueError(f"bad day-of-week {token!r} in {field_text!r}")
        start_text, end_text, step_text = match.groups()
        start, end = (0, 6) if start_text == "*" else (int(start_text), int(start_text))
        if end_text is not None:
            end = int(end_text)
        elif step_text is not None and start_text != "*":
            end = 7  # "a/n" means from a to the end of the week
        if not (0 <= start <= 7 and 0 <= end <= 7 and start <= end):
            raise ValueError(f"day-of-week {token!r} out of range 0-7")
        days.update(day % 7 for day in range(start, end + 1, int(step_text or 1)))
    return ",".join(_CRONTAB_DAYS[day] for day in sorted(days))


def trigger_for(
    source: Source, config: SchedulerConfig, *, now: datetime
) -> tuple[BaseTrigger, str]:
    """The trigger of a source's job and its description: ``every_seconds`` (first run one
    interval after ``now``), else ``cron``, else ``[scheduler] default_cron``, in
    ``[scheduler] timezone``."""
    timezone = ZoneInfo(config.timezone)
    if source.every_seconds:
        interval = timedelta(seconds=source.every_seconds)
        trigger = IntervalTrigger(
            seconds=source.every_seconds, start_date=now + interval, timezone=timezone
        )
        return trigger, f"every {source.every_seconds}s"
    expression = source.cron or config.default_cron
    fields = expression.split()
    if len(fields) != 5:
        raise ValueError(f"{source.name}: cron {expression!r} must have 5 fields")
    minute, hour, day, month, day_of_week = fields
    trigger = CronTrigger(
        minute=minute,
        hour=hour,
        day=day,
        month=month,
        day_of_week=crontab_day_of_week(day_of_week),
        timezone=timezone,
    )
    return trigger, f"cron {expression} {config.timezone}"


def default_watch_cron(source: Source, config: SchedulerConfig) -> str:
    """Daily, at another hour than the crawl: twelve hours after the crawl's hour when its
    schedule names one, else 14:30."""
    hour = DEFAULT_WATCH_HOUR
    fields = (source.cron or config.default_cron).split()
    if not source.every_seconds and len(fields) == 5 and fields[1].isdigit():
        hour = (int(fields[1]) + 12) % 24
    return f"30 {hour} * * *"


def watch_job_specs(
    sources: Iterable[Source], config: SchedulerConfig, *, now: datetime
) -> list[CrawlJobSpec]:
    """The watch jobs of the enabled sources (``watch_cron``, else :func:`default_watch_cron`)."""
    specs = []
    for source in sources:
        if not source.enabled:
            continue
        expression = source.watch_cron or default_watch_cron(source, config)
        timed = replace(source, cron=expression, every_seconds=None)
        try:
            trigger, schedule = trigger_for(timed, config, now=now)
        except (ValueError, KeyError) as exc:
            raise ConfigError(f"source {source.name}: bad watch_cron: {exc}") from exc
        specs.append(
            CrawlJobSpec(source.name, trigger, schedule, config.misfire_grace_seconds, "watch")
        )
    return specs


def crawl_job_specs(
    sources: Iterable[Source], config: SchedulerConfig, *, now: datetime
) -> list[CrawlJobSpec]:
    """The jobs of the enabled sources; a bad schedule is a config error naming the source."""
    specs = []
    for source in sources:
        if not source.enabled:
            continue
        try:
            trigger, schedule = trigger_for(source, config, now=now)
        except (ValueError, KeyError) as exc:  # KeyError: ZoneInfoNotFoundError
            raise ConfigError(f"source {source.name}: bad schedule: {exc}") from exc
        specs.append(CrawlJobSpec(source.name, trigger, schedule, config.misfire_grace_seconds))
    return specs


def schedule_key(trigger: BaseTrigger) -> str:
    """Equal for two triggers that fire at the same times (a rebuilt IntervalTrigger has a
    new start date, yet keeping the stored one is what makes a missed run catch up)."""
    if isinstance(trigger, IntervalTrigger):
        return f"interval {trigger.interval.total_seconds():g} {trigger.timezone}"
    if isinstance(trigger, CronTrigger):
        return f"{trigger} {trigger.timezone}"
    return repr(trigger)


@dataclass(slots=True)
class SyncReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"{label} {', '.join(names)}"
            for label, names in (
                ("added", self.added),
                ("rescheduled", self.changed),
                ("removed", self.removed),
            )
            if names
        ]
        kept = f"{len(self.kept)} unchanged"
        return "; ".join([*parts, kept])


def sync_jobs(
    scheduler: BaseScheduler, specs: Iterable[CrawlJobSpec], *, now: datetime
) -> SyncReport:
    """Make the stored crawl jobs match the config: add new sources, reschedule changed ones,
    remove the ones gone. An unchanged job keeps its stored next run time, so a run that
    fell due while the service was down still runs (once, within its grace) at start."""
    report = SyncReport()
    wanted = {spec.job_id: spec for spec in specs}
    stored: dict[str, Job] = {job.id: job for job in scheduler.get_jobs(jobstore=CRAWL_JOBSTORE)}
    for job_id in stored:
        if job_id not in wanted:
            scheduler.remove_job(job_id, jobstore=CRAWL_JOBSTORE)
            report.removed.append(job_id)
    for name, spec in wanted.items():
        options: dict[str, Any] = {
            "misfire_grace_time": spec.misfire_grace_seconds,
            "coalesce": True,
            "max_instances": 1,
            "name": f"{spec.kind} {spec.source}",
        }
        job = stored.get(name)
        if job is None:
            scheduler.add_job(
                spec.func_ref,
                trigger=spec.trigger,
                args=[spec.source],
                id=name,
                jobstore=CRAWL_JOBSTORE,
                executor=CRAWL_EXECUTOR,
                next_run_time=spec.trigger.get_next_fire_time(None, now),
                **options,
            )
            report.added.append(name)
            continue
        if schedule_key(job.trigger) != schedule_key(spec.trigger):
            job = scheduler.reschedule_job(name, jobstore=CRAWL_JOBSTORE, trigger=spec.trigger)
            report.changed.append(name)
        else:
            report.kept.append(name)
        if any(getattr(job, key) != value for key, value in options.items()) or (
            job.func_ref != spec.func_ref or job.executor != CRAWL_EXECUTOR
        ):
            scheduler.modify_job(
                name,
                jobstore=CRAWL_JOBSTORE,
                func=spec.func_ref,
                executor=CRAWL_EXECUTOR,
                args=[spec.source],
                **options,
            )
    return report


# --- the job function ----------------------------------------------------------------

CrawlRunner = Callable[[str], object]
_bound_runner: CrawlRunner | None = None


@contextmanager
def bound_crawl_runner(runner: CrawlRunner) -> Iterator[None]:
    """Route stored crawl jobs to ``runner`` while the service runs.

    A persistent job store can only hold a module-level function, so the running
    service lends it the object that actually starts crawls, for its lifetime.
    """
    global _bound_runner
    _bound_runner = runner
    try:
        yield
    finally:
        _bound_runner = None


def crawl_job(source: str) -> None:
    """What APScheduler runs for a source's job: one crawl, in its own process."""
    runner = _bound_runner
    if runner is None:
        raise RuntimeError(f"crawl job {source} fired outside the scheduler service")
    runner(source)


def watch_job(source: str) -> None:
    """What APScheduler runs for a source's watch job: one pass over what is due, in its own
    process (the runner's ``watch``; a cluster's dispatcher has none: passes run on the
    machine of a scheduler that runs crawls itself)."""
    runner = _bound_runner
    if runner is None:
        raise RuntimeError(f"watch job {source} fired outside the scheduler service")
    watch = getattr(runner, "watch", None)
    if watch is None:
        logger.warning("watch of %s skipped: this scheduler sends crawls to a cluster", source)
        return
    watch(source)
