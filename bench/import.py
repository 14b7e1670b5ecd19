"""Import throughput: `polwire import` of a WARC written from real pages, with 1 and with 2
extraction worker processes, against news-please's WARC extraction (`NewsPlease.from_warc`,
what its Common Crawl extractor runs per record) on the same file, side by side in one run.

    DATABASE_URL=postgresql://postgres@127.0.0.1/postgres .venv/bin/python bench/import.py

The WARC holds every page of the fixture sets (news, readability, trafilatura-de: 836) as
often as it takes to reach --records response records (each copy under another host, as a
CC-NEWS file holds many outlets), each with its request record, gzipped per record. polwire
imports it with --any-host into a fresh database per run. news-please is installed with pip
into a venv of its own under a temporary directory (--news-please-venv DIR: made there the
first time, then reused); it reads the first --news-please-records records of the same
file, since it is much slower.
Pages/s: response records taken through extraction and the pipelines (stored, duplicate or
dropped with a reason) per second of the whole command, start-up included.

Backfill (--cc-news-records N, 0 to skip): a CC-NEWS-like WARC of N responses of which 1% are
one source's (the rest thousands of other outlets), imported with `polwire import --source`,
side by side with a bare warcio pass over the same file (every record's headers, as a
reader that wants nothing of the payloads); the ratio is warcio's time over polwire's
(target >= 0.8), whole commands, start-up included.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import psycopg  # noqa: E402
from machine import children_cpu, load_line, postgres_cpu  # noqa: E402
from real_pages import real_pages, scratch_database  # noqa: E402

from tests.support.warc_files import ArchivedPage, write_warc  # noqa: E402

NEWS_PLEASE_SCRIPT = r"""
import json, sys, time, logging
logging.disable(logging.CRITICAL)
start = time.monotonic()
from newsplease import NewsPlease
from warcio.archiveiterator import ArchiveIterator
limit, seen, articles, failed = int(sys.argv[2]), 0, 0, 0
with open(sys.argv[1], "rb") as fh:
    for record in ArchiveIterator(fh):
        if record.rec_type != "response":
            continue
        if seen == limit:
            break
        seen += 1
        try:
            article = NewsPlease.from_warc(record, fetch_images=False)
            articles += bool(article and article.maintext)
        except Exception:
            failed += 1
print(json.dumps({"records": seen, "articles": articles, "failed": failed,
                  "seconds": time.monotonic() - start}))
"""


def build_warc(path: Path, records: int) -> int:
    pages = real_pages()
    archived = []
    copy = 0
    while len(archived) < records:
        for name, body in pages:
            archived.append(ArchivedPage(f"http://copy{copy}.bench.example/{name}.html", body))
            if len(archived) == records:
                break
        copy += 1
    write_warc(path, archived)
    return len(archived)


BARE_WARCIO_SCRIPT = r"""
import sys
from warcio.archiveiterator import ArchiveIterator
responses = 0
with open(sys.argv[1], "rb") as fh:
    for record in ArchiveIterator(fh):
        if record.rec_type == "response":
            responses += record.rec_headers.get_header("WARC-Target-URI") is not None
"""
SOURCE_HOST = "news.backfill.example"


def build_cc_news(path: Path, records: int) -> int:
    """N responses, one in a hundred of SOURCE_HOST, the others each of a host of its own."""
    pages = real_pages()
    archived = []
    for n in range(records):
        name, body = pages[n % len(pages)]
        host = SOURCE_HOST if n % 100 == 0 else f"outlet{n}.elsewhere.example"
        archived.append(ArchivedPage(f"http://{host}/{n}/{name}.html", body))
    write_warc(path, archived)
    return sum(1 for page in archived if SOURCE_HOST in page.url)


def backfill(warc: Path, admin: str, work: Path) -> tuple[float, float, str]:
    """(polwire import seconds, bare warcio seconds, polwire's summary line)."""
    config = work / "backfill.toml"
    config.write_text(
        f'[[sources]]\nname = "backfill"\nhome = "http://{SOURCE_HOST}/"\n'
        f'feeds = ["http://{SOURCE_HOST}/feed.xml"]\n',
        encoding="utf-8",
    )
    with scratch_database(admin, "backfill") as url:
        env = {**os.environ, "DATABASE_URL": url, "POLWIRE_HOME": str(work / "home-backfill")}
        env["POLWIRE_CONFIG"] = str(config)
        command = [sys.executable, "-m", "polwire.console", "import", str(warc)]
        start = time.monotonic()
        done = subprocess.run(
            [*command, "--source", "backfill"], env=env, cwd=ROOT, capture_output=True, text=True
        )
        ours = time.monotonic() - start
        if done.returncode != 0:
            sys.exit(f"polwire import failed:\n{done.stdout}\n{done.stderr[-2000:]}")
    start = time.monotonic()
    subprocess.run([sys.executable, "-c", BARE_WARCIO_SCRIPT, str(warc)], check=True)
    return ours, time.monotonic() - start, done.stdout.strip()


def readers(warc: Path) -> tuple[float, float]:
    """Seconds of polwire's record reader (told the source's host) and of warcio's iterator
    over the same file, in this process: what the import costs past its start-up."""
    from warcio.archiveiterator import ArchiveIterator

    from crawler.warc.records import read_archive

    start = time.perf_counter()
    for _ in read_archive(str(warc), wanted=lambda url: SOURCE_HOST in url):
        pass
    ours = time.perf_counter() - start
    start = time.perf_counter()
    with warc.open("rb") as fh:
        for record in ArchiveIterator(fh):
            record.rec_headers.get_header("WARC-Target-URI")
    return ours, time.perf_counter() - start


def polwire_import(warc: Path, url: str, home: Path, workers: int) -> dict[str, float]:
    env = {**os.environ, "DATABASE_URL": url, "POLWIRE_HOME": str(home)}
    env.pop("POLWIRE_CONFIG", None)
    command = [
        sys.executable,
        "-m",
        "polwire.console",
        "import",
        str(warc),
        "--any-host",
        "--name",
        "bench_import",
        "-s",
        f"POLWIRE_EXTRACT_WORKERS={workers}",
    ]
    cpu, database, start = children_cpu(), postgres_cpu(), time.monotonic()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    wall, used = time.monotonic() - start, children_cpu() - cpu
    database = postgres_cpu() - database
    if done.returncode != 0:
        sys.exit(f"polwire import failed:\n{done.stdout}\n{done.stderr[-2000:]}")
    print(f"  {done.stdout.strip()}")
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT items_stored, items_duplicate, items_dropped,"
            " (stats->>'polwire/process_cpu_seconds')::float FROM crawl_runs"
            " ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert row is not None
    stored, duplicate, dropped = (int(v) for v in row[:3])
    # Where the CPU went: the import process (what no worker can take over), the rest of
    # the command (its extraction workers, and `polwire import` itself), PostgreSQL.
    print(
        f"  CPU s: import process {row[3]:.1f}, its workers and the command"
        f" {used - row[3]:.1f}, PostgreSQL {database:.1f}"
    )
    return {
        "wall": wall,
        "cpu": used,
        "pages": stored + duplicate + dropped,
        "stored": stored,
    }


def news_please(warc: Path, venv: Path | None, limit: int, work: Path) -> dict[str, float] | str:
    venv = venv or work / "news-please-venv"
    if not (venv / "bin" / "python").exists():  # made here (and kept, when it was named)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", "news-please"],
            capture_output=True,
            text=True,
        )
        if pip.returncode != 0:
            return "pip could not install news-please: " + pip.stderr.strip().splitlines()[-1]
    cpu, start = children_cpu(), time.monotonic()
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-c", NEWS_PLEASE_SCRIPT, str(warc), str(limit)],
        capture_output=True,
        text=True,
    )
    wall, used = time.monotonic() - start, children_cpu() - cpu
    if done.returncode != 0:
        return "news-please failed: " + done.stderr.strip()[-500:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return {"wall": wall, "cpu": used, "pages": figures["records"], "stored": figures["articles"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=2000, help="0: no throughput runs")
    parser.add_argument("--news-please-records", type=int, default=300)
    parser.add_argument("--news-please-venv", type=Path)
    parser.add_argument("--cc-news-records", type=int, default=5000, help="0: no backfill run")
    args = parser.parse_args()
    admin = os.environ.get("DATABASE_URL")
    if not admin:
        sys.exit("DATABASE_URL is not set")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.records:
            throughput(args, admin, work)
        if args.cc_news_records:
            cc_news = work / "cc-news.warc.gz"
            own = build_cc_news(cc_news, args.cc_news_records)
            ours, bare, line = backfill(cc_news, admin, work)
            size = cc_news.stat().st_size / 1e6
            print(
                f"\nBackfill: {args.cc_news_records} responses, {own} of the source, {size:.0f} MB"
            )
            print(f"  {line}")
            print(f"  polwire import --source: {ours:.1f} s; bare warcio pass: {bare:.1f} s")
            print(f"  bare warcio / polwire: {bare / ours:.2f} (target >= 0.8)")
            reader, warcio_only = readers(cc_news)
            print(
                f"  the readers alone, in process: polwire's {reader:.2f} s, warcio's"
                f" {warcio_only:.2f} s ({warcio_only / reader:.2f})"
            )
            print(load_line())


def throughput(args: argparse.Namespace, admin: str, work: Path) -> None:
    """polwire import with 1 and 2 extraction workers, and news-please, on one file."""
    warc = work / "bench.warc.gz"
    records = build_warc(warc, args.records)
    print(f"WARC: {records} response records ({warc.stat().st_size / 1e6:.0f} MB gzipped)\n")
    results: dict[str, dict[str, float] | str] = {}
    for workers in (1, 2):
        with scratch_database(admin, "import") as url:
            results[f"polwire import, {workers} worker process(es)"] = polwire_import(
                warc, url, work / f"home{workers}", workers
            )
    results["news-please from_warc"] = news_please(
        warc, args.news_please_venv, args.news_please_records, work
    )
    print(f"\n{'':36} {'pages':>6} {'stored':>6} {'wall s':>8} {'CPU s':>8} {'pages/s':>8}")
    for name, figures in results.items():
        if isinstance(figures, str):
            print(f"{name:36} {figures}")
            continue
        rate = figures["pages"] / figures["wall"]
        print(
            f"{name:36} {figures['pages']:6.0f} {figures['stored']:6.0f}"
            f" {figures['wall']:8.1f} {figures['cpu']:8.1f} {rate:8.1f}"
        )
    one, two = (results[f"polwire import, {n} worker process(es)"] for n in (1, 2))
    assert isinstance(one, dict) and isinstance(two, dict)
    rate_one, rate_two = one["pages"] / one["wall"], two["pages"] / two["wall"]
    print(load_line())
    print(f"\n2 workers / 1 worker: {rate_two / rate_one:.2f}x (target >= 1.7x)")
    other = results["news-please from_warc"]
    if isinstance(other, dict):
        print(
            f"polwire (2 workers) / news-please: {rate_two / (other['pages'] / other['wall']):.1f}x"
            " (target >= 5x)"
        )


if __name__ == "__main__":
    main()
