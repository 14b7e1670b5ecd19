"""`polwire workers`: the cluster's live workers, what each runs, and their last heartbeat."""

from __future__ import annotations

import click

from polwire.console.context import AppContext
from polwire.console.output import format_option, render

COLUMNS = (
    "name",
    "hostname",
    "pid",
    "state",
    "concurrency",
    "running",
    "run_ids",
    "heartbeat_at",
    "heartbeat_age_seconds",
)


@click.command("workers")
@click.option("--all", "include_gone", is_flag=True, help="Also the stopped and lost workers.")
@format_option
@click.pass_obj
def workers(app: AppContext, include_gone: bool, fmt: str) -> None:
    """Live workers of the cluster: the sources each crawls now (with their run ids) and
    when it last heartbeat."""
    from polwire.storage.cluster import list_workers

    with app.connect() as conn:
        rows = list_workers(conn, include_gone=include_gone)
    render(rows, fmt, COLUMNS)
