"""`polwire extract`: extract articles from saved HTML files, without crawling or storing."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import Any

import click

from polwire.console.output import FORMATS

COLUMNS = ("file", "title", "published", "authors", "section", "language", "countries", "wire")


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--url",
    help="The page's URL (resolves relative links and dates in the path). "
    "Default: the file's rel=canonical, else a file:// URL.",
)
@click.option(
    "--timezone",
    help="Time zone for dates printed without an offset "
    "(default: guessed from the URL's domain, else UTC).",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
def extract(files: tuple[Path, ...], url: str | None, timezone: str | None, fmt: str) -> None:
    """Extract each FILE's article: one object per file with file, url, title, authors,
    published, section, language, countries, wire, dateline and body."""
    rows: list[dict[str, Any]] = []
    failures = 0
    for path in files:
        try:
            html = read_page(path)
        except (OSError, EOFError) as exc:  # unreadable, or a broken .gz
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            click.echo(f"error: {path}: {reason}", err=True)
            failures += 1
            continue
        row = {
            "file": str(path),
            **extract_fields(html, url=url or path.resolve().as_uri(), timezone=timezone),
        }
        if fmt == "jsonl":
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            rows.append(row)
    if fmt != "jsonl":
        from polwire.console.output import render

        render(rows, fmt, COLUMNS)
    if failures:
        sys.exit(1)


def read_page(path: Path) -> bytes:
    """A saved page's bytes; gzip-compressed files (``page.html.gz``, as benchmarks and
    crawlers often keep pages) are read through."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def extract_fields(html: bytes, *, url: str, timezone: str | None) -> dict[str, Any]:
    """The DESIGN.md fields of one page, cleaned as a crawl cleans them (one code path)."""
    from crawler.extraction.record import extract_record

    record = extract_record(html, url=url, timezone=timezone)
    return {
        "url": record.declared_url or (url if not url.startswith("file:") else None),
        "title": record.title,
        "authors": record.authors,
        "published": record.published_at.isoformat() if record.published_at else None,
        "modified": record.modified_at.isoformat() if record.modified_at else None,
        "section": record.section,
        "language": record.language,
        "countries": record.countries,
        "wire": record.wire,
        "dateline": record.dateline,
        "body": record.body,
    }
