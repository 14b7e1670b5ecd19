"""The crawl's view of the archive: its config and home, its database session, and which listed
URLs are already stored."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from polwire.config import Config, load_config
from polwire.storage.embedded import default_home
from polwire.storage.errors import StorageError

if TYPE_CHECKING:
    # Types only: `polwire` commands call polwire_home() without loading Scrapy (a second
    # of start-up on a busy machine) or psycopg (storage.session is imported on use).
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

    from polwire.storage.session import CrawlSession

logger = logging.getLogger(__name__)


def polwire_home(settings: BaseSettings | None = None, config: Config | None = None) -> Path:
    """POLWIRE_HOME: the setting, the environment variable, the config file, the default."""
    explicit = settings.get("POLWIRE_HOME") if settings is not None else None
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get("POLWIRE_HOME"):
        return default_home()
    if config is not None and config.home:
        return Path(config.home).expanduser()
    return default_home()


# The parsed polwire.toml, put into a crawl's settings once by crawler.config_addon.
LOADED_CONFIG = "POLWIRE_LOADED_CONFIG"


def loaded_config(settings: BaseSettings) -> Config:
    """The crawl's config; read from the file only where no add-on ran (a bare component)."""
    config = settings.get(LOADED_CONFIG)
    return config if isinstance(config, Config) else load_config(settings.get("POLWIRE_CONFIG"))


def session_for_settings(settings: BaseSettings, config: Config | None = None) -> CrawlSession:
    """A database session for a crawl's settings (the URL resolved at first use)."""
    from polwire.storage.session import CrawlSession

    config = config or loaded_config(settings)
    return CrawlSession.for_settings(
        config, polwire_home(settings, config), settings.get("POLWIRE_DATABASE_URL")
    )


def crawl_session(crawler: Crawler) -> CrawlSession:
    """The crawl's one database session: the one attached to ``crawler``, else one made from
    its settings and attached. For spiders, whose ``from_crawler`` runs before the add-ons
    (crawler.config_addon attaches it for every other component)."""
    from polwire.storage.session import CRAWLER_ATTRIBUTE, CrawlSession, attach_session

    session = getattr(crawler, CRAWLER_ATTRIBUTE, None)
    if isinstance(session, CrawlSession):
        return session
    return attach_session(crawler, session_for_settings(crawler.settings))


class SeenUrls:
    """Answers "is this URL stored, and when was it last seen?" in batches, before requests.

    When the database is unreachable every URL counts as new: the crawl goes
    on (its items are spooled) rather than skipping pages it cannot check.
    """

    def __init__(self, session: CrawlSession | None) -> None:
        self._session = session

    @property
    def available(self) -> bool:
        return self._session is not None and not self._session.down

    def lookup(self, urls: Iterable[str]) -> dict[str, datetime]:
        if self._session is None or self._session.down:
            return {}
        from polwire.core.urls import url_key
        from polwire.storage.articles import known_urls

        try:
            with self._session.connection() as conn:
                wanted = list(urls)
                return known_urls(conn, wanted, {url: url_key(url) for url in wanted})
        except StorageError as exc:
            logger.warning("incremental check unavailable, fetching everything: %s", exc)
        return {}
