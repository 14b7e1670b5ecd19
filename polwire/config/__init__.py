"""polwire's configuration: the polwire.toml file, its sections, and where it is found."""

from polwire.config.file import (
    BROKER_URL_ENV,
    Config,
    ConfigError,
    broker_url,
    config_path,
    load_config,
    parse_config,
)
from polwire.config.sections import (
    AlertsConfig,
    ClusterConfig,
    CrawlConfig,
    DedupeConfig,
    HealthConfig,
    SchedulerConfig,
    WatchConfig,
    WebConfig,
)

__all__ = [
    "BROKER_URL_ENV",
    "AlertsConfig",
    "ClusterConfig",
    "Config",
    "ConfigError",
    "CrawlConfig",
    "DedupeConfig",
    "HealthConfig",
    "SchedulerConfig",
    "WatchConfig",
    "WebConfig",
    "broker_url",
    "config_path",
    "load_config",
    "parse_config",
]
