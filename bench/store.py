"""Storage write speed: polwire's batched store versus a raw COPY of the same rows.

    DATABASE_URL=postgresql://postgres@127.0.0.1/postgres python bench/store.py [--rows N]

Creates a scratch database, writes N synthetic articles both ways (same rows,
same batch size, same row preparation including HTML compression), and prints
rows/s for each and their ratio. The target is a ratio of at least 0.5.
"""

from __future__ import annotations

import argparse
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
from crawler.text import content_hash
from storage.articles import (
    ArticleRow,
    _staged_values,
    compress_html,
    store_articles,
)
from storage.migrate import upgrade

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

BARE_TABLE = """
CREATE TABLE bare_articles (
    ord integer, source text, url text, urls text[], title text, authors text[],
    published_at timestamptz, modified_at timestamptz, section text, language text,
    countries text[], wire text, dateline text, body text, word_count integer,
    content_hash text, fetched_at timestamptz, field_layers jsonb, http_encoding text,
    html_zlib bytea
)
"""


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


def time_store(url: str, rows: list[ArticleRow], batch: int) -> float:
    with psycopg.connect(url) as conn:
        started = time.perf_counter()
        for i in range(0, len(rows), batch):
            store_articles(conn, rows[i : i + batch], run_id=None)
        return time.perf_counter() - started


def time_raw_copy(url: str, rows: list[ArticleRow], batch: int) -> float:
    with psycopg.connect(url) as conn:
        conn.execute(BARE_TABLE)
        conn.commit()
        started = time.perf_counter()
        for i in range(0, len(rows), batch):
            with conn.transaction(), conn.cursor().copy("COPY bare_articles FROM STDIN") as copy:
                for ord_, row in enumerate(rows[i : i + batch]):
                    # The same values the store sends, HTML compressed the same way.
                    assert row.html is not None
                    copy.write_row((*_staged_values(ord_, row), compress_html(row.html)))
        return time.perf_counter() - started


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
    rows = synthetic_rows(args.rows)
    print(
        f"{args.rows} synthetic articles, batches of {args.batch}, {args.rounds} rounds "
        "(each round in fresh databases, best round reported)"
    )
    best_store = best_copy = float("inf")
    for _ in range(args.rounds):
        for kind in ("store", "copy"):
            name = f"polwire_bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {name}")
            params = conninfo_to_dict(admin)
            params["dbname"] = name
            url = make_conninfo(**params)
            try:
                if kind == "store":
                    with psycopg.connect(url) as conn:
                        upgrade(conn)
                        conn.commit()
                    best_store = min(best_store, time_store(url, rows, args.batch))
                else:
                    best_copy = min(best_copy, time_raw_copy(url, rows, args.batch))
            finally:
                with psycopg.connect(admin, autocommit=True) as conn:
                    conn.execute(f"DROP DATABASE {name} WITH (FORCE)")
    store_rate, copy_rate = args.rows / best_store, args.rows / best_copy
    print(f"{'method':<34}{'rows/s':>10}{'seconds':>10}")
    print(f"{'polwire store_articles':<34}{store_rate:>10.0f}{best_store:>10.2f}")
    print(f"{'raw COPY into a bare table':<34}{copy_rate:>10.0f}{best_copy:>10.2f}")
    print(f"ratio store / raw COPY: {store_rate / copy_rate:.2f} (target >= 0.5)")


if __name__ == "__main__":
    main()
