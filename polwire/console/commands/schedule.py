"""`polwire schedule`: the scheduler's jobs with their next run times and last runs."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from polwire.console.context import AppContext
from polwire.console.output import format_option, render


@click.command()
@format_option
@click.pass_obj
def schedule(app: AppContext, fmt: str) -> None:
    """List scheduled jobs (job id = source name; watch-<source> for `polwire watch`) with
    their trigger, next run time, misfire grace and last run.

    \b
    state: scheduled (as the running scheduler has it), new/changed/removed (the
    next scheduler start adds, reschedules or removes it), service (its own jobs).
    """
    from polwire.storage.runs import last_runs_by_source
    from scheduler.jobs import crawl_job_specs, watch_job_specs
    from scheduler.listing import COLUMNS, schedule_rows, stored_jobs

    config = app.config.scheduler
    now = datetime.now(UTC)
    sources = app.registry().values()
    specs = crawl_job_specs(sources, config, now=now) + watch_job_specs(sources, config, now=now)
    with app.connect() as conn:
        last_runs = last_runs_by_source(conn)
    stored = stored_jobs(app.database_url(), config.timezone)
    rows = schedule_rows(specs, stored, last_runs, config, now=now)
    render(rows, fmt, COLUMNS)
