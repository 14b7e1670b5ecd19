"""The database check a crawl or import process makes first when `polwire crawl`/`import`
start it (`--check-database`): pending migrations applied, and PostgreSQL found unreachable
said once, in one warning line, with the run's own outage lines hushed.

Made here, not in the command's process: that one would load psycopg only for this, and
the crawl process loads it anyway (0.2 CPU-s of a crawl with nothing new)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from scrapy.settings import Settings

from crawler.archive import session_for_settings
from crawler.process import level_after_outage


def check_database(settings: Settings) -> bool:
    """Apply pending migrations; when PostgreSQL is unreachable, say on stderr that the run
    spools, and return False. A migration that fails raises storage.errors.MigrationError."""
    from polwire.storage.connection import connect, describe
    from polwire.storage.errors import DatabaseUnavailable
    from polwire.storage.migrate import upgrade
    from polwire.storage.spool import spool_root

    session = session_for_settings(settings)
    url = session.url
    spool = spool_root(session.home)
    try:
        with connect(url) as conn:
            upgrade(conn)
        return True
    except DatabaseUnavailable as exc:
        if not _writable(spool):
            # Nothing to spool to: the run stops before fetching and says why, in one line.
            return False
        cause = str(exc).split(": ", 1)[-1].split(" (set DATABASE_URL")[0]
        print(
            f"warning: PostgreSQL at {describe(url)} is unreachable ({cause}): spooling "
            f"crawls to {spool}; the scheduler or `polwire db drain-spool` loads them when "
            "it is back",
            file=sys.stderr,
            flush=True,
        )
        return False


def run_log_level(settings: Settings, requested: str, *, check: bool) -> tuple[str, bool]:
    """The run's terminal log level and whether its database was found reachable: with the
    one warning line said, the run's own outage warnings would only repeat it."""
    reachable = check_database(settings) if check else True
    level = requested if reachable else level_after_outage(requested)
    settings.set("LOG_LEVEL", level, priority="cmdline")
    return level, reachable


def _writable(directory: Path) -> bool:
    """Whether ``directory`` exists or can be made, and files can be made in it."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(directory, os.W_OK | os.X_OK)
