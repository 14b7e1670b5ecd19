"""Reads and validates polwire.toml (POLWIRE_CONFIG), naming the key at fault in every error."""

from __future__ import annotations

import difflib
import os
import tomllib
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, TypeVar

from polwire.config.schema import section_problems, shown
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

DEFAULT_CONFIG_NAME = "polwire.toml"
_T = TypeVar("_T")


class ConfigError(Exception):
    """The config file is missing, unreadable or has a bad key; the message names it."""


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
    cluster: ClusterConfig = field(default_factory=ClusterConfig)
    watch: WatchConfig = field(default_factory=WatchConfig)
    sources: list[dict[str, Any]] = field(default_factory=list)


# The [tables] of the file: every field of Config made by a section dataclass (config/sections.py).
SECTIONS: dict[str, type] = {
    f.name: f.default_factory  # type: ignore[misc]
    for f in fields(Config)
    if is_dataclass(f.default_factory)
}


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
    known = {"database_url", "home", *SECTIONS, "sources"}
    for key in raw:
        if key not in known:
            raise ConfigError(f"{where}: unknown key {key!r}{_did_you_mean(key, known)}")
    config.database_url = _typed(where, "", "database_url", raw.get("database_url"), str)
    config.home = _typed(where, "", "home", raw.get("home"), str)
    for name, section in SECTIONS.items():
        setattr(config, name, _section(where, name, raw.get(name), section))
    sources = raw.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, dict) for s in sources):
        raise ConfigError(f"{where}: 'sources' must be [[sources]] tables")
    config.sources = sources
    _check_source_names(where, sources)
    return config


def _check_source_names(where: str, sources: list[dict[str, Any]]) -> None:
    """Two [[sources]] tables with one name would silently make the second win."""
    seen: dict[str, int] = {}
    for i, table in enumerate(sources, start=1):
        name = table.get("name")
        if not isinstance(name, str):
            continue  # the registry names the missing or mistyped name
        if name in seen:
            raise ConfigError(
                f'{where}: [[sources]] #{i} name = "{name}": must be unique, '
                f"[[sources]] #{seen[name]} has it already"
            )
        seen[name] = i


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
        values[key] = _typed(where, f"[{name}]", key, value, expected)
    section = cls(**values)
    for problem in section_problems(f"[{name}]", section):
        raise ConfigError(f"{where}: {problem}")
    return section


def _typed(where: str, table: str, key: str, value: Any, expected: type) -> Any:
    if value is None:
        return None
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)  # `similarity = 1` in TOML is an integer
    wrong_bool = expected in (int, float) and isinstance(value, bool)
    wrong_items = expected is list and not all(isinstance(v, str) for v in value or [])
    if wrong_bool or not isinstance(value, expected) or wrong_items:
        named = f"{table} {key}" if table else key
        raise ConfigError(f"{where}: {named} = {shown(value)}: must be {_type_name(expected)}")
    return value


def _type_name(expected: type) -> str:
    return {
        str: "a string",
        int: "an integer",
        float: "a number",
        bool: "true or false",
        list: "a list of strings",
    }.get(expected, expected.__name__)


def _did_you_mean(key: str, known: set[str]) -> str:
    close = difflib.get_close_matches(key, sorted(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(sorted(known))})"


BROKER_URL_ENV = "POLWIRE_BROKER_URL"


def broker_url(config: Config, explicit: str | None = None) -> str | None:
    """The cluster's broker: a flag, then $POLWIRE_BROKER_URL, then [cluster] broker_url;
    None means no cluster (everything runs on this machine)."""
    return explicit or os.environ.get(BROKER_URL_ENV) or config.cluster.broker_url or None
