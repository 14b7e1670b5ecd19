"""An SQLAlchemy engine on polwire's database, for APScheduler's job store (psycopg 3 driver)."""

from __future__ import annotations

import sqlalchemy
from psycopg.conninfo import conninfo_to_dict
from sqlalchemy.engine import URL, Engine

from polwire.storage.connection import CONNECT_TIMEOUT_SECONDS


def sqlalchemy_url(url: str) -> URL:
    """The ``postgresql+psycopg://`` URL of a libpq URL or ``key=value`` DSN.

    Parameters SQLAlchemy has no field for (sslmode, a socket directory as host,
    several hosts...) travel in the query string, which the driver passes to libpq.
    """
    params = {k: str(v) for k, v in conninfo_to_dict(url).items() if v is not None}
    host = params.pop("host", None)
    port = params.pop("port", None)
    if host and (host.startswith("/") or "," in host):
        params["host"] = host
        if port:
            params["port"] = port
        host = port = None
    return URL.create(
        "postgresql+psycopg",
        username=params.pop("user", None),
        password=params.pop("password", None),
        host=host,
        port=int(port) if port else None,
        database=params.pop("dbname", None),
        query=params,
    )


def create_engine(url: str, *, application_name: str = "polwire-scheduler") -> Engine:
    """A small pool that checks connections before use, so the store survives a restart."""
    return sqlalchemy.create_engine(
        sqlalchemy_url(url),
        pool_pre_ping=True,
        pool_size=2,
        max_overflow=2,
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT_SECONDS,
            "application_name": application_name,
        },
    )
