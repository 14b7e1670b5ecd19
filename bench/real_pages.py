"""Real pages for the benches (POLWIRE_FIXTURES: news/, readability/, trafilatura-de/), and
throwaway databases to run polwire against; imported by bench/crawl.py and bench/import.py."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(os.environ.get("POLWIRE_FIXTURES", ROOT.parent / "shared" / "fixtures"))


def real_pages(limit: int | None = None) -> list[tuple[str, bytes]]:
    """(name, HTML bytes) of every saved page: the news set, readability's test pages and
    trafilatura's German evaluation pages, in that order."""
    if not FIXTURES.is_dir():
        sys.exit(f"no fixture pages at {FIXTURES} (set POLWIRE_FIXTURES)")
    pages = [(p.stem, p.read_bytes()) for p in sorted((FIXTURES / "news").glob("*.html"))]
    for source in sorted((FIXTURES / "readability").glob("*/source.html*")):
        pages.append((f"readability-{source.parent.name}", _read(source)))
    for page in sorted((FIXTURES / "trafilatura-de" / "pages").glob("*.html*")):
        pages.append((f"de-{page.name.split('.')[0]}", _read(page)))
    return pages[:limit]


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


@contextmanager
def scratch_database(admin_url: str, label: str) -> Iterator[str]:
    """A new, migrated database, dropped afterwards."""
    name = f"polwire_bench_{label}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    url = make_conninfo(**{**conninfo_to_dict(admin_url), "dbname": name})
    try:
        subprocess.run(
            [sys.executable, "-m", "polwire.console", "--database-url", url, "db", "upgrade"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        yield url
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
