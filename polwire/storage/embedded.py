"""An embedded PostgreSQL under POLWIRE_HOME, so a new user needs no server to try polwire:
started on demand, and seen, reached and stopped by `polwire db status|shell|stop`."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from polwire.storage.errors import DatabaseUnavailable

logger = logging.getLogger(__name__)

EMBEDDED_DBNAME = "polwire"
# pgserver runs the server as this system user when started by root (it creates the user:
# PostgreSQL refuses to run as root).
ROOT_SYSTEM_USER = "pgserver"


def default_home() -> Path:
    env = os.environ.get("POLWIRE_HOME")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".local" / "share" / "polwire"


def data_directory(home: Path | None = None) -> Path:
    return (home or default_home()) / "pgdata"


def _pgserver(module: str = "pgserver") -> ModuleType:
    import importlib

    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (root shells, cron): harmless.
            warnings.simplefilter("ignore")
            return importlib.import_module(module)
    except ImportError as exc:  # pragma: no cover - pgserver is a hard dependency
        raise DatabaseUnavailable(
            "no DATABASE_URL and the embedded server is unavailable: pip install pgserver"
        ) from exc


def start_server(data_dir: Path, *, stop_at_exit: bool = False) -> Any:
    """Start (or join) the server of ``data_dir``; with ``stop_at_exit`` it stops when the last
    process that joined it this way exits (the test suite), else it is left running."""
    data_dir.mkdir(parents=True, exist_ok=True)
    pgserver = _pgserver()
    if not logger.isEnabledFor(logging.DEBUG):
        # pgserver logs each pg_ctl command line and every process's exit at INFO: noise in
        # the scheduler's INFO log; --debug shows them.
        logging.getLogger("pgserver").setLevel(logging.WARNING)
    try:
        return pgserver.get_server(data_dir, cleanup_mode="stop" if stop_at_exit else None)
    except Exception as exc:  # pgserver raises plain exceptions from pg_ctl/initdb
        raise DatabaseUnavailable(
            f"could not start the embedded PostgreSQL in {data_dir}: {exc}".splitlines()[0]
            + " (set DATABASE_URL to use your own server)"
        ) from exc


def embedded_database_url(home: Path | None = None) -> str:
    """Start (or reuse) the server in ``home/pgdata`` and return a URL for its polwire database.

    The server is left running when this process exits, like any local
    PostgreSQL, so the next command (or a crawl subprocess) reuses it at once.
    """
    data_dir = data_directory(home)
    server = start_server(data_dir)
    try:
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{EMBEDDED_DBNAME}';")
        if "1 row" not in exists:
            server.psql(f"CREATE DATABASE {EMBEDDED_DBNAME};")
    except Exception as exc:
        raise DatabaseUnavailable(
            f"the embedded PostgreSQL in {data_dir} did not answer: {exc}".splitlines()[0]
        ) from exc
    url = str(server.get_uri(EMBEDDED_DBNAME))
    logger.debug("embedded PostgreSQL at %s", data_dir)
    return url


@dataclass(frozen=True, slots=True)
class EmbeddedState:
    """What the data directory says of its server, found without starting it."""

    data_directory: Path
    initialized: bool  # initdb has run (PG_VERSION exists)
    running: bool
    pid: int | None
    socket_directory: Path | None
    major_version: str | None  # from PG_VERSION
    size_bytes: int  # the whole data directory on disk


def embedded_state(home: Path | None = None) -> EmbeddedState:
    data_dir = data_directory(home)
    version_file = data_dir / "PG_VERSION"
    initialized = version_file.is_file()
    info = _pgserver("pgserver.utils").PostmasterInfo.read_from_pgdata(data_dir)
    running = info is not None and info.is_running()
    return EmbeddedState(
        data_directory=data_dir,
        initialized=initialized,
        running=running,
        pid=info.pid if running else None,
        socket_directory=info.socket_dir if running else None,
        major_version=version_file.read_text().strip() if initialized else None,
        size_bytes=directory_size(data_dir),
    )


def directory_size(path: Path) -> int:
    """Bytes of the files under ``path`` (0 when it does not exist)."""
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += (Path(root) / name).lstat().st_size
            except OSError:  # a WAL segment or temp file removed while we walked
                continue
    return total


def stop_embedded(home: Path | None = None) -> bool:
    """Stop the server of ``home/pgdata`` (fast shutdown: sessions are closed, nothing is lost);
    False when it was not running."""
    state = embedded_state(home)
    if not state.running:
        return False
    commands = _pgserver("pgserver._commands")
    user = None
    if os.geteuid() == 0:
        user = ROOT_SYSTEM_USER
        # As when it started: its user must reach the data directory (something may have
        # closed a parent since, as pytest does to its temporary root at each session).
        _pgserver("pgserver.utils").ensure_prefix_permissions(state.data_directory)
    try:
        commands.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=state.data_directory, user=user)
    except subprocess.CalledProcessError as exc:
        raise DatabaseUnavailable(
            f"could not stop the embedded PostgreSQL in {state.data_directory}: pg_ctl exited "
            f"{exc.returncode} (see {state.data_directory / 'log'})"
        ) from exc
    return True


def psql_executable(*, prefer_bundled: bool = False) -> Path:
    """psql from PATH, else the one bundled with the embedded server (first with
    ``prefer_bundled``: its version matches the embedded server's)."""
    bundled: Path = _pgserver("pgserver._commands").POSTGRES_BIN_PATH / "psql"
    on_path = shutil.which("psql")
    if on_path and not (prefer_bundled and bundled.is_file()):
        return Path(on_path)
    return bundled
