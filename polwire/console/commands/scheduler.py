"""`polwire scheduler`: the scheduler service, in the foreground until SIGTERM/SIGINT."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import click

from polwire.console.context import AppContext


@click.command("scheduler")
@click.option(
    "--standby/--no-standby",
    default=True,
    show_default=True,
    help="When another scheduler is active on the database: wait and take over when it "
    "stops (--standby), or exit with an error (--no-standby).",
)
@click.pass_obj
def scheduler(app: AppContext, standby: bool) -> None:
    """Run the scheduler service in the foreground until SIGTERM/SIGINT.

    \b
    Crawls every enabled source on its schedule ([[sources]] cron or every_seconds,
    else [scheduler] default_cron in [scheduler] timezone), one process per crawl;
    catches up a run missed while it was down (within misfire_grace_seconds); loads
    the spool every spool_drain_seconds. Logs to stderr and POLWIRE_HOME/logs/scheduler.log.
    SIGTERM/SIGINT: no new crawls, running ones get stop_grace_seconds, then SIGTERM.
    """
    from scheduler.jobs import crawl_job_specs, watch_job_specs
    from scheduler.service import (
        AnotherSchedulerActive,
        SchedulerService,
        ServiceOptions,
        configure_service_logging,
    )

    config = app.config
    now = datetime.now(UTC)
    sources = app.registry().values()
    specs = crawl_job_specs(sources, config.scheduler, now=now)
    watches = watch_job_specs(sources, config.scheduler, now=now)
    database_url = app.database_url()
    log_path = configure_service_logging(app.home, debug=app.debug)
    service = SchedulerService(
        ServiceOptions(
            database_url=database_url,
            home=app.home,
            config=config,
            config_path=app.config_path,
            specs=specs + watches,
            standby=standby,
        )
    )
    service.install_signal_handlers()
    click.echo(
        f"polwire scheduler: {len(specs)} crawl jobs, {len(watches)} watch jobs; log {log_path}",
        err=True,
    )
    try:
        code = service.run()
    except AnotherSchedulerActive as exc:
        raise click.ClickException(str(exc)) from exc
    sys.exit(code)
