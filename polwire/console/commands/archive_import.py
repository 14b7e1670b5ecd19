"""`polwire import`: ingest articles from WARC/ARC files through the crawl's extraction and
pipelines, one process and one crawl run (trigger 'import') per command."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from polwire.console.commands.runs import parse_since, parse_until
from polwire.console.context import AppContext
from polwire.console.crawl_launch import (
    EXIT_CODES_HELP,
    cluster_dispatcher,
    run_in_foreground,
    settings_option,
    timezone_option,
    verbose_option,
)


@click.command("import", epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="NAME",
    help="Keep only records of these registry sources (default: any registry source).",
)
@click.option(
    "--any-host", is_flag=True, help="Keep every record, stored under --name (an ad hoc import)."
)
@click.option("--name", "adhoc_name", metavar="NAME", help="With --any-host: the source name.")
@timezone_option("With --any-host: time zone for dates the pages print without an offset.")
@click.option("--since", help="Only articles published at or after: a date, datetime, or 3d.")
@click.option("--until", help="Only articles published up to: a date (the whole day), datetime.")
@settings_option("Override a Scrapy setting (e.g. POLWIRE_EXTRACT_WORKERS=1).")
@click.option(
    "--queue",
    "to_queue",
    is_flag=True,
    help="Send the import to the cluster ([cluster] broker_url): one task per file, spread "
    "over the workers, each file a run of its own; the files must be readable by the workers "
    "at the same path.",
)
@verbose_option("-v: progress lines (INFO), -vv: DEBUG.")
@click.pass_obj
def archive_import(
    app: AppContext,
    paths: tuple[str, ...],
    sources: tuple[str, ...],
    any_host: bool,
    adhoc_name: str | None,
    adhoc_timezone: str,
    since: str | None,
    until: str | None,
    settings: tuple[str, ...],
    to_queue: bool,
    verbose: int,
) -> None:
    """Import articles from WARC/ARC files (.warc, .warc.gz, .arc, .arc.gz) or directories
    of them; an interrupted import run again resumes where it stopped.

    \b
    polwire import CC-NEWS-20250101*.warc.gz
    polwire import ~/warcs --source japan_today --since 2025-01-01
    polwire import site.warc.gz --any-host --name example
    """
    from polwire.runs.request import ImportRequest

    if any_host and not adhoc_name:
        raise click.UsageError("--any-host needs --name NAME")
    if any_host and sources:
        raise click.UsageError("--any-host and --source exclude each other")
    if sources:
        registry = app.registry()
        for name in sources:
            registry[name]  # an unknown name fails here, in one line
    if to_queue:
        _queue(
            app,
            paths,
            {
                "sources": list(sources),
                "any_host": any_host,
                "name": adhoc_name,
                "timezone": adhoc_timezone,
                "since": _iso(parse_since(since)),
                "until": _iso(parse_until(until)),
            },
            settings,
        )
        return
    request = ImportRequest(
        paths=tuple(str(Path(p).resolve()) for p in paths),
        database_url=app.database_url(),
        home=Path(app.home),
        sources=sources,
        any_host=any_host,
        name=adhoc_name,
        timezone=adhoc_timezone,
        since=parse_since(since),
        until=parse_until(until),
        config_path=app.config_path,
        settings=settings,
    )
    sys.exit(run_in_foreground(app, [request], verbose=verbose))


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _queue(
    app: AppContext, paths: tuple[str, ...], selection: dict[str, Any], settings: tuple[str, ...]
) -> None:
    """Send one import task per archive file to the cluster; one line per file."""
    from crawler.import_runner import run_name
    from crawler.warc.files import archive_files

    files = archive_files(paths)
    if not files:
        raise click.ClickException("no archive files (.warc, .warc.gz, .arc, .arc.gz) found")
    name = run_name(selection["any_host"], selection["name"], selection["sources"])
    with cluster_dispatcher(app, command="polwire import", trigger="import") as dispatcher:
        for path in files:
            dispatch_id = dispatcher.dispatch_import(
                name, {"path": path, **selection}, settings=settings
            )
            click.echo(f"{path}: queued (dispatch {dispatch_id}) on {dispatcher.queue}")
