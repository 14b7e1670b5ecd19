"""Entry point of the `polwire` command: global options, error handling, the command list."""

from __future__ import annotations

import importlib
import logging
import sys
import traceback
from typing import Any

import click

from polwire.console.context import AppContext

# Each command's module is imported when the command is run (or listed by --help), not at
# start: `polwire extract` or `polwire crawl` then pays for its own imports only.
COMMANDS = {
    "crawl": "polwire.console.commands.crawl:crawl",
    "db": "polwire.console.commands.db:db",
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


class LazyGroup(click.Group):
    """A group whose subcommands are named in COMMANDS and imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            module, attr = COMMANDS[cmd_name].split(":")
            command: Any = getattr(importlib.import_module(module), attr)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
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
    from crawler.sources.registry import UnknownSource
    from polwire.config import ConfigError
    from polwire.storage.errors import StorageError

    text = str(exc).strip()
    if isinstance(exc, (ConfigError, UnknownSource, StorageError)):
        return text.splitlines()[0] if text else type(exc).__name__
    first = text.splitlines()[0] if text else ""
    return f"{type(exc).__name__}: {first} (run with --debug for the traceback)"
