"""Loads polwire.toml once per crawl and hands it to the components through the settings, and
gives the crawl its one database session (polwire.storage.session)."""

from __future__ import annotations

from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings

from crawler.archive import LOADED_CONFIG, crawl_session, polwire_home
from polwire.config import Config, load_config
from polwire.storage.session import CrawlSession


class ConfigAddon:
    """A Scrapy add-on (``ADDONS`` in crawler/settings.py): it runs once, before any component
    is built, so every component reads ``crawler.settings`` and none re-reads the file.

    Sets ``POLWIRE_LOADED_CONFIG`` (the parsed `config.Config`), ``POLWIRE_HOME`` (resolved:
    the setting, $POLWIRE_HOME, the config file, the default) and the Scrapy settings that
    the ``[crawl]`` table configures, below any ``-s`` given on the command line.

    Attaches the crawl's `CrawlSession` to the crawler (``session_of(crawler)`` from any
    component or spider) and closes it when the engine stops, after every component's last
    write.
    """

    def __init__(self, crawler: Crawler | None = None) -> None:
        self.crawler = crawler
        self.session: CrawlSession | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConfigAddon:
        addon = cls(crawler)
        crawler.signals.connect(addon.engine_stopped, signal=signals.engine_stopped)
        return addon

    def engine_stopped(self, **kwargs: Any) -> None:
        if self.session is not None:
            self.session.close()

    def update_settings(self, settings: BaseSettings) -> None:
        config = settings.get(LOADED_CONFIG)
        if not isinstance(config, Config):
            config = load_config(settings.get("POLWIRE_CONFIG"))
            settings.set(LOADED_CONFIG, config, priority="cmdline")
        settings.set("POLWIRE_HOME", str(polwire_home(settings, config)), priority="cmdline")
        if self.crawler is not None:
            self.session = crawl_session(self.crawler)
        crawl = config.crawl
        agent = crawl.user_agent or f"polwire/0.1 (+{crawl.contact_url}; politics news archiver)"
        for key, value in (
            ("USER_AGENT", agent),
            ("POLWIRE_CONTACT_URL", crawl.contact_url),
            ("CONCURRENT_REQUESTS_PER_DOMAIN", crawl.concurrency_per_domain),
            ("DOWNLOAD_TIMEOUT", crawl.download_timeout_seconds),
            ("DOWNLOAD_MAXSIZE", crawl.max_page_bytes),
            ("POLWIRE_MIN_BODY_WORDS", crawl.min_body_words),
            ("POLWIRE_WARC_DIR", crawl.warc_dir),
            ("POLWIRE_ALLOW_PRIVATE_NETWORKS", crawl.allow_private_networks),
            ("POLWIRE_SOURCE_GROUPS", _source_groups(config)),
        ):
            settings.set(key, value, priority="project")
        _restore_optional_components(settings)


def _source_groups(config: Config) -> dict[str, str]:
    """Each source of an outlet group (one report in several languages) and its group, for
    the store to link editions."""
    from crawler.sources.registry import load_registry

    return {source.name: source.group for source in load_registry(config).values() if source.group}


def _restore_optional_components(settings: BaseSettings) -> None:
    """Put back a Scrapy component crawler/settings.py leaves out when its setting is on, at
    Scrapy's own order."""
    from scrapy.settings import default_settings

    from crawler.settings import optional_components

    for path, (kind, switch) in optional_components.items():
        if settings.getbool(switch):
            # By its import path: loading the class here, before Scrapy installs its asyncio
            # reactor, would install Twisted's default one (the cookies module does).
            components = settings.getdict(kind)
            components.setdefault(path, getattr(default_settings, f"{kind}_BASE")[path])
            settings.set(kind, components, priority=settings.getpriority(kind) or "project")
