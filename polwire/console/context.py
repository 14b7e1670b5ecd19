"""What every command shares: the config file, the database URL and POLWIRE_HOME, resolved once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from polwire.config import Config, load_config

if TYPE_CHECKING:
    from crawler.sources.registry import Registry


@dataclass
class AppContext:
    config_path: str | None = None
    database_url_flag: str | None = None
    debug: bool = False
    _config: Config | None = None
    _database_url: str | None = None
    _migrated: bool = False
    _extra: dict[str, Any] = field(default_factory=dict)

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    @property
    def home(self) -> Path:
        from crawler.archive import polwire_home

        return polwire_home(None, self.config)

    def registry(self) -> Registry:
        from crawler.sources.registry import load_registry

        return load_registry(self.config)

    def database_url(self) -> str:
        if self._database_url is None:
            from polwire.storage.database_url import resolve_database_url

            self._database_url = resolve_database_url(
                self.database_url_flag, self.config.database_url, self.home
            )
        return self._database_url

    def connect(self) -> Any:
        """A connection to an up-to-date schema (every command applies pending migrations)."""
        from polwire.storage.connection import connect
        from polwire.storage.migrate import upgrade

        conn = connect(self.database_url())
        if not self._migrated:
            upgrade(conn)
            conn.commit()
            self._migrated = True
        return conn
