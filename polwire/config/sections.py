"""The sections of polwire.toml, one dataclass each, with their defaults."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True, kw_only=True)
class SchedulerConfig:
    timezone: str = "UTC"
    default_cron: str = "0 2 * * *"  # nightly
    misfire_grace_seconds: int = 21600
    max_concurrent_crawls: int = 2
    crawl_timeout_seconds: int = 3 * 3600
    stop_grace_seconds: int = 10
    kill_grace_seconds: int = 10  # after SIGTERM, before SIGKILL (stop and timeouts)
    spool_drain_seconds: int = 60
    housekeeping_seconds: int = 600  # log pruning and the reaper
    standby_poll_seconds: int = 5  # how often a standby scheduler tries to take over
    log_retention_days: int = 90


@dataclass(slots=True, kw_only=True)
class CrawlConfig:
    user_agent: str | None = None
    contact_url: str = "https://github.com/polwire/polwire"
    concurrency_per_domain: int = 2
    download_timeout_seconds: int = 30
    max_page_bytes: int = 10 * 1024 * 1024
    min_body_words: int = 40
    warc_dir: str | None = None  # also write every fetched response as WARC here


@dataclass(slots=True, kw_only=True)
class HealthConfig:
    """Thresholds of the checks run after every crawl (monitoring/health.py)."""

    history_runs: int = 10  # successful runs of the source the trailing medians look at
    min_history_runs: int = 3  # fewer than this: no coverage or duration verdicts
    error_ratio_warning: float = 0.1  # failed requests / requests
    error_ratio_critical: float = 0.5
    http_error_ratio_warning: float = 0.2  # 4xx and 5xx responses / responses
    http_error_ratio_critical: float = 0.5
    min_responses: int = 5  # fewer responses than this: no ratio verdicts
    coverage_margin_warning: float = 0.2  # share below the trailing median by this much
    coverage_margin_critical: float = 0.5
    coverage_min_items: int = 5  # fewer valid items than this: no coverage verdicts
    duration_factor_warning: float = 3.0  # times the trailing median duration
    min_duration_seconds: int = 120  # shorter runs are never "far longer than usual"


@dataclass(slots=True, kw_only=True)
class AlertsConfig:
    """Where warning and critical verdicts go (monitoring/alerts.py); secrets come from the
    environment: POLWIRE_SMTP_PASSWORD, POLWIRE_WEBHOOK_TOKEN."""

    webhook_url: str | None = None
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_user: str | None = None
    email_from: str | None = None
    email_to: list[str] = field(default_factory=list)
    notify_recovery: bool = True  # also tell when a source is ok again
    timeout_seconds: int = 10


@dataclass(slots=True, kw_only=True)
class DedupeConfig:
    """Near-duplicate thresholds (storage/stories.py): estimated Jaccard similarities of the
    bodies' word (CJK: character) shingles."""

    story_similarity: float = 0.4  # two outlets' copies of one story
    same_article_similarity: float = 0.8  # one outlet, another URL: the same article
    story_window_days: int = 7  # copies further apart in time are not one story
    index_days: int = 30  # LSH index keeps articles this recent (same-outlet copies too)
    min_words: int = 50  # shorter bodies join no story: too little text to tell


@dataclass(slots=True, kw_only=True)
class WebConfig:
    """`polwire web` (console/web/): where it listens; the token comes from POLWIRE_WEB_TOKEN."""

    host: str = "127.0.0.1"
    port: int = 8080


@dataclass(slots=True, kw_only=True)
class ClusterConfig:
    """Crawl workers on Celery (scheduler/cluster_app.py); unset broker: one machine."""

    broker_url: str | None = None  # redis://host:6379/0 or amqp://...; or $POLWIRE_BROKER_URL
    queue: str = "polwire.crawls"
    heartbeat_seconds: int = 5  # how often a worker says it is alive (cluster_workers)
    worker_timeout_seconds: int = 30  # no heartbeat this long: lost, its crawls redone
    # Redis only: an unacknowledged task goes back to the queue after this long. The claim in
    # crawl_dispatches makes a copy of a task still running harmless, so it may be short.
    visibility_timeout_seconds: int = 3600
    spool_drain_seconds: int = 60  # how often a worker loads its own spool


@dataclass(slots=True, kw_only=True)
class WatchConfig:
    """`polwire watch` (crawler/spiders/watch.py): how long and how hard stored articles are
    revisited, and when a takedown counts."""

    days: int = 14  # articles are watched this many days after they were first seen
    confirm_seconds: int = 3600  # a takedown is confirmed by a check this long after the first
    max_requests: int = 2000  # checks per pass and source
    alert_gone_per_day: int = 20  # more takedowns than this in a day alert
