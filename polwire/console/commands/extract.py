"""`polwire extract`: extract articles from saved HTML files, without crawling or storing."""

from __future__ import annotations

import csv
import gzip
import json
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from polwire.console.context import AppContext
from polwire.console.output import FORMATS

if TYPE_CHECKING:
    from crawler.sources.registry import Registry

COLUMNS = ("file", "title", "published", "authors", "section", "language", "countries", "wire")


@dataclass(frozen=True, slots=True)
class SavedPage:
    """One page to extract: its file, the URL it was served under, and how its site is read."""

    path: Path
    url: str | None = None
    page: str | None = None  # the registry source's page object, "module:Class"
    timezone: str | None = None
    language: str | None = None


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--url",
    help="The page's URL (resolves relative links and dates in the path; a URL of a registry "
    "source's site reads the page with that source's page object, time zone and language). "
    "Default: the file's rel=canonical, else a file:// URL.",
)
@click.option(
    "--manifest",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='Many pages with their URLs: a JSONL file of {"file": ..., "url": ...} objects or '
    "a CSV file with file,url columns (paths relative to the manifest); extracted on all "
    "cores, printed in the manifest's order.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Processes for --manifest (default: the machine's cores).",
)
@click.option(
    "--timezone",
    help="Time zone for dates printed without an offset "
    "(default: the source's, else guessed from the URL's domain, else UTC).",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.pass_obj
def extract(
    app: AppContext,
    files: tuple[Path, ...],
    url: str | None,
    manifest: Path | None,
    workers: int | None,
    timezone: str | None,
    fmt: str,
) -> None:
    """Extract each FILE's article: one object per file with file, url, title, authors,
    published, section, language, countries, wire, dateline and body.

    \b
    Examples:
      polwire extract page.html --url https://www3.nhk.or.jp/news/html/20250908/k1.html
      polwire extract --manifest pages.csv --format jsonl > records.jsonl
    """
    if not files and manifest is None:
        raise click.UsageError("give FILE arguments or --manifest FILE")
    if manifest is not None and url is not None:
        raise click.UsageError("--url names one page; in a manifest each row has its url")
    pages = [SavedPage(path, url) for path in files]
    if manifest is not None:
        pages += read_manifest(manifest)
    pages = [_with_source(page, _registry(app, pages), timezone) for page in pages]
    rows: list[dict[str, Any]] = []
    failures = 0
    for page, row, error in _extracted(pages, workers if manifest is not None else 1):
        if row is None:
            click.echo(f"error: {page.path}: {error}", err=True)
            failures += 1
        elif fmt == "jsonl":
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            rows.append(row)
    if fmt != "jsonl":
        from polwire.console.output import render

        render(rows, fmt, COLUMNS)
    if failures:
        sys.exit(1)


def read_manifest(path: Path) -> list[SavedPage]:
    """The pages a manifest lists: JSONL objects or CSV rows with ``file`` and ``url``."""
    text = path.read_text(encoding="utf-8-sig")
    base = path.parent
    pages = []
    if path.suffix.lower() in (".jsonl", ".json", ".ndjson") or text.lstrip().startswith("{"):
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except ValueError as exc:
                raise click.UsageError(f"{path}:{number}: not a JSON object ({exc})") from None
            if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
                raise click.UsageError(f'{path}:{number}: needs a "file" string')
            pages.append(SavedPage(base / entry["file"], _text_or_none(entry.get("url"))))
        return pages
    reader = csv.reader(text.splitlines())
    for number, row in enumerate(reader, start=1):
        if not row or (number == 1 and [c.strip().lower() for c in row[:2]] == ["file", "url"]):
            continue
        pages.append(
            SavedPage(base / row[0].strip(), _text_or_none(row[1] if len(row) > 1 else ""))
        )
    return pages


def _text_or_none(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _registry(app: AppContext, pages: list[SavedPage]) -> Registry | None:
    """The source registry, when a page has a web URL to look a source up by."""
    if not any(page.url and page.url.startswith(("http://", "https://")) for page in pages):
        return None
    from crawler.sources.registry import load_registry

    return load_registry(app.config)


def _with_source(page: SavedPage, registry: Registry | None, timezone: str | None) -> SavedPage:
    source = registry.for_url(page.url) if registry is not None and page.url else None
    if source is None:
        return SavedPage(page.path, page.url, timezone=timezone)
    return SavedPage(page.path, page.url, source.page, timezone or source.timezone, source.language)


Extracted = tuple[SavedPage, dict[str, Any] | None, str | None]


def _extracted(pages: list[SavedPage], workers: int | None) -> Iterator[Extracted]:
    """Each page with its row or its error, in order; on several processes for many pages."""
    count = min(workers or os.cpu_count() or 1, len(pages))
    if count <= 1:
        yield from map(extract_saved_page, pages)
        return
    with ProcessPoolExecutor(max_workers=count) as pool:
        yield from pool.map(extract_saved_page, pages, chunksize=4)


def extract_saved_page(page: SavedPage) -> Extracted:
    """One page's row, or why it could not be read (a worker's whole job)."""
    try:
        html = read_page(page.path)
    except (OSError, EOFError) as exc:  # unreadable, or a broken .gz
        return page, None, getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    fields = extract_fields(
        html,
        url=page.url or page.path.resolve().as_uri(),
        timezone=page.timezone,
        page=page.page,
        language=page.language,
    )
    return page, {"file": str(page.path), **fields}, None


def read_page(path: Path) -> bytes:
    """A saved page's bytes; gzip-compressed files (``page.html.gz``, as benchmarks and
    crawlers often keep pages) are read through."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def extract_fields(
    html: bytes,
    *,
    url: str,
    timezone: str | None,
    page: str | None = None,
    language: str | None = None,
) -> dict[str, Any]:
    """The DESIGN.md fields of one page, cleaned as a crawl cleans them (one code path)."""
    from crawler.extraction.record import extract_record
    from crawler.extraction.site import load_page_class

    record = extract_record(
        html, url=url, timezone=timezone, page=load_page_class(page), language=language
    )
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
