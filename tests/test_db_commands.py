"""`polwire db url|shell|status|stop` on a real embedded server (POLWIRE_HOME in a temporary
directory, no DATABASE_URL) and on the external server the suite runs on."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from polwire.storage.connection import redact
from polwire.storage.embedded import directory_size, embedded_state, stop_embedded

# Settings that would point polwire at another database, or at a config file naming one.
_CHOOSERS = ("DATABASE_URL", "POLWIRE_CONFIG", "POLWIRE_HOME")


def polwire_in(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`polwire ARGS` as a new user runs it: no DATABASE_URL, no config file, ``home`` as
    POLWIRE_HOME (``env`` adds or overrides variables)."""
    base = {k: v for k, v in os.environ.items() if k not in _CHOOSERS}
    return subprocess.run(
        [sys.executable, "-m", "polwire.console", *args],
        capture_output=True,
        text=True,
        env={**base, "POLWIRE_HOME": str(home), **env},
        cwd=home,  # no ./polwire.toml here
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def embedded_home() -> Iterator[Path]:
    """A POLWIRE_HOME whose embedded server the tests of this module start and stop; it is
    stopped and removed at the end whatever happened.

    Not under pytest's temporary root: run as root, the server runs as the `pgserver` user,
    which must traverse the parents of its data directory, and every pytest session (another
    one on this machine, too) closes /tmp/pytest-of-root to others again."""
    home = Path(tempfile.mkdtemp(prefix="polwire-db-test-")) / "home"
    home.mkdir()
    yield home
    stop_embedded(home)
    shutil.rmtree(home.parent, ignore_errors=True)


def test_db_url_starts_the_embedded_server_and_prints_a_url_of_its_polwire_database(
    embedded_home: Path,
) -> None:
    result = polwire_in(embedded_home, "db", "url")
    assert result.returncode == 0, result.stderr
    url = result.stdout.strip()
    assert result.stdout.count("\n") == 1
    params = conninfo_to_dict(url)
    assert params["dbname"] == "polwire"
    assert params["host"] == str(embedded_state(embedded_home).socket_directory)
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT current_database()").fetchone() == ("polwire",)
    again = polwire_in(embedded_home, "db", "url")
    assert again.stdout.strip() == url  # the running server is reused, not started twice


def test_db_shell_passes_its_arguments_to_psql(embedded_home: Path) -> None:
    result = polwire_in(embedded_home, "db", "shell", "-At", "-c", "select 6 * 7")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "42\n"
    failed = polwire_in(embedded_home, "db", "shell", "-v", "ON_ERROR_STOP=1", "-c", "select x")
    assert failed.returncode != 0  # psql's own exit status
    assert 'column "x" does not exist' in failed.stderr


def test_db_shell_uses_the_bundled_psql_when_none_is_on_path(embedded_home: Path) -> None:
    result = polwire_in(
        embedded_home,
        "db",
        "shell",
        "-At",
        "-c",
        "select current_setting('server_version_num')::int / 10000",
        PATH=str(embedded_home),  # nothing there: no psql, no other program
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "16\n"


def test_db_status_says_which_server_where_its_data_lives_and_its_size(
    embedded_home: Path,
) -> None:
    assert polwire_in(embedded_home, "db", "url").returncode == 0
    result = polwire_in(embedded_home, "db", "status", "--format", "json")
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    pgdata = embedded_home / "pgdata"
    assert status["server"] == "embedded"
    assert status["running"] is True
    assert status["initialized"] is True
    assert status["version"].startswith("16.")
    assert status["database"] == "polwire"
    assert status["data_directory"] == str(pgdata)
    assert status["pid"] == embedded_state(embedded_home).pid
    assert status["system_user"] == ("pgserver" if os.geteuid() == 0 else None)
    # The whole data directory, measured as the command ran (WAL may have grown since).
    assert 20 * 2**20 < status["data_size_bytes"] <= directory_size(pgdata) + 2**20
    assert 2**20 < status["database_size_bytes"] < status["data_size_bytes"]
    table = polwire_in(embedded_home, "db", "status")
    assert table.returncode == 0, table.stderr
    assert "server:         embedded" in table.stdout
    assert f"data directory: {pgdata}" in table.stdout


def test_db_stop_stops_the_embedded_server_and_the_next_command_starts_it(
    embedded_home: Path,
) -> None:
    assert polwire_in(embedded_home, "db", "url").returncode == 0
    pgdata = embedded_home / "pgdata"
    stopped = polwire_in(embedded_home, "db", "stop")
    assert stopped.returncode == 0, stopped.stderr
    assert stopped.stdout == f"stopped the embedded PostgreSQL in {pgdata}\n"
    assert embedded_state(embedded_home).running is False
    status = json.loads(polwire_in(embedded_home, "db", "status", "--format", "json").stdout)
    assert (status["running"], status["version"], status["url"]) == (False, "16", None)
    twice = polwire_in(embedded_home, "db", "stop")
    assert twice.returncode == 0
    assert twice.stdout == f"the embedded PostgreSQL in {pgdata} is not running\n"
    assert polwire_in(embedded_home, "db", "url").returncode == 0
    assert embedded_state(embedded_home).running is True


def test_db_status_of_a_home_never_used_starts_nothing(tmp_path: Path) -> None:
    result = polwire_in(tmp_path, "db", "status", "--format", "json")
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert (status["server"], status["initialized"], status["running"]) == (
        "embedded",
        False,
        False,
    )
    assert status["data_size_bytes"] == 0
    assert not (tmp_path / "pgdata" / "PG_VERSION").exists()


# --- an external server: DATABASE_URL ---------------------------------------------------------


def test_db_url_and_status_of_the_external_server(db_url: str, tmp_path: Path) -> None:
    url = polwire_in(tmp_path, "db", "url", DATABASE_URL=db_url)
    assert url.returncode == 0, url.stderr
    assert url.stdout == db_url + "\n"
    result = polwire_in(tmp_path, "db", "status", "--format", "json", DATABASE_URL=db_url)
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    with psycopg.connect(db_url) as conn:
        version, size = conn.execute(
            "SELECT current_setting('server_version'), pg_database_size(current_database())"
        ).fetchone()
    assert status["server"] == "external"
    assert status["version"] == version
    assert status["database"] == conninfo_to_dict(db_url)["dbname"]
    assert abs(status["database_size_bytes"] - size) < 2**20
    assert "data_size_bytes" not in status  # not ours to measure
    assert not (tmp_path / "pgdata").exists()  # no embedded server was started


def test_db_shell_on_the_external_server(db_url: str, tmp_path: Path) -> None:
    result = polwire_in(
        tmp_path, "db", "shell", "-At", "-c", "select current_database()", DATABASE_URL=db_url
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == conninfo_to_dict(db_url)["dbname"] + "\n"


def test_db_stop_refuses_an_external_server(db_url: str, tmp_path: Path) -> None:
    result = polwire_in(tmp_path, "db", "stop", DATABASE_URL=db_url)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "stops only the embedded server" in result.stderr
    with psycopg.connect(db_url) as conn:  # still there
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_db_status_of_an_unreachable_server_is_one_line_without_the_password(
    tmp_path: Path,
) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"postgresql://archivist:hunter2secret@127.0.0.1:{port}/newsdb"
    result = polwire_in(tmp_path, "db", "status", DATABASE_URL=url)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert f"127.0.0.1:{port}/newsdb" in result.stderr
    assert "hunter2secret" not in result.stderr + result.stdout


def test_the_external_url_shown_by_status_hides_its_password(db_url: str, tmp_path: Path) -> None:
    with_password = make_conninfo(db_url, password="not-for-display")
    result = polwire_in(tmp_path, "db", "status", "--format", "json", DATABASE_URL=with_password)
    assert result.returncode == 0, result.stderr  # trust auth: the password is not checked
    shown = json.loads(result.stdout)["url"]
    assert conninfo_to_dict(shown) == {**conninfo_to_dict(db_url), "password": "***"}
    assert "not-for-display" not in result.stdout


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "postgresql://archivist:s3cret@db.example.org:5433/news",
            "postgresql://archivist:***@db.example.org:5433/news",
        ),
        ("postgresql://:s3cret@db.example.org/news", "postgresql://:***@db.example.org/news"),
        (
            "postgresql://archivist@db.example.org/news",
            "postgresql://archivist@db.example.org/news",
        ),
        ("postgresql:///news?host=/run/postgresql", "postgresql:///news?host=/run/postgresql"),
        ("host=db password=s3cret dbname=news", "host=db password=*** dbname=news"),
    ],
)
def test_redact_hides_only_the_password(url: str, shown: str) -> None:
    assert conninfo_to_dict(redact(url)) == conninfo_to_dict(shown)
    assert "s3cret" not in redact(url)
