"""Shared fixtures: a real PostgreSQL database per test, local HTTP sites, crawl helpers."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from polwire.storage.migrate import upgrade
from tests.support.fixtures import SKIP_REASON, have_fixtures
from tests.support.services import in_ci

_TEMPLATE = f"polwire_tpl_{os.getpid()}"


def pytest_configure(config: pytest.Config) -> None:
    for marker in (
        "rabbitmq: the test's broker is RabbitMQ (skips without it, fails under CI)",
        "private_redis: the test starts a redis-server of its own",
    ):
        config.addinivalue_line("markers", marker)


def pytest_sessionstart(session: pytest.Session) -> None:
    # Under CI a missing fixtures directory is a broken checkout, not a quarter of the suite
    # to skip: stop before collecting anything.
    if in_ci() and not have_fixtures():
        pytest.exit(f"CI=true and {SKIP_REASON}", returncode=1)


def _admin_url() -> str:
    """DATABASE_URL, else the embedded server (as `polwire` itself does), started once per
    session and stopped when the last test process using it ends."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    from tests.support.embedded_db import session_server_url

    try:
        return session_server_url()
    except Exception as exc:  # pgserver raises plain exceptions from initdb and pg_ctl
        cause = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        pytest.fail(
            f"DATABASE_URL is not set and the embedded PostgreSQL did not start: {cause}",
            pytrace=False,
        )


def _with_db(url: str, dbname: str) -> str:
    params = conninfo_to_dict(url)
    params["dbname"] = dbname
    return make_conninfo(**params)


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    url = _admin_url()
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except psycopg.OperationalError as exc:
        pytest.fail(
            f"cannot reach PostgreSQL at DATABASE_URL: {exc}".splitlines()[0], pytrace=False
        )
    return url


@pytest.fixture(scope="session")
def template_db(pg_admin_url: str) -> Iterator[str]:
    """A migrated database that each test's database is cloned from."""
    with psycopg.connect(pg_admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {_TEMPLATE}")
        admin.execute(f"CREATE DATABASE {_TEMPLATE}")
    with psycopg.connect(_with_db(pg_admin_url, _TEMPLATE)) as conn:
        upgrade(conn)
        conn.commit()
    yield _TEMPLATE
    with psycopg.connect(pg_admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {_TEMPLATE} WITH (FORCE)")


@pytest.fixture
def db_url(pg_admin_url: str, template_db: str) -> Iterator[str]:
    """URL of a fresh, migrated database for this test, dropped afterwards."""
    name = f"polwire_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_admin_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {template_db}")
    yield _with_db(pg_admin_url, name)
    with psycopg.connect(pg_admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def db(db_url: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    with psycopg.connect(db_url, autocommit=True) as conn:
        yield conn


@pytest.fixture
def polwire_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    return home
