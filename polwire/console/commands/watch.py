"""`polwire watch`: revisit stored articles now, one process and one run (trigger 'watch') per
source; prints one summary line per pass."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

import click

from polwire.console.commands.runs import parse_since
from polwire.console.context import AppContext
from polwire.console.crawl_launch import (
    EXIT_CODES_HELP,
    run_in_foreground,
    settings_option,
    verbose_option,
)


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("names", nargs=-1)
@click.option("--all", "watch_all", is_flag=True, help="Watch every enabled source.")
@click.option(
    "--since",
    help="Check every article stored since: a date, a datetime, or 2h/3d/1w "
    "(default: [watch] days).",
)
@click.option(
    "--due",
    is_flag=True,
    help="Check only the articles the revisit plan says are due (as the scheduler does).",
)
@settings_option("Override a Scrapy setting for these passes (like scrapy crawl -s).")
@verbose_option("-v: progress (INFO), -vv: DEBUG, one line per check.")
@click.pass_obj
def watch(
    app: AppContext,
    names: tuple[str, ...],
    watch_all: bool,
    since: str | None,
    due: bool,
    settings: tuple[str, ...],
    verbose: int,
) -> None:
    """Revisit stored articles: record edits (revisions), moves, takedowns and returns.

    Each check is a row of article_checks; a takedown (404, 410, a redirect to the home or a
    section page, a removal notice) is confirmed by a second check at least [watch]
    confirm_seconds later, and only then sets articles.gone_at.

    \b
    polwire watch japan_today
    polwire watch --all --since 3d
    polwire watch yonhap_english --due     # only what the revisit plan says is due
    """
    if bool(names) == watch_all:
        raise click.UsageError("name sources, or use --all")
    if due and since:
        raise click.UsageError("--due and --since exclude each other")
    registry = app.registry()
    chosen = registry.enabled() if watch_all else [registry[n] for n in names]
    start: datetime | None = None
    if not due:
        start = parse_since(since) or datetime.now(UTC) - timedelta(days=app.config.watch.days)
    from polwire.runs.request import WatchRequest

    requests = [
        WatchRequest(
            source=source.name,
            since=start,
            database_url=app.database_url(),
            home=app.home,
            config_path=app.config_path,
            settings=settings,
        )
        for source in chosen
    ]
    sys.exit(run_in_foreground(app, requests, verbose=verbose))
