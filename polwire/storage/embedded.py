"""An embedded PostgreSQL under POLWIRE_HOME, so a new user needs no server to try polwire."""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path

from polwire.storage.errors import DatabaseUnavailable

logger = logging.getLogger(__name__)

EMBEDDED_DBNAME = "polwire"


def default_home() -> Path:
    env = os.environ.get("POLWIRE_HOME")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".local" / "share" / "polwire"


def embedded_database_url(home: Path | None = None) -> str:
    """Start (or reuse) the server in ``home/pgdata`` and return a URL for its polwire database.

    The server is left running when this process exits, like any local
    PostgreSQL, so the next command (or a crawl subprocess) reuses it at once.
    """
    data_dir = (home or default_home()) / "pgdata"
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (root shells, cron): harmless.
            warnings.simplefilter("ignore")
            import pgserver
    except ImportError as exc:  # pragma: no cover - pgserver is a hard dependency
        raise DatabaseUnavailable(
            "no DATABASE_URL and the embedded server is unavailable: pip install pgserver"
        ) from exc
    try:
        server = pgserver.get_server(data_dir, cleanup_mode=None)  # type: ignore[attr-defined]
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{EMBEDDED_DBNAME}';")
        if "1 row" not in exists:
            server.psql(f"CREATE DATABASE {EMBEDDED_DBNAME};")
    except Exception as exc:  # pgserver raises plain exceptions from pg_ctl/initdb
        raise DatabaseUnavailable(
            f"could not start the embedded PostgreSQL in {data_dir}: {exc}".splitlines()[0]
            + " (set DATABASE_URL to use your own server)"
        ) from exc
    url = str(server.get_uri(EMBEDDED_DBNAME))
    logger.debug("embedded PostgreSQL at %s", data_dir)
    return url
