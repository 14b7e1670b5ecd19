"""The source registry: built-in sources (builtin.toml) plus [[sources]] from the config."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import fields, replace
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from crawler.sources.model import NAME_PATTERN, Source
from polwire.config import Config, ConfigError
from polwire.config.schema import allowed_of, key_problem
from polwire.config.source_table import SourceTable

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
    "group": str,
    "extra": dict,
}

# The allowed values of each key (polwire/config/source_table.py), checked as they are read.
_RULES = {f.name: allowed_of(f) for f in fields(SourceTable)}


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


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

    def for_url(self, url: str) -> Source | None:
        """The source whose site a URL is on: its host, or a subdomain of it, is the host of the
        source's home, feeds, sitemaps or start pages (the longest such host wins; between
        sources of one host, one with its own page object)."""
        host = _host(url)
        if not host:
            return None
        best: tuple[int, bool, str] | None = None
        for source in self._sources.values():
            for site in {
                _host(u) for u in (source.home, *source.feeds, *source.sitemaps, *source.start_urls)
            }:
                if site and (host == site or host.endswith("." + site)):
                    rank = (len(site), source.page is not None, source.name)
                    best = rank if best is None or rank > best else best
        return self._sources[best[2]] if best else None

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
    for key, value in raw.items():
        problem = key_problem(f"{where}:", key, value, _RULES[key]) if key in _RULES else None
        if problem:
            raise ConfigError(problem)
    source = replace(base, **values) if base else Source(builtin=builtin, **values)
    _validate(source, where)
    return source


def _validate(source: Source, where: str) -> None:
    if not NAME_PATTERN.match(source.name):
        raise ConfigError(
            f"{where}: name {source.name!r} must be snake_case (a-z, 0-9, _), from a letter"
        )
    # Each key given was checked against its rule; these hold for the source as merged.
    for key in ("timezone", "cron", "every_seconds"):
        problem = key_problem(f"{where}:", key, getattr(source, key), _RULES[key])
        if problem:
            raise ConfigError(problem)
    if source.cron and source.every_seconds:
        raise ConfigError(f"{where}: set cron or every_seconds, not both")
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
