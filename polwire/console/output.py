"""Renders listings as table, json, jsonl or csv, with the public SQL column names as keys."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, TextIO

import click

FORMATS = ("table", "json", "jsonl", "csv")

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table for people; json (one array), jsonl (one object per line) or csv for scripts.",
)


def to_jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value


def render(
    rows: Iterable[Mapping[str, Any]], fmt: str, columns: Sequence[str], out: TextIO | None = None
) -> None:
    """``columns`` are the table/csv columns; json and jsonl carry every key of each row."""
    out = out or sys.stdout
    if fmt == "json":
        json.dump([to_jsonable(r) for r in rows], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(to_jsonable(row), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
    else:
        table(list(rows), columns, out)


def table(rows: list[Mapping[str, Any]], columns: Sequence[str], out: TextIO) -> None:
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max([len(c), *(_width(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    widths = [min(w, 60) for w in widths]
    out.write("  ".join(_pad(c, w) for c, w in zip(columns, widths, strict=True)).rstrip() + "\n")
    for row in cells:
        out.write(
            "  ".join(_pad(_clip(v, w), w) for v, w in zip(row, widths, strict=True)).rstrip()
            + "\n"
        )
    if not rows:
        out.write("(none)\n")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M:%S%z")
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, Mapping):
        return json.dumps(to_jsonable(value), ensure_ascii=False)
    return str(value)


def _width(text: str) -> int:
    # East Asian wide characters take two columns in a terminal.
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clip(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = _width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))
