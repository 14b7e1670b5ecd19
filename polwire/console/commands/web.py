"""`polwire web`: serve the dashboard, the JSON API and /metrics until interrupted."""

from __future__ import annotations

import logging
import os
import socket

import click

from polwire.console.context import AppContext

logger = logging.getLogger(__name__)


@click.command()
@click.option("--host", help="Address to listen on (default: [web] host, else 127.0.0.1).")
@click.option(
    "--port", type=click.IntRange(0, 65535), help="Port (default: [web] port, else 8080; 0: any)."
)
@click.pass_obj
def web(app: AppContext, host: str | None, port: int | None) -> None:
    """The operator's web dashboard, JSON API (/api/) and Prometheus metrics (/metrics).

    \b
    polwire web                                  # http://127.0.0.1:8080/
    POLWIRE_WEB_TOKEN=... polwire web --host 0.0.0.0 --port 8080

    Bound to anything but loopback it needs POLWIRE_WEB_TOKEN, and then every page and API
    call needs it too (Authorization: Bearer <token>, or the login form's cookie).
    """
    import uvicorn

    from polwire.console.web.app import create_app
    from polwire.console.web.binding import TOKEN_ENV, UnsafeBinding, check_binding
    from polwire.console.web.state import WebSettings
    from polwire.storage.pool import READ_ONLY_REQUESTS, open_pool

    config = app.config
    host = host or config.web.host
    port = config.web.port if port is None else port
    token = os.environ.get(TOKEN_ENV) or None
    try:
        check_binding(host, port, token)
    except UnsafeBinding as exc:
        raise click.ClickException(str(exc)) from None
    with app.connect() as conn:
        # Pending migrations and the gazetteer, once, before the pool's connections exist:
        # the dashboard's requests are read-only.
        from polwire.storage.entities import ensure_entities

        ensure_entities(conn)
        conn.commit()
    pool = open_pool(
        app.database_url(),
        application_name="polwire web",
        max_size=8,
        autocommit=True,  # read-only requests: no BEGIN and ROLLBACK round trips
        session_settings=READ_ONLY_REQUESTS,
    )
    settings = WebSettings(
        home=app.home,
        token=token,
        registry=app.registry(),
        default_cron=config.scheduler.default_cron,
    )
    sock = _listen(host, port)
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    click.echo(
        f"polwire web: serving http://{shown}:{bound_port}/"
        f"{' (token required)' if token else ''}; Ctrl-C to stop",
        err=True,
    )
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, pool),
            log_level="debug" if app.debug else "warning",
            access_log=app.debug,
            http="h11",  # h11 bounds a request's head (16 kB): a huge query string is a 400
            server_header=False,
        )
    )
    try:
        server.run(sockets=[sock])
    finally:
        pool.close()
        sock.close()


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, made here so port 0 can be reported as the port it became."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named, not 0: asyncio sets TCP_NODELAY only on sockets that say they are
    # TCP, and without it every keep-alive response waited 40 ms for a delayed ACK (Nagle).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock
