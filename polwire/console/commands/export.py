"""`polwire export`: stream stored articles as jsonl, csv or json, in constant memory."""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterable
from typing import Any, TextIO

import click

from polwire.console.commands.runs import parse_since, parse_until
from polwire.console.context import AppContext
from polwire.console.output import to_jsonable


@click.command()
@click.option("--since", help="Published at or after: a date, a datetime, or 2h/3d/1w ago.")
@click.option("--until", help="Published before this datetime, or on or before this date.")
@click.option("--source", help="Only this source.")
@click.option(
    "--gone", is_flag=True, help="Only articles taken down (with gone_at and gone_reason)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "json"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one article per line; csv: a header and one row per article; json: an array.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, allow_dash=True),
    default="-",
    help="File to write (default: standard output).",
)
@click.pass_obj
def export(
    app: AppContext,
    since: str | None,
    until: str | None,
    source: str | None,
    gone: bool,
    fmt: str,
    output: str,
) -> None:
    """Stream stored articles, oldest first, with every public column (body included).

    \b
    polwire export --since 2025-01-01 > articles.jsonl
    polwire export --source yonhap_english --format csv -o yonhap.csv

    Rows come from a server-side cursor a batch at a time, so memory stays flat however
    large the archive.
    """
    from polwire.storage.export import EXPORT_COLUMNS, GONE_COLUMNS, iter_articles

    columns = GONE_COLUMNS if gone else EXPORT_COLUMNS
    with app.connect() as conn:
        found = iter_articles(
            conn, source=source, since=parse_since(since), until=parse_until(until), gone=gone
        )
        rows = (row if gone else _without_watch(row) for row in found)
        try:
            if output == "-":
                write_articles(rows, fmt, columns, sys.stdout)
            else:
                with open(output, "w", encoding="utf-8", newline="") as out:
                    write_articles(rows, fmt, columns, out)
        except BrokenPipeError:
            # `polwire export | head`: the reader has had enough; that is not an error.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)


def _without_watch(row: dict[str, Any]) -> dict[str, Any]:
    """An export without --gone keeps the columns it always had."""
    row.pop("gone_at", None)
    row.pop("gone_reason", None)
    return row


def write_articles(
    rows: Iterable[dict[str, Any]], fmt: str, columns: tuple[str, ...], out: TextIO
) -> int:
    count = 0
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_cell(row.get(c)) for c in columns])
            count += 1
        return count
    if fmt == "json":
        out.write("[")
    for row in rows:
        text = json.dumps(to_jsonable(row), ensure_ascii=False)
        if fmt == "json":
            out.write(("\n" if count == 0 else ",\n") + text)
        else:
            out.write(text + "\n")
        count += 1
    if fmt == "json":
        out.write("\n]\n" if count else "]\n")
    return count


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
