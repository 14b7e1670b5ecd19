"""Reads and validates polwire.toml (POLWIRE_CONFIG), naming the key at fault in every error."""

from __future__ import annotations

import difflib
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

DEFAULT_CONFIG_NAME = "polwire.toml"
_T = TypeVar("_T")


class ConfigError(Exception):
    """The config file is missing, unreadable or has a bad key; the message names it."""


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


@dataclass(slots=True, kw_only=True)
class HealthConfig:
    """Thresholds of the checks run after every crawl (scheduler/health.py)."""

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
    """Where warning and critical verdicts go (scheduler/alerts.py); secrets come from the
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
class Config:
    path: Path | None = None
    database_url: str | None = None
    home: str | None = None
    scheduler: SchedulerConfig = field(default_factory=SchedulerConfig)
    crawl: CrawlConfig = field(default_factory=CrawlConfig)
    dedupe: DedupeConfig = field(default_factory=DedupeConfig)
    health: HealthConfig = field(default_factory=HealthConfig)
    alerts: AlertsConfig = field(default_factory=AlertsConfig)
    web: WebConfig = field(default_factory=WebConfig)
    sources: list[dict[str, Any]] = field(default_factory=list)


def config_path(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """Flag, then POLWIRE_CONFIG, then ./polwire.toml when present."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("POLWIRE_CONFIG")
    if env:
        return Path(env)
    default = Path(DEFAULT_CONFIG_NAME)
    return default if default.is_file() else None


def load_config(explicit: str | os.PathLike[str] | None = None) -> Config:
    path = config_path(explicit)
    if path is None:
        return Config()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"config file {path} does not exist") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from exc
    return parse_config(raw, path)


def parse_config(raw: dict[str, Any], path: Path | None = None) -> Config:
    where = str(path or "config")
    config = Config(path=path)
    known = {
        *("database_url", "home", "scheduler", "crawl", "dedupe", "health", "alerts", "web"),
        "sources",
    }
    for key in raw:
        if key not in known:
            raise ConfigError(f"{where}: unknown key {key!r}{_did_you_mean(key, known)}")
    config.database_url = _typed(where, "database_url", raw.get("database_url"), str)
    config.home = _typed(where, "home", raw.get("home"), str)
    config.scheduler = _section(where, "scheduler", raw.get("scheduler"), SchedulerConfig)
    config.crawl = _section(where, "crawl", raw.get("crawl"), CrawlConfig)
    config.dedupe = _section(where, "dedupe", raw.get("dedupe"), DedupeConfig)
    config.health = _section(where, "health", raw.get("health"), HealthConfig)
    config.alerts = _section(where, "alerts", raw.get("alerts"), AlertsConfig)
    config.web = _section(where, "web", raw.get("web"), WebConfig)
    sources = raw.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, dict) for s in sources):
        raise ConfigError(f"{where}: 'sources' must be [[sources]] tables")
    config.sources = sources
    return config


def _section(where: str, name: str, raw: Any, cls: type[_T]) -> _T:
    if raw is None:
        return cls()
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: [{name}] must be a table")
    allowed = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in allowed:
            raise ConfigError(
                f"{where}: unknown key {name}.{key}{_did_you_mean(key, set(allowed))}"
            )
        default = getattr(cls(), key)
        expected = type(default) if default is not None else str
        values[key] = _typed(where, f"{name}.{key}", value, expected)
    return cls(**values)


def _typed(where: str, key: str, value: Any, expected: type) -> Any:
    if value is None:
        return None
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)  # `similarity = 1` in TOML is an integer
    if expected is int and isinstance(value, bool):
        raise ConfigError(f"{where}: {key} must be an integer, not {value!r}")
    if not isinstance(value, expected):
        raise ConfigError(
            f"{where}: {key} must be {_type_name(expected)}, not {type(value).__name__} {value!r}"
        )
    return value


def _type_name(expected: type) -> str:
    return {str: "a string", int: "an integer", bool: "true or false", list: "a list"}.get(
        expected, expected.__name__
    )


def _did_you_mean(key: str, known: set[str]) -> str:
    close = difflib.get_close_matches(key, sorted(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(sorted(known))})"
