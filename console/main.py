"""Entry point of the `polwire` command: global options, error handling, the command list."""

from __future__ import annotations

import logging
import sys
import traceback

import click

from console.commands.archive_import import archive_import
from console.commands.crawl import crawl
from console.commands.db import db
from console.commands.export import export
from console.commands.extract import extract
from console.commands.health import health
from console.commands.logs import logs
from console.commands.reparse import reparse
from console.commands.runs import runs
from console.commands.schedule import schedule
from console.commands.scheduler import scheduler
from console.commands.search import search
from console.commands.sources import sources
from console.commands.stories import stories
from console.commands.web import web
from console.commands.worker import worker
from console.commands.workers import workers
from console.context import AppContext


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--config",
    "config_path",
    envvar="POLWIRE_CONFIG",
    metavar="PATH",
    help="Config file (default: $POLWIRE_CONFIG, else ./polwire.toml when present).",
)
@click.option(
    "--database-url",
    metavar="URL",
    help="PostgreSQL URL (default: $DATABASE_URL, the config file, else an embedded "
    "server under $POLWIRE_HOME).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logs.")
@click.version_option(package_name="polwire")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, database_url: str | None, debug: bool) -> None:
    """polwire: crawl East Asian politics news into a clean, deduplicated PostgreSQL archive.

    \b
    Try it:   polwire crawl --feed https://example.com/feed.xml --name example
    Nightly:  polwire scheduler        (see README "Running nightly")
    Query:    polwire search QUERY, polwire export, or psql on the articles table
    """
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    ctx.obj = AppContext(config_path=config_path, database_url_flag=database_url, debug=debug)


for command in (db, crawl, sources, runs, extract, reparse, logs, health, search, export):
    cli.add_command(command)
cli.add_command(stories)
cli.add_command(archive_import)
cli.add_command(scheduler)
cli.add_command(schedule)
cli.add_command(web)
cli.add_command(worker)
cli.add_command(workers)


def main() -> None:
    debug = "--debug" in sys.argv
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # one line for users; the traceback only with --debug
        if debug:
            traceback.print_exc()
        click.echo(f"error: {_one_line(exc)}", err=True)
        sys.exit(1)


def _one_line(exc: BaseException) -> str:
    from config import ConfigError
    from crawler.sources.registry import UnknownSource
    from storage.errors import StorageError

    text = str(exc).strip()
    if isinstance(exc, (ConfigError, UnknownSource, StorageError)):
        return text.splitlines()[0] if text else type(exc).__name__
    first = text.splitlines()[0] if text else ""
    return f"{type(exc).__name__}: {first} (run with --debug for the traceback)"
