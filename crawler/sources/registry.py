"""The source registry: built-in sources (builtin.toml) plus [[sources]] from the config."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import fields, replace
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crawler.sources.model import NAME_PATTERN, Source
from polwire.config import Config, ConfigError

_TUPLE_FIELDS = {f.name for f in fields(Source) if str(f.type).startswith("tuple")}
_FIELD_TYPES: dict[str, type] = {
    "name": str,
    "title": str,
    "home": str,
    "country": str,
    "language": str,
    "timezone": str,
    "max_pages": int,
    "politics_filter": bool,
    "page": str,
    "cron": str,
    "every_seconds": int,
    "watch_cron": str,
    "enabled": bool,
    "notes": str,
    "extra": dict,
}


class UnknownSource(LookupError):
    """No source by that name; the message lists the known ones."""


class Registry(Mapping[str, Source]):
    def __init__(self, sources: dict[str, Source]) -> None:
        self._sources = dict(sorted(sources.items()))

    def __getitem__(self, name: str) -> Source:
        try:
            return self._sources[name]
        except KeyError:
            raise UnknownSource(self._unknown_message(name)) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def enabled(self) -> list[Source]:
        return [s for s in self._sources.values() if s.enabled]

    def _unknown_message(self, name: str) -> str:
        close = difflib.get_close_matches(name, list(self._sources), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        known = ", ".join(self._sources) or "none (add [[sources]] to polwire.toml)"
        return f"unknown source {name!r}{hint}. Known sources: {known}"


def source_from_mapping(
    raw: Mapping[str, Any], *, where: str, base: Source | None = None, builtin: bool = False
) -> Source:
    """Build (or override ``base`` with) a Source from a TOML table, naming any bad key."""
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key in ("builtin", "discovery"):
            raise ConfigError(f"{where}: {key!r} cannot be set")
        if key in _TUPLE_FIELDS:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: {key} must be a list of strings")
            values[key] = tuple(value)
        elif key in _FIELD_TYPES:
            expected = _FIELD_TYPES[key]
            if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                raise ConfigError(
                    f"{where}: {key} must be {expected.__name__}, not {type(value).__name__}"
                )
            values[key] = value
        else:
            known = sorted(_TUPLE_FIELDS | set(_FIELD_TYPES))
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ConfigError(f"{where}: unknown key {key!r}{hint}")
    source = replace(base, **values) if base else Source(builtin=builtin, **values)
    _validate(source, where)
    return source


def _validate(source: Source, where: str) -> None:
    if not NAME_PATTERN.match(source.name):
        raise ConfigError(
            f"{where}: name {source.name!r} must be snake_case (a-z, 0-9, _), from a letter"
        )
    try:
        ZoneInfo(source.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{where}: timezone {source.timezone!r} is not an IANA zone") from None
    if source.cron and source.every_seconds:
        raise ConfigError(f"{where}: set cron or every_seconds, not both")
    if source.every_seconds is not None and source.every_seconds < 1:
        raise ConfigError(f"{where}: every_seconds must be at least 1")
    if source.cron is not None and len(source.cron.split()) != 5:
        raise ConfigError(f"{where}: cron {source.cron!r} must have 5 fields")
    if source.watch_cron is not None and len(source.watch_cron.split()) != 5:
        raise ConfigError(f"{where}: watch_cron {source.watch_cron!r} must have 5 fields")
    for pattern in (
        *source.article_patterns,
        *source.politics_patterns,
        *source.pagination_patterns,
    ):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"{where}: bad regex {pattern!r}: {exc}") from None
    stray = [url for url in source.politics_feeds if url not in source.feeds]
    if stray:
        raise ConfigError(
            f"{where}: politics_feeds {stray[0]!r} is not one of feeds"
            " (an override that replaces feeds must set politics_feeds too)"
        )
    try:
        api = source.api
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    if source.enabled and not (source.feeds or source.sitemaps or source.start_urls or api):
        raise ConfigError(
            f"{where}: source {source.name!r} needs feeds, sitemaps, start_urls or extra.api"
        )


def load_builtin() -> dict[str, Source]:
    resource = resources.files("crawler.sources") / "builtin.toml"
    if not resource.is_file():
        return {}
    raw = tomllib.loads(resource.read_text(encoding="utf-8"))
    sources: dict[str, Source] = {}
    for i, table in enumerate(raw.get("sources", []), start=1):
        source = source_from_mapping(table, where=f"builtin.toml [[sources]] #{i}", builtin=True)
        if source.name in sources:
            raise ConfigError(f"builtin.toml: source {source.name!r} declared twice")
        sources[source.name] = source
    return sources


def load_registry(config: Config) -> Registry:
    """Built-in sources, then each config [[sources]] table adds a source or overrides one."""
    sources = load_builtin()
    where_file = str(config.path or "config")
    for i, table in enumerate(config.sources, start=1):
        where = f"{where_file}: [[sources]] #{i}"
        name = table.get("name")
        if not isinstance(name, str):
            raise ConfigError(f"{where}: 'name' is required")
        base = sources.get(name)
        sources[name] = source_from_mapping(table, where=f"{where} ({name})", base=base)
    return Registry(sources)
