"""`polwire db`: database maintenance."""

from __future__ import annotations

import click

from polwire.console.context import AppContext


@click.group()
def db() -> None:
    """Database maintenance."""


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
    for migration in applied:
        click.echo(f"applied {migration.version:04d}_{migration.name}")
    click.echo(
        f"{describe(url)} is at schema version {version}" + ("" if applied else " (nothing to do)")
    )


@db.command("drain-spool")
@click.pass_obj
def drain_spool(app: AppContext) -> None:
    """Load crawls spooled while PostgreSQL was unreachable (the scheduler does it every
    spool_drain_seconds); each segment is loaded once and deleted after its commit. Then
    index for search whatever is stored but not indexed yet."""
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
