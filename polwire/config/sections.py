"""The sections of polwire.toml, one dataclass each: defaults, help lines, allowed values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from polwire.config.schema import DAYS_MAX, SECONDS_MAX, rule, setting

_SECONDS = {"minimum": 1, "maximum": SECONDS_MAX}
_GRACE = {"minimum": 0, "maximum": SECONDS_MAX}
_RATIO = {"minimum": 0, "maximum": 1}
_COUNT = {"minimum": 1, "maximum": 1_000_000}


@dataclass(slots=True, kw_only=True)
class SchedulerConfig:
    timezone: str = setting(
        "UTC", help="Time zone the cron expressions are read in.", kind="timezone"
    )
    default_cron: str = setting(
        "0 2 * * *", help="When a source without cron or every_seconds is crawled.", kind="cron"
    )
    misfire_grace_seconds: int = setting(
        21600, help="A run missed by up to this long (scheduler down) still runs.", **_SECONDS
    )
    max_concurrent_crawls: int = setting(
        2, help="Crawls run at the same time by one scheduler.", minimum=1, maximum=1000
    )
    crawl_timeout_seconds: int = setting(
        3 * 3600, help="A crawl running longer is stopped.", **_SECONDS
    )
    stop_grace_seconds: int = setting(
        10, help="How long a stopping crawl may finish its pages before SIGTERM.", **_GRACE
    )
    kill_grace_seconds: int = setting(
        10, help="After SIGTERM, how long before SIGKILL (stop and timeouts).", **_GRACE
    )
    spool_drain_seconds: int = setting(
        60, help="How often the spool is loaded into PostgreSQL.", **_SECONDS
    )
    housekeeping_seconds: int = setting(
        600, help="How often logs are pruned and dead runs reaped.", **_SECONDS
    )
    standby_poll_seconds: int = setting(
        5, help="How often a standby scheduler tries to take over.", **_SECONDS
    )
    log_retention_days: int = setting(
        90, help="Run logs older than this are deleted.", minimum=1, maximum=DAYS_MAX
    )


@dataclass(slots=True, kw_only=True)
class CrawlConfig:
    user_agent: str | None = setting(
        None, help="The User-Agent sent; unset: polwire/<version> (+contact_url)."
    )
    contact_url: str = setting(
        "https://github.com/polwire/polwire",
        help="Where site owners learn about the crawler (in the User-Agent).",
        kind="url",
        schemes=("http", "https", "mailto"),
    )
    concurrency_per_domain: int = setting(
        2, help="Requests in flight per site at once.", minimum=1, maximum=64
    )
    download_timeout_seconds: int = setting(
        30, help="A request that takes longer fails.", minimum=1, maximum=3600
    )
    max_page_bytes: int = setting(
        10 * 1024 * 1024, help="Larger responses are dropped.", minimum=1024, maximum=2**31 - 1
    )
    min_body_words: int = setting(
        40, help="Pages with fewer words of body are not articles.", minimum=0, maximum=100_000
    )
    warc_dir: str | None = setting(
        None, help="Also write every fetched response as WARC files in this directory."
    )
    allow_private_networks: bool = setting(
        False,
        help="Follow links to loopback, private and link-local addresses of hosts that are "
        "none of the source's own origins (off: a feed cannot reach the machine's own "
        "services). For local testing.",
    )


@dataclass(slots=True, kw_only=True)
class HealthConfig:
    """Thresholds of the checks run after every crawl (monitoring/health.py)."""

    ORDERED: ClassVar[tuple[tuple[str, str], ...]] = (
        ("min_history_runs", "history_runs"),
        ("error_ratio_warning", "error_ratio_critical"),
        ("http_error_ratio_warning", "http_error_ratio_critical"),
        ("coverage_margin_warning", "coverage_margin_critical"),
    )

    history_runs: int = setting(
        10, help="Successful runs of the source the trailing medians look at.", **_COUNT
    )
    min_history_runs: int = setting(
        3, help="Fewer successful runs than this: no coverage or duration verdicts.", **_COUNT
    )
    error_ratio_warning: float = setting(
        0.1, help="Failed requests / requests at which a run is a warning.", **_RATIO
    )
    error_ratio_critical: float = setting(
        0.5, help="Failed requests / requests at which a run is critical.", **_RATIO
    )
    http_error_ratio_warning: float = setting(
        0.2, help="4xx and 5xx responses / responses at which a run is a warning.", **_RATIO
    )
    http_error_ratio_critical: float = setting(
        0.5, help="4xx and 5xx responses / responses at which a run is critical.", **_RATIO
    )
    min_responses: int = setting(
        5, help="Fewer responses than this: no ratio verdicts.", minimum=0, maximum=1_000_000
    )
    coverage_margin_warning: float = setting(
        0.2, help="Share of items below the trailing median that is a warning.", **_RATIO
    )
    coverage_margin_critical: float = setting(
        0.5, help="Share of items below the trailing median that is critical.", **_RATIO
    )
    coverage_min_items: int = setting(
        5, help="Fewer valid items than this: no coverage verdicts.", minimum=0, maximum=1_000_000
    )
    duration_factor_warning: float = setting(
        3.0, help="Times the trailing median duration that is a warning.", minimum=1, maximum=1000
    )
    min_duration_seconds: int = setting(
        120, help="Shorter runs are never 'far longer than usual'.", **_GRACE
    )


@dataclass(slots=True, kw_only=True)
class AlertsConfig:
    """Where warning and critical verdicts go (monitoring/alerts.py); secrets come from the
    environment: POLWIRE_SMTP_PASSWORD, POLWIRE_WEBHOOK_TOKEN."""

    webhook_url: str | None = setting(
        None, help="POST a JSON alert here.", kind="url", schemes=("http", "https")
    )
    smtp_host: str | None = setting(None, help="SMTP server alerts are mailed through.")
    smtp_port: int = setting(25, help="Port of the SMTP server.", kind="port")
    smtp_starttls: bool = setting(False, help="Use STARTTLS with the SMTP server.")
    smtp_user: str | None = setting(None, help="SMTP login (password: POLWIRE_SMTP_PASSWORD).")
    email_from: str | None = setting(None, help="Sender address of alert mails.")
    email_to: list[str] = field(
        default_factory=list,
        metadata=rule(
            help="Addresses alerts are mailed to.",
            kind="pattern",
            pattern=r"[^@\s]+@[^@\s]+",
            pattern_help="e-mail addresses (name@host)",
        ),
    )
    notify_recovery: bool = setting(True, help="Also tell when a source is ok again.")
    timeout_seconds: int = setting(
        10, help="How long a webhook or SMTP delivery may take.", minimum=1, maximum=3600
    )


@dataclass(slots=True, kw_only=True)
class DedupeConfig:
    """Near-duplicate thresholds (storage/stories.py): estimated Jaccard similarities of the
    bodies' word (CJK: character) shingles."""

    story_similarity: float = setting(
        0.4, help="Similarity at which two outlets' copies are one story.", **_RATIO
    )
    same_article_similarity: float = setting(
        0.8,
        help="Similarity at which one outlet's page under another URL is the same article.",
        **_RATIO,
    )
    story_window_days: int = setting(
        7, help="Copies further apart in time are not one story.", minimum=1, maximum=DAYS_MAX
    )
    index_days: int = setting(
        30,
        help="The near-duplicate index keeps articles this recent.",
        minimum=1,
        maximum=DAYS_MAX,
    )
    min_words: int = setting(50, help="Shorter bodies join no story.", minimum=0, maximum=1_000_000)


@dataclass(slots=True, kw_only=True)
class WebConfig:
    """`polwire web` (console/web/): where it listens; the token comes from POLWIRE_WEB_TOKEN."""

    host: str = setting(
        "127.0.0.1",
        help="Address the dashboard listens on (off loopback it needs POLWIRE_WEB_TOKEN).",
        kind="pattern",
        pattern=r"[A-Za-z0-9.:\[\]_-]+",
        pattern_help="an IP address or host name",
    )
    port: int = setting(
        8080, help="Port the dashboard listens on.", kind="port", port_zero="any free port"
    )


@dataclass(slots=True, kw_only=True)
class ClusterConfig:
    """Crawl workers on Celery (scheduler/cluster_app.py); unset broker: one machine."""

    ORDERED: ClassVar[tuple[tuple[str, str], ...]] = (
        ("heartbeat_seconds", "worker_timeout_seconds"),
    )

    broker_url: str | None = setting(
        None,
        help="The Celery broker; unset: everything runs on this machine.",
        kind="url",
        schemes=("redis", "rediss", "amqp", "amqps"),
    )
    queue: str = setting(
        "polwire.crawls",
        help="The broker queue crawl tasks go through.",
        kind="pattern",
        pattern=r"[A-Za-z0-9._:-]+",
        pattern_help="letters, digits and . _ : -",
    )
    heartbeat_seconds: int = setting(5, help="How often a worker says it is alive.", **_SECONDS)
    worker_timeout_seconds: int = setting(
        30, help="No heartbeat this long: the worker is lost and its crawls redone.", **_SECONDS
    )
    # Redis only: an unacknowledged task goes back to the queue after this long. The claim in
    # crawl_dispatches makes a copy of a task still running harmless, so it may be short.
    visibility_timeout_seconds: int = setting(
        3600, help="Redis: an unacknowledged task is queued again after this long.", **_SECONDS
    )
    spool_drain_seconds: int = setting(
        60, help="How often a worker loads its own spool.", **_SECONDS
    )


@dataclass(slots=True, kw_only=True)
class WatchConfig:
    """`polwire watch` (crawler/spiders/watch.py): how long and how hard stored articles are
    revisited, and when a takedown counts."""

    days: int = setting(
        14,
        help="Articles are watched this many days after they were first seen.",
        minimum=1,
        maximum=3650,
    )
    confirm_seconds: int = setting(
        3600,
        help="A takedown is confirmed by a second check at least this long after the first.",
        minimum=0,
        maximum=SECONDS_MAX,
    )
    max_requests: int = setting(
        2000, help="Checks per pass and source.", minimum=1, maximum=10_000_000
    )
    alert_gone_per_day: int = setting(
        20,
        help="More takedowns than this by one source in a day raise an alert.",
        minimum=0,
        maximum=10_000_000,
    )
