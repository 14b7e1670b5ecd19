"""Entry point of the `polwire` command: global options, error handling, the command list."""

from __future__ import annotations

import functools
import importlib
import logging
import sys
import traceback
from collections.abc import Callable
from typing import Any

import click

from polwire.config import ConfigError
from polwire.console.context import AppContext

# Each command's module is imported when the command is run (or listed by --help), not at
# start: `polwire extract` or `polwire crawl` then pays for its own imports only.
COMMANDS = {
    "crawl": "polwire.console.commands.crawl:crawl",
    "db": "polwire.console.commands.db:db",
    "entities": "polwire.console.commands.entities:entities",
    "export": "polwire.console.commands.export:export",
    "extract": "polwire.console.commands.extract:extract",
    "gone": "polwire.console.commands.gone:gone",
    "health": "polwire.console.commands.health:health",
    "import": "polwire.console.commands.archive_import:archive_import",
    "logs": "polwire.console.commands.logs:logs",
    "reparse": "polwire.console.commands.reparse:reparse",
    "runs": "polwire.console.commands.runs:runs",
    "schedule": "polwire.console.commands.schedule:schedule",
    "scheduler": "polwire.console.commands.scheduler:scheduler",
    "search": "polwire.console.commands.search:search",
    "sources": "polwire.console.commands.sources:sources",
    "stories": "polwire.console.commands.stories:stories",
    "watch": "polwire.console.commands.watch:watch",
    "web": "polwire.console.commands.web:web",
    "worker": "polwire.console.commands.worker:worker",
    "workers": "polwire.console.commands.workers:workers",
}


# The page of the documentation site (docs/, built with mkdocs) each command's --help ends
# with; a command not named here links to the site's home page.
DOCS_PAGES = {
    "crawl": "crawling.md",
    "db": "database.md",
    "entities": "entities.md",
    "export": "querying.md",
    "extract": "extraction.md",
    "gone": "watch.md",
    "health": "monitoring.md",
    "import": "importing.md",
    "logs": "monitoring.md",
    "reparse": "extraction.md",
    "runs": "monitoring.md",
    "schedule": "nightly.md",
    "scheduler": "nightly.md",
    "search": "querying.md",
    "sources": "sources.md",
    "stories": "dedupe.md",
    "watch": "watch.md",
    "web": "dashboard.md",
    "worker": "cluster.md",
    "workers": "cluster.md",
}
DOCS_HOME = "index.md"


def docs_link(page: str) -> str:
    return f"Docs: docs/{page}"


def link_docs(command: click.Command, page: str) -> None:
    """End the help of ``command`` (and of its subcommands) with its docs page."""
    command.epilog = "\n\n".join(p for p in (command.epilog, docs_link(page)) if p)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            link_docs(sub, page)


class LazyGroup(click.Group):
    """A group whose subcommands are named in COMMANDS and imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            module, attr = COMMANDS[cmd_name].split(":")
            command: Any = getattr(importlib.import_module(module), attr)
            command.callback = _config_checked_first(command.callback)
            link_docs(command, DOCS_PAGES.get(cmd_name, DOCS_HOME))
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


def _config_checked_first(callback: Callable[..., Any] | None) -> Callable[..., Any] | None:
    """Every command reads the whole config (file and [[sources]]) before it does anything: a
    bad key fails now, not when some later step or `polwire schedule` first needs it. Done at
    the command's start, after its own --help was seen."""
    if callback is None:
        return None

    @functools.wraps(callback)
    def checked(*args: Any, **kwargs: Any) -> Any:
        app = click.get_current_context().find_object(AppContext)
        if app is not None:
            app.registry()  # loads the config file too; raises ConfigError naming the key
        return callback(*args, **kwargs)

    return checked


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=docs_link(DOCS_HOME),
)
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
@click.version_option(package_name="polwire", prog_name="polwire", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, database_url: str | None, debug: bool) -> None:
    """polwire: crawl East Asian politics news into a clean, deduplicated PostgreSQL archive.

    \b
    Try it:   polwire crawl --feed https://example.com/feed.xml --name example
    Nightly:  polwire scheduler        (docs/nightly.md)
    Query:    polwire search QUERY, polwire export, or polwire db shell (psql)
    """
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    ctx.obj = AppContext(config_path=config_path, database_url_flag=database_url, debug=debug)


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
    except ConfigError as exc:  # a usage error, in the file instead of the command line
        if debug:
            traceback.print_exc()
        click.echo(f"error: {_one_line(exc)}", err=True)
        sys.exit(2)
    except Exception as exc:  # one line for users; the traceback only with --debug
        if debug:
            traceback.print_exc()
        click.echo(f"error: {_one_line(exc)}", err=True)
        sys.exit(1)


def _one_line(exc: BaseException) -> str:
    from crawler.sources.registry import UnknownSource
    from polwire.config import ConfigError
    from polwire.storage.errors import StorageError

    text = str(exc).strip()
    if isinstance(exc, (ConfigError, UnknownSource, StorageError)):
        return text.splitlines()[0] if text else type(exc).__name__
    first = text.splitlines()[0] if text else ""
    return f"{type(exc).__name__}: {first} (run with --debug for the traceback)"
