"""A news source as data: where to discover its articles, how to read them, when to crawl."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Any

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(slots=True, frozen=True, kw_only=True)
class Source:
    """One outlet (or one section of an outlet) that polwire crawls.

    ``name`` is the snake_case key used everywhere: registry key, spider name,
    mirror folder, scheduler job id and the ``source`` column.
    """

    name: str
    title: str = ""  # human name, e.g. "Japan Today"
    home: str = ""  # home page URL
    country: str = ""  # ISO 3166-1 alpha-2, upper case
    language: str = "en"  # ISO 639-1
    timezone: str = "UTC"  # IANA zone; naive dates on the site are read in it
    feeds: tuple[str, ...] = ()  # RSS / Atom
    sitemaps: tuple[str, ...] = ()  # sitemap index, urlset or Google News sitemap
    start_urls: tuple[str, ...] = ()  # section pages whose links lead to articles
    # Regexes (searched in the absolute URL) that article URLs match; links on
    # start pages and sitemap entries that match none are not followed. Empty:
    # every same-site link from a start page is a candidate.
    article_patterns: tuple[str, ...] = ()
    # Regexes for pagination links to follow from start pages, and how deep.
    pagination_patterns: tuple[str, ...] = ()
    max_pages: int = 3
    # Politics scope: when politics_filter is on, an article is kept if its URL
    # matches one of politics_patterns, or its section is one of
    # politics_sections, or (as a last resort) its text has politics keywords.
    politics_filter: bool = False
    politics_patterns: tuple[str, ...] = ()
    politics_sections: tuple[str, ...] = ()
    # Feeds (among ``feeds``) that carry only politics: everything they list is kept
    # with reason "feed" (NHK's 政治 feed, Yonhap's North Korea feed, ...).
    politics_feeds: tuple[str, ...] = ()
    # Per-site page object, "module:Class", used before the generic layers.
    page: str | None = None
    cron: str | None = None  # 5-field crontab; None means [scheduler] default_cron
    every_seconds: int | None = None  # an interval instead of cron
    watch_cron: str | None = None  # when `polwire watch` runs; None: daily, off the crawl's hour
    enabled: bool = True
    builtin: bool = False
    notes: str = ""  # paywall, robots, what to verify on the first live run
    # Outlets that publish one report in several languages share a group (yonhap, nhk, ...):
    # their articles are linked as editions of each other (storage.editions).
    group: str = ""
    # Source-specific data. ``extra.api`` (a table, see ApiListing) is a JSON list
    # endpoint the spider reads as one more discovery route.
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def api(self) -> ApiListing | None:
        """The ``extra.api`` JSON list endpoint, if the source declares one (ValueError if bad)."""
        raw = self.extra.get("api")
        return None if raw is None else ApiListing.from_mapping(raw)

    @property
    def discovery(self) -> list[str]:
        """The discovery routes, for listings: ``feed``, ``sitemap``, ``start``, ``api``."""
        kinds = []
        if self.feeds:
            kinds.append("feed")
        if self.sitemaps:
            kinds.append("sitemap")
        if self.start_urls:
            kinds.append("start")
        if "api" in self.extra:
            kinds.append("api")
        return kinds

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = list(value) if isinstance(value, tuple) else value
        out["discovery"] = self.discovery
        return out


@dataclass(slots=True, frozen=True, kw_only=True)
class ApiListing:
    """A JSON endpoint that lists articles, for sites whose feeds are gone (NHK World).

    ``items_path`` is the dotted path to the list in the document (``data``,
    ``result.items``); each item's ``url_field`` holds the article URL (relative
    ones are read against ``url_base``, else the endpoint), and ``date_field``,
    when set, the time it changed (epoch seconds or milliseconds, or ISO 8601).
    """

    url: str
    items_path: str = ""
    url_field: str = "url"
    date_field: str | None = None
    url_base: str | None = None

    @classmethod
    def from_mapping(cls, raw: object) -> ApiListing:
        if not isinstance(raw, dict):
            raise ValueError("extra.api must be a table with at least url")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise ValueError(f"extra.api: unknown key {unknown[0]!r} (known: {sorted(known)})")
        if not isinstance(raw.get("url"), str):
            raise ValueError("extra.api: url is required and must be a string")
        for key, value in raw.items():
            if value is not None and not isinstance(value, str):
                raise ValueError(f"extra.api: {key} must be a string")
        return cls(**raw)
