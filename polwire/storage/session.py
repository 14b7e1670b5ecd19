"""One crawl process's door to PostgreSQL: the database URL resolved once, one connection pool,
whether the database is down, and the run's spool when it is.

Every component of a crawl (the run recorder, the store pipeline, the incremental check, the
spiders, the cluster limits) takes the same session from the Scrapy crawler
(`session_of(crawler)`; crawler.config_addon attaches it), so an outage is noticed once and
handled one way: once PostgreSQL is found unreachable the rest of the run goes to the spool,
in order, and when the spool cannot be written either the run cannot keep what it fetches
(`KeepingImpossible`), which the crawl must stop on and say.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg

from polwire.config import Config
from polwire.storage.connection import connect, describe
from polwire.storage.database_url import resolve_database_url
from polwire.storage.errors import DatabaseUnavailable, StorageError
from polwire.storage.outage import is_outage
from polwire.storage.pool import Pool, borrowed, open_pool
from polwire.storage.spool import SpooledRunInfo, SpoolWriter, spool_root

logger = logging.getLogger(__name__)

Connection = psycopg.Connection[tuple[Any, ...]]

# The attribute of a Scrapy crawler that holds its session.
CRAWLER_ATTRIBUTE = "polwire_session"


class KeepingImpossible(StorageError):
    """PostgreSQL is unreachable and the spool cannot be written: what the run fetches from now
    on would be lost. The message says both causes in one line."""


class CrawlSession:
    """The crawl process's database: one pool opened at first use, one outage state, one spool.

    ``url`` is the database URL or a function that resolves it (called once, at first use:
    resolving may start the embedded server). ``home`` is POLWIRE_HOME, where the spool goes.
    """

    def __init__(
        self,
        *,
        config: Config,
        home: Path,
        url: str | Callable[[], str],
        application_name: str = "polwire-crawl",
        max_connections: int = 4,
    ) -> None:
        self.config = config
        self.home = home
        self._url = url
        self._application_name = application_name
        self._max_connections = max_connections
        self._pool: Pool | None = None
        self.outage: BaseException | None = None  # why PostgreSQL is taken as down, if it is
        self.run_info: SpooledRunInfo | None = None  # the run a spool would belong to
        self.spool: SpoolWriter | None = None
        self.closed = False

    @classmethod
    def for_settings(
        cls, config: Config, home: Path, explicit_url: str | None, **kwargs: Any
    ) -> CrawlSession:
        """A session whose URL is resolved as every command resolves it (flag, DATABASE_URL,
        the config file, the embedded server under ``home``), at first use."""
        return cls(
            config=config,
            home=home,
            url=lambda: resolve_database_url(explicit_url, config.database_url, home),
            **kwargs,
        )

    @property
    def url(self) -> str:
        if callable(self._url):
            self._url = self._url()
        return self._url

    @property
    def down(self) -> bool:
        return self.outage is not None

    @property
    def spooling(self) -> bool:
        return self.spool is not None

    @contextmanager
    def connection(self, *, even_if_down: bool = False) -> Iterator[Connection]:
        """A pooled connection for one unit of work, committed when the block ends without an
        error. Raises :class:`DatabaseUnavailable` at once once the database was found down:
        a run that started spooling spools to its end, so the drain replays it in order.
        ``even_if_down``: try anyway (a last word that has nowhere else to go)."""
        if self.outage is not None and not even_if_down:
            raise DatabaseUnavailable(_first_line(self.outage))
        try:
            pool = self._open_pool()
            with borrowed(pool) as conn:
                yield conn
        except Exception as exc:
            if not is_outage(exc):
                raise
            self.mark_down(exc)
            if isinstance(exc, DatabaseUnavailable):
                raise
            raise DatabaseUnavailable(_first_line(exc)) from exc

    def mark_down(self, cause: BaseException) -> None:
        if self.outage is None:
            self.outage = cause
            logger.debug("PostgreSQL taken as down for the rest of the run: %s", cause)

    def begin_run(
        self,
        *,
        source: str,
        started_at: datetime,
        trigger: str,
        log_path: str | None,
        worker_id: int | None = None,
        dispatch_id: int | None = None,
    ) -> None:
        """Name the run this process records (what a spool directory says it belongs to)."""
        self.run_info = SpooledRunInfo(
            source=source,
            started_at=started_at,
            trigger=trigger,
            hostname=socket.gethostname(),
            pid=os.getpid(),
            log_path=log_path,
            worker_id=worker_id,
            dispatch_id=dispatch_id,
        )

    def run_opened(self, run_id: int | None) -> None:
        """The run's crawl_runs row exists (the spool's run record then points at it)."""
        if self.run_info is not None:
            self.run_info.run_id = run_id

    def spool_for(self, cause: BaseException) -> SpoolWriter:
        """The run's spool, opened at the first outage (``cause``, kept as the session's
        outage); once it is open the rest of the run goes there. Raises
        :class:`KeepingImpossible` when it cannot be written, or when no run was begun."""
        self.mark_down(cause)
        if self.spool is not None:
            return self.spool
        reason = _first_line(cause)
        if self.run_info is None:
            raise KeepingImpossible(f"{reason}, and no run was begun to spool for")
        info = replace(self.run_info, cause=reason)
        try:
            self.spool = SpoolWriter.create(spool_root(self.home), info)
        except OSError as exc:
            raise KeepingImpossible(
                f"{reason}, and the spool under {self.home} cannot be written"
                f" ({exc.strerror or type(exc).__name__})"
            ) from exc
        logger.warning(
            "%s; spooling this crawl to %s (loaded when the database is back)",
            reason,
            self.spool.directory,
        )
        return self.spool

    def close(self) -> None:
        """Close the pool (at the end of the crawl; a closed session opens no new one)."""
        self.closed = True
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()

    def _open_pool(self) -> Pool:
        if self._pool is None:
            if self.closed:
                raise DatabaseUnavailable("the crawl's database session is closed")
            url = self.url
            # One plain connection first: a closed port is said at once, where the pool would
            # retry it for its whole timeout.
            connect(url).close()
            self._pool = open_pool(
                url,
                application_name=self._application_name,
                min_size=1,
                max_size=self._max_connections,
            )
        return self._pool

    def __repr__(self) -> str:
        where = describe(self._url) if isinstance(self._url, str) else "(unresolved)"
        return f"CrawlSession({where}, down={self.down}, spooling={self.spooling})"


def attach_session(crawler: object, session: CrawlSession) -> CrawlSession:
    """Make ``session`` the one ``session_of(crawler)`` returns."""
    setattr(crawler, CRAWLER_ATTRIBUTE, session)
    return session


def session_of(crawler: object) -> CrawlSession:
    """The crawl's session (attached by crawler.config_addon.ConfigAddon, in ADDONS)."""
    session = getattr(crawler, CRAWLER_ATTRIBUTE, None)
    if not isinstance(session, CrawlSession):
        raise LookupError(
            "this crawler has no polwire session: its ADDONS must include polwire's ConfigAddon"
        )
    return session


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
