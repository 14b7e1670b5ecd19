"""Storage write speed: polwire's batched store versus a raw COPY of the same rows.

    DATABASE_URL=postgresql://postgres@127.0.0.1/postgres python bench/store.py [--rows N]

Creates a scratch database, writes N synthetic articles both ways (same rows,
same batch size, same row preparation including HTML compression), and prints
rows/s for each and their ratio. The target is a ratio of at least 0.5.

Search vectors are made after a batch commits (storage/search_index.py), in a crawl by
a thread of its own: the store line times the batches, the next line times indexing
what they stored, and the last one both, one after the other.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler import settings
from polwire.core.text import content_hash
from polwire.storage.articles import (
    STAGED_COLUMNS,
    STAGED_TYPES,
    ArticleRow,
    _staged_values,
    compress_html,
    store_articles,
)
from polwire.storage.dedupe_keys import with_dedupe_keys
from polwire.storage.migrate import upgrade
from polwire.storage.search_index import index_pending, pending_count

WORDS = [
    "minister",
    "parliament",
    "election",
    "policy",
    "government",
    "talks",
    "summit",
    "defense",
    "trade",
    "president",
    "assembly",
    "party",
    "vote",
    "security",
    "alliance",
    "budget",
    "reform",
    "court",
    "leader",
    "statement",
    "officials",
    "agreed",
    "Seoul",
    "Tokyo",
    "Beijing",
    "Taipei",
    "Pyongyang",
    "sanctions",
]

# The same columns the store stages, in the same order, plus the compressed page.
BARE_TABLE = "CREATE TABLE bare_articles ({}, html_zlib bytea)".format(
    ", ".join(f"{name} {pg_type}" for name, pg_type in STAGED_COLUMNS[:-3])
)


def synthetic_rows(count: int, seed: int = 7) -> list[ArticleRow]:
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    rows = []
    for i in range(count):
        paragraphs = [" ".join(rng.choices(WORDS, k=rng.randint(30, 70))) for _ in range(8)]
        body = "\n\n".join(paragraphs)
        url = f"https://news.example/{i // 1000}/{uuid.UUID(int=rng.getrandbits(128))}"
        html = (
            "<html><head><title>x</title></head><body><nav>"
            + "<a href='/s'>section</a>" * 80
            + "</nav><article>"
            + "".join(f"<p>{p}</p>" for p in paragraphs)
            + "</article></body></html>"
        )
        rows.append(
            ArticleRow(
                source="bench",
                url=url,
                urls=[url, url + "?utm_source=rss"],
                title=" ".join(rng.choices(WORDS, k=10)),
                body=body,
                content_hash=content_hash(body),
                fetched_at=start + timedelta(seconds=i),
                authors=["A Writer"],
                published_at=start + timedelta(seconds=i),
                section="politics",
                language="en",
                countries=["JP", "KR"],
                wire=None,
                word_count=len(body.split()),
                field_layers={"title": "jsonld", "body": "generic"},
                html=html.encode(),
            )
        )
    return rows


def add_dedupe_data(rows: list[ArticleRow]) -> None:
    """What the store pipeline adds before storing: URL dedupe keys, MinHash sketch and LSH
    band keys (made by the crawl, not timed here)."""
    for row in rows:
        with_dedupe_keys(row)


def time_store(url: str, rows: list[ArticleRow], batch: int) -> tuple[float, float, str]:
    """Seconds to store the rows, seconds to index them for search, and how long the first
    and the last batches took (flat when nothing scans the growing archive)."""
    with psycopg.connect(url) as conn:
        batches: list[float] = []
        for i in range(0, len(rows), batch):
            started = time.perf_counter()
            store_articles(conn, rows[i : i + batch], run_id=None)
            batches.append(time.perf_counter() - started)
        stored = time.perf_counter()
        indexed = index_pending(conn)
        indexing = time.perf_counter() - stored
        assert indexed == len(rows) and pending_count(conn) == 0
        few = max(1, len(batches) // 5)
        trend = (
            f"first {few} batches {1000 * sum(batches[:few]) / few:.0f} ms each, "
            f"last {few} {1000 * sum(batches[-few:]) / few:.0f} ms"
        )
        return sum(batches), indexing, trend


def time_raw_copy(url: str, rows: list[ArticleRow], batch: int, *, binary: bool) -> float:
    statement = "COPY bare_articles FROM STDIN" + (" (FORMAT BINARY)" if binary else "")
    with psycopg.connect(url) as conn:
        conn.execute(BARE_TABLE)
        conn.commit()
        started = time.perf_counter()
        for i in range(0, len(rows), batch):
            with conn.transaction(), conn.cursor().copy(statement) as copy:
                if binary:
                    copy.set_types([*STAGED_TYPES[: len(STAGED_TYPES) - 3], "bytea"])
                for ord_, row in enumerate(rows[i : i + batch]):
                    # The same values the store sends, HTML compressed the same way.
                    assert row.html is not None
                    copy.write_row((*_staged_values(ord_, row), compress_html(row.html)))
        return time.perf_counter() - started


def scratch_database(admin: str) -> str:
    name = f"polwire_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
        # Flush the new database's pages now, not in a checkpoint during the timing.
        with contextlib.suppress(psycopg.errors.InsufficientPrivilege):
            conn.execute("CHECKPOINT")
    params = conninfo_to_dict(admin)
    params["dbname"] = name
    return make_conninfo(**params)


def drop_database(admin: str, url: str) -> None:
    name = conninfo_to_dict(url)["dbname"]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument(
        "--batch",
        type=int,
        default=settings.POLWIRE_STORE_BATCH_SIZE,
        help="rows per batch (default: the store pipeline's)",
    )
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    admin = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1/postgres")
    plain = synthetic_rows(args.rows)
    sketched = synthetic_rows(args.rows)  # the same rows, with what the crawl adds
    add_dedupe_data(sketched)
    print(
        f"{args.rows} synthetic articles, batches of {args.batch}, {args.rounds} rounds "
        "(each round in fresh databases, best round reported)"
    )
    best: dict[str, float] = {}
    index_seconds: dict[str, float] = {}
    trends: dict[str, str] = {}
    for _ in range(args.rounds):
        for kind in ("store", "store+stories", "copy text", "copy binary"):
            url = scratch_database(admin)
            try:
                if kind.startswith("store"):
                    with psycopg.connect(url) as conn:
                        upgrade(conn)
                        conn.commit()
                    rows = plain if kind == "store" else sketched
                    seconds, indexing, trend = time_store(url, rows, args.batch)
                    if seconds < best.get(kind, float("inf")):
                        index_seconds[kind], trends[kind] = indexing, trend
                else:
                    seconds = time_raw_copy(url, plain, args.batch, binary=kind == "copy binary")
                best[kind] = min(best.get(kind, float("inf")), seconds)
            finally:
                drop_database(admin, url)
    copy = min(best["copy text"], best["copy binary"])  # the faster raw COPY is the yardstick
    lines = [
        ("store_articles: articles, URLs, pages", best["store"]),
        ("  + dedupe keys, MinHash sketches (LSH, stories)", best["store+stories"]),
        ("raw COPY into a bare table (text)", best["copy text"]),
        ("raw COPY into a bare table (binary)", best["copy binary"]),
        ("search indexing after the batches", index_seconds["store"]),
    ]
    print(f"{'method':<50}{'rows/s':>9}{'seconds':>9}{'/ COPY':>8}")
    for label, seconds in lines:
        print(f"{label:<50}{args.rows / seconds:>9.0f}{seconds:>9.2f}{copy / seconds:>8.2f}")
    for kind, trend in trends.items():
        print(f"{kind}: {trend}")
    print(f"ratio store / faster raw COPY: {copy / best['store']:.2f} (target >= 0.5)")
    print(
        "ratio with sketches, LSH and stories (the crawl's default): "
        f"{copy / best['store+stories']:.2f}; store then search indexing: "
        f"{copy / (best['store'] + index_seconds['store']):.2f}"
    )


if __name__ == "__main__":
    main()
