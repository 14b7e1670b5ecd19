"""The keys of a [[sources]] table, their defaults and allowed values (crawler.sources.Source is
built from them; tests/test_registry.py keeps the two in step)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from polwire.config.schema import SECONDS_MAX, rule, setting

_PATTERNS = "Regexes searched in the absolute URL"


@dataclass(slots=True, frozen=True, kw_only=True)
class SourceTable:
    """One [[sources]] table: a new source, or an override of a built-in one of the same name."""

    name: str = setting(
        "",
        help="The snake_case key: registry, spider, scheduler job id, the source column.",
        kind="pattern",
        pattern=r"[a-z][a-z0-9_]*",
        pattern_help="snake_case (a-z, 0-9, _), starting with a letter",
    )
    title: str = setting("", help="Human name, e.g. Japan Today.")
    home: str = setting("", help="Home page URL.")
    country: str = setting(
        "",
        help="ISO 3166-1 alpha-2 country code, upper case.",
        kind="pattern",
        pattern=r"([A-Z]{2})?",
        pattern_help='two upper-case letters (ISO 3166-1), e.g. "JP"',
    )
    language: str = setting(
        "en",
        help="ISO 639-1 language of the pages.",
        kind="pattern",
        pattern=r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*",
        pattern_help='an ISO 639 language code, e.g. "en", "ja", "zh-Hant"',
    )
    timezone: str = setting(
        "UTC", help="Dates printed without an offset are read in this zone.", kind="timezone"
    )
    feeds: tuple[str, ...] = setting((), help="RSS or Atom feeds.")
    sitemaps: tuple[str, ...] = setting((), help="Sitemap index, urlset or Google News sitemap.")
    start_urls: tuple[str, ...] = setting((), help="Section pages whose links lead to articles.")
    article_patterns: tuple[str, ...] = setting((), help=f"{_PATTERNS} that article URLs match.")
    pagination_patterns: tuple[str, ...] = setting(
        (), help=f"{_PATTERNS} of pagination links to follow from start pages."
    )
    max_pages: int = setting(
        3, help="How many pages deep pagination is followed.", minimum=0, maximum=1000
    )
    politics_filter: bool = setting(False, help="Keep only politics articles.")
    politics_patterns: tuple[str, ...] = setting(
        (), help=f"{_PATTERNS}: an article matching one is politics."
    )
    politics_sections: tuple[str, ...] = setting((), help="Sections whose articles are politics.")
    politics_feeds: tuple[str, ...] = setting(
        (), help="Feeds (among feeds) that carry only politics."
    )
    page: str | None = setting(
        None,
        help='A per-site page object, "module:Class", tried before the generic layers.',
        kind="pattern",
        pattern=r"[A-Za-z_][\w.]*:[A-Za-z_]\w*",
        pattern_help='"module:Class", e.g. "crawler.sites.kyodo:KyodoPage"',
    )
    cron: str | None = setting(
        None, help="When it is crawled; unset: [scheduler] default_cron.", kind="cron"
    )
    every_seconds: int | None = setting(
        None, help="Crawl at this interval instead of a cron.", minimum=1, maximum=SECONDS_MAX
    )
    watch_cron: str | None = setting(
        None,
        help="When `polwire watch` revisits the source's articles; unset: daily, 12 hours "
        "off the crawl's hour.",
        kind="cron",
    )
    enabled: bool = setting(True, help="A disabled source is not scheduled.")
    notes: str = setting("", help="Free text: paywall, robots, what to check.")
    group: str = setting(
        "",
        help="Outlets that publish one report in several languages share a group: their "
        "articles are linked as editions of each other.",
        kind="pattern",
        pattern=r"(?:[a-z][a-z0-9_]*)?",
        pattern_help="empty, or snake_case (a-z, 0-9, _) starting with a letter",
    )
    extra: dict[str, Any] = field(
        default_factory=dict,
        metadata=rule(help="Source-specific data, e.g. extra.api (a JSON list endpoint)."),
    )
