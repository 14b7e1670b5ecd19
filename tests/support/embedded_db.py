"""The embedded PostgreSQL the suite uses when DATABASE_URL is unset: one data directory per
user under the temporary directory (kept, so a second run skips initdb), started once per
session and stopped when the last test process that joined it exits."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from polwire.storage.embedded import start_server

PGDATA_ENV = "POLWIRE_TEST_PGDATA"


def session_data_directory() -> Path:
    value = os.environ.get(PGDATA_ENV)
    if value:
        return Path(value).expanduser()
    return Path(tempfile.gettempdir()) / f"polwire-tests-{os.getuid()}" / "pgdata"


def session_server_url() -> str:
    """The admin URL (database ``postgres``) of the suite's embedded server."""
    server = start_server(session_data_directory(), stop_at_exit=True)
    return str(server.get_uri("postgres"))
