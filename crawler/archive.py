"""The crawl's view of the archive: which database, and which listed URLs are already stored."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from polwire.config import Config, load_config
from polwire.storage.database_url import resolve_database_url
from polwire.storage.embedded import default_home
from polwire.storage.errors import StorageError

if TYPE_CHECKING:
    # Types only: `polwire` commands call polwire_home() without loading Scrapy (a second
    # of start-up on a busy machine) or psycopg (storage.connection is imported on use).
    import psycopg
    from scrapy.settings import BaseSettings

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


def database_url(settings: BaseSettings) -> str:
    config = loaded_config(settings)
    return resolve_database_url(
        settings.get("POLWIRE_DATABASE_URL"), config.database_url, polwire_home(settings, config)
    )


class SeenUrls:
    """Answers "is this URL stored, and when was it last seen?" in batches, before requests.

    When the database is unreachable every URL counts as new: the crawl goes
    on (its items are spooled) rather than skipping pages it cannot check.
    """

    def __init__(self, url: str | None) -> None:
        self._url = url
        self._conn: psycopg.Connection[tuple[object, ...]] | None = None
        self.available = url is not None

    def lookup(self, urls: Iterable[str]) -> dict[str, datetime]:
        if not self.available or self._url is None:
            return {}
        from crawler.urls import url_key
        from polwire.storage.articles import known_urls
        from polwire.storage.connection import connect

        try:
            if self._conn is None:
                self._conn = connect(self._url, autocommit=True)
            wanted = list(urls)
            return known_urls(self._conn, wanted, {url: url_key(url) for url in wanted})
        except StorageError as exc:
            logger.warning("incremental check unavailable, fetching everything: %s", exc)
        except Exception as exc:  # a connection lost mid-crawl: psycopg.OperationalError
            logger.warning("incremental check failed, fetching everything: %s", exc)
        self.available = False
        self.close()
        return {}

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None
