"""polwire's configuration: the polwire.toml file, its sections, and where it is found."""

from config.file import Config, ConfigError, config_path, load_config, parse_config
from config.sections import (
    AlertsConfig,
    CrawlConfig,
    DedupeConfig,
    HealthConfig,
    SchedulerConfig,
    WebConfig,
)

__all__ = [
    "AlertsConfig",
    "Config",
    "ConfigError",
    "CrawlConfig",
    "DedupeConfig",
    "HealthConfig",
    "SchedulerConfig",
    "WebConfig",
    "config_path",
    "load_config",
    "parse_config",
]
