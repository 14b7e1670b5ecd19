"""`polwire db`: the database in use (its URL, psql on it, its status, stopping the embedded
server) and its maintenance (migrations, the spool)."""

from __future__ import annotations

import os

import click

from polwire.console.context import AppContext


@click.group()
def db() -> None:
    """The database in use, and its maintenance."""


@db.command()
@click.pass_obj
def upgrade(app: AppContext) -> None:
    """Apply pending migrations (every command also does this, idempotently)."""
    from polwire.storage.connection import connect, describe
    from polwire.storage.migrate import current_version
    from polwire.storage.migrate import upgrade as apply

    url = app.database_url()
    with connect(url) as conn:
        applied = apply(conn)
        conn.commit()
        version = current_version(conn)
        from polwire.storage.entities import ensure_entities

        ensure_entities(conn)  # the gazetteer in use, synced into `entities`
        conn.commit()
    for migration in applied:
        click.echo(f"applied {migration.version:04d}_{migration.name}")
    click.echo(
        f"{describe(url)} is at schema version {version}" + ("" if applied else " (nothing to do)")
    )


@db.command("drain-spool")
@click.pass_obj
def drain_spool(app: AppContext) -> None:
    """Load crawls spooled while PostgreSQL was unreachable.

    The scheduler does it every spool_drain_seconds; each segment is loaded once and
    deleted after its commit. Then index for search whatever is stored but not indexed
    yet."""
    from polwire.monitoring.health import evaluate_run
    from polwire.storage.dedupe_keys import story_options
    from polwire.storage.drain import drain_spool as drain
    from polwire.storage.spool import spool_root

    root = spool_root(app.home)
    with app.connect() as conn:
        report = drain(conn, root, stories=story_options(app.config.dedupe))
        for run_id in report.finished_run_ids:
            # The checks `polwire crawl` would have made had the database been there.
            evaluate_run(conn, run_id, app.config)
    click.echo(f"{root}: {report.summary()}")
    for failure in report.failed:
        click.echo(f"error: {failure}", err=True)
    if report.failed:
        raise SystemExit(1)


# --- the database in use: where it is, psql on it, and the embedded server's lifecycle -------


def _configured_url(app: AppContext) -> str | None:
    """The URL the user gave (--database-url, DATABASE_URL, the config file), or None."""
    from polwire.storage.database_url import configured_database_url

    return configured_database_url(app.database_url_flag, app.config.database_url)


@db.command("url")
@click.pass_obj
def url_command(app: AppContext) -> None:
    """Print the URL of the database in use.

    The one configured (--database-url, DATABASE_URL, the config file), else the embedded
    server's, which is started if it is not running: psql "$(polwire db url)" reaches it."""
    click.echo(app.database_url())


@db.command(
    "shell",
    context_settings={
        "ignore_unknown_options": True,
        "allow_extra_args": True,
        "help_option_names": ["--help"],  # -h is psql's (host)
    },
)
@click.argument("psql_args", nargs=-1, type=click.UNPROCESSED)
@click.pass_obj
def shell(app: AppContext, psql_args: tuple[str, ...]) -> None:
    """Open psql on the database in use.

    PSQL_ARGS go to psql as they are: polwire db shell -c 'select count(*) from articles'.
    On the embedded server, or without psql on PATH, the psql bundled with the embedded
    server is used."""
    from polwire.storage.embedded import psql_executable

    embedded = _configured_url(app) is None
    url = app.database_url()
    psql = psql_executable(prefer_bundled=embedded)
    if not psql.is_file():
        raise click.ClickException(f"psql not found (not on PATH, and not at {psql})")
    # psql takes over this process: the terminal, signals and the exit status are its own.
    os.execv(psql, [str(psql), "--dbname", url, *psql_args])


@db.command("status")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("table", "json")),
    default="table",
    show_default=True,
    help="table for people; json (one object) for scripts.",
)
@click.pass_obj
def status(app: AppContext, fmt: str) -> None:
    """Which server is in use, and where its data is.

    Embedded or external, its version, its database and that database's size; for the
    embedded server also whether it runs, its process, and the size of its whole data
    directory. Never starts the embedded server."""
    import json

    from polwire.storage.connection import connect, redact
    from polwire.storage.embedded import ROOT_SYSTEM_USER, embedded_state
    from polwire.storage.server_info import server_facts

    configured = _configured_url(app)
    facts: dict[str, object]
    if configured is not None:
        with connect(configured, autocommit=True) as conn:
            server = server_facts(conn)
        facts = {
            "server": "external",
            "running": True,
            "url": redact(configured),
            "version": server.version,
            "database": server.database,
            "database_size_bytes": server.database_size_bytes,
            "data_directory": server.data_directory,
        }
    else:
        state = embedded_state(app.home)
        facts = {
            "server": "embedded",
            "initialized": state.initialized,
            "running": state.running,
            "url": None,
            "version": state.major_version,
            "database": None,
            "database_size_bytes": None,
            "data_directory": str(state.data_directory),
            "data_size_bytes": state.size_bytes,
            "pid": state.pid,
            "system_user": ROOT_SYSTEM_USER if os.geteuid() == 0 else None,
        }
        if state.running:
            url = app.database_url()
            with connect(url, autocommit=True) as conn:
                server = server_facts(conn)
            facts |= {
                "url": url,
                "version": server.version,
                "database": server.database,
                "database_size_bytes": server.database_size_bytes,
            }
    if fmt == "json":
        click.echo(json.dumps(facts, indent=2))
        return
    for key, value in facts.items():
        if value is None:
            continue
        if isinstance(value, bool):
            shown = "yes" if value else "no"
        elif key.endswith("_bytes") and isinstance(value, int):
            shown = _size(value)
        else:
            shown = str(value)
        click.echo(f"{key.replace('_bytes', '').replace('_', ' ') + ':':<15} {shown}")
    if not facts["running"]:
        click.echo("(polwire starts the embedded server when a command needs it)")


@db.command("stop")
@click.pass_obj
def stop(app: AppContext) -> None:
    """Stop the embedded PostgreSQL server.

    A fast shutdown: open sessions end, nothing stored is lost. The next command that needs
    the database starts it again. An external server is never stopped."""
    from polwire.storage.connection import describe
    from polwire.storage.embedded import data_directory, stop_embedded

    configured = _configured_url(app)
    if configured is not None:
        raise click.ClickException(
            f"the database in use is {describe(configured)} (from --database-url, DATABASE_URL "
            "or the config file): polwire db stop stops only the embedded server"
        )
    where = data_directory(app.home)
    if stop_embedded(app.home):
        click.echo(f"stopped the embedded PostgreSQL in {where}")
    else:
        click.echo(f"the embedded PostgreSQL in {where} is not running")


def _size(n: int) -> str:
    size = float(n)
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")
