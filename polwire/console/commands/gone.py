"""`polwire gone`: articles taken down, with the reason and the last stored title."""

from __future__ import annotations

import click

from polwire.console.commands.runs import parse_since
from polwire.console.context import AppContext
from polwire.console.output import format_option, render

COLUMNS = ("id", "source", "gone_at", "gone_reason", "title", "url")


@click.command()
@click.option("--source", help="Only this source's articles.")
@click.option("--since", help="Taken down since: a date, a datetime, or 2h/3d/1w.")
@click.option("--limit", type=click.IntRange(1), default=100, show_default=True)
@format_option
@click.pass_obj
def gone(app: AppContext, source: str | None, since: str | None, limit: int, fmt: str) -> None:
    """Articles the watch found taken down (articles.gone_at), newest first.

    The archive keeps their last text: `polwire export --gone` streams it.
    """
    from polwire.storage.watch import gone_articles

    moment = parse_since(since)
    with app.connect() as conn:
        rows = gone_articles(conn, source=source, since=moment, limit=limit)
    render(rows, fmt, COLUMNS)
