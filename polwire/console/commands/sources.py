"""`polwire sources`: the source registry with each source's last run."""

from __future__ import annotations

import logging
from typing import Any

import click

from polwire.console.context import AppContext
from polwire.console.output import format_option, render

logger = logging.getLogger(__name__)

COLUMNS = (
    "name",
    "country",
    "language",
    "discovery",
    "schedule",
    "enabled",
    "last_run",
    "last_status",
)


@click.command()
@click.option(
    "--enabled/--all", "only_enabled", default=False, help="Only enabled sources (default: all)."
)
@format_option
@click.pass_obj
def sources(app: AppContext, only_enabled: bool, fmt: str) -> None:
    """List the source registry: built-in sources plus [[sources]] from the config file."""
    registry = app.registry()
    last_runs = {}
    try:
        from polwire.storage.runs import last_runs_by_source

        with app.connect() as conn:
            last_runs = last_runs_by_source(conn)
    except Exception as exc:  # the registry is still worth showing without a database
        click.echo(f"warning: last runs unavailable: {exc}", err=True)
    default_cron = app.config.scheduler.default_cron
    rows = [
        source_row(source, last_runs.get(source.name), default_cron)
        for source in registry.values()
        if source.enabled or not only_enabled
    ]
    render(rows, fmt, COLUMNS)


def source_row(source: Any, run: Any, default_cron: str) -> dict[str, Any]:
    """A registry entry with its schedule and last run (also the web API's /api/sources)."""
    row: dict[str, Any] = source.to_dict()
    row["schedule"] = (
        f"every {source.every_seconds}s" if source.every_seconds else source.cron or default_cron
    )
    row["last_run"] = run.started_at if run else None
    row["last_status"] = run.status if run else None
    return row
