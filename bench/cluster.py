"""Crawl-cluster scale, measured: N sources on a local site whose article pages answer after a
delay (as real sites do), each source on a host of its own, crawled by 1 worker and by 3
workers (concurrency 2 each) side by side in one run; prints the wall time ratio, the overhead
of a crawl task over a direct crawl, and the scheduler's cost per dispatched crawl.

    DATABASE_URL=postgresql://postgres@127.0.0.1/postgres \\
        .venv/bin/python bench/cluster.py [--sources 60] [--articles 4] [--delay 3]

Needs Redis on 127.0.0.1:6379 (POLWIRE_TEST_REDIS for another); uses databases of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from polwire.cluster.app import cluster_app  # noqa: E402
from polwire.config import ClusterConfig, Config  # noqa: E402
from polwire.runs.lifecycle import RunLifecycle, RunLimits  # noqa: E402
from polwire.runs.request import CrawlRequest  # noqa: E402
from polwire.storage.connection import connect  # noqa: E402
from polwire.storage.migrate import upgrade  # noqa: E402
from polwire.storage.pool import open_pool  # noqa: E402
from scheduler.dispatch import CrawlDispatcher  # noqa: E402
from tests.support.cluster import REDIS_URL, WorkerProcess  # noqa: E402
from tests.support.feeds import rss  # noqa: E402
from tests.support.newsroom import BY_SLUG, story_names  # noqa: E402
from tests.support.newsroom_pages import story_page  # noqa: E402
from tests.support.scheduler_process import wait_until  # noqa: E402
from tests.support.server import Page, SiteServer  # noqa: E402

CREATED: list[str] = []


def fresh_database(admin_url: str) -> str:
    name = f"polwire_bench_cluster_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    CREATED.append(name)
    params = conninfo_to_dict(admin_url)
    params["dbname"] = name
    url = make_conninfo(**params)
    with psycopg.connect(url) as conn:
        upgrade(conn)
        conn.commit()
    return url


def host(source: str) -> str:
    return f"{source}.bench.test"


def build_site(
    sources: list[str], articles: int, delay: float
) -> tuple[SiteServer, dict[str, str]]:
    """One server; every source on a host of its own (mapped to it), so that per-domain
    politeness limits each source, not the whole bench."""
    server = SiteServer()
    fixtures = story_names(40)
    when = datetime(2025, 1, 1, tzinfo=UTC)
    for index, source in enumerate(sources):
        base = f"http://{host(source)}"
        entries = []
        for j in range(articles):
            name = fixtures[(index * articles + j) % len(fixtures)]
            path = f"/{source}/news/{name}.html"
            page = story_page(BY_SLUG[name], f"{base}{path}")
            server.pages[path] = Page(page, delay=delay)
            entries.append((path, when + timedelta(minutes=j)))
        server.pages[f"/{source}/feed.xml"] = Page(rss(base, entries), "application/rss+xml")
    server.fallback = lambda path: (
        Page(b"User-agent: *\nAllow: /\n", "text/plain") if path == "/robots.txt" else None
    )
    return server, {host(s): server.base_url for s in sources}


def write_config(path: Path, sources: list[str], queue: str) -> Path:
    lines = [f'[cluster]\nqueue = "{queue}"\nheartbeat_seconds = 2\n']
    for source in sources:
        lines.append(
            f'[[sources]]\nname = "{source}"\nfeeds = ["http://{host(source)}/{source}/feed.xml"]\n'
            'country = "JP"\ntimezone = "Asia/Tokyo"\n'
        )
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def settle(db_url: str, count: int, timeout: float) -> None:
    with psycopg.connect(db_url, autocommit=True) as db:
        wait_until(
            lambda: (
                db.execute(
                    "SELECT count(*) FROM crawl_dispatches WHERE state IN ('done', 'skipped')"
                ).fetchone()[0]
                >= count
            ),
            timeout,
            f"{count} crawls done",
        )


def run_cluster(
    admin_url: str,
    work: Path,
    label: str,
    sources: list[str],
    host_map: dict[str, str],
    workers: int,
    concurrency: int,
    timeout: float,
    redis_db: int,
) -> dict[str, float]:
    db_url = fresh_database(admin_url)
    queue = f"polwire.bench.{label}.{uuid.uuid4().hex[:6]}"
    config = write_config(work / f"{label}.toml", sources, queue)
    broker = f"{REDIS_URL}/{redis_db}"
    env = {"DATABASE_URL": db_url, "POLWIRE_CONFIG": str(config), "POLWIRE_BROKER_URL": broker}
    started = [
        WorkerProcess(f"{label}-w{i + 1}", env, work / f"{label}-w{i + 1}", concurrency)
        for i in range(workers)
    ]
    try:
        with psycopg.connect(db_url, autocommit=True) as db:
            wait_until(
                lambda: (
                    db.execute(
                        "SELECT count(*) FROM cluster_workers WHERE state = 'running'"
                    ).fetchone()[0]
                    >= workers
                ),
                60,
                "workers registered",
            )
        time.sleep(2)  # their Celery consumers are up a moment after they register
        pool = open_pool(db_url, application_name="bench dispatcher", max_size=1)
        app = cluster_app(broker, ClusterConfig(queue=queue))
        dispatcher = CrawlDispatcher(pool=pool, app=app, queue=queue)
        settings = (f"POLWIRE_HOST_MAP={json.dumps(host_map)}",)
        t0 = time.perf_counter()
        for source in sources:
            dispatcher.dispatch(source, settings=settings)
        dispatch_seconds = time.perf_counter() - t0
        settle(db_url, len(sources), timeout)
        wall = time.perf_counter() - t0
        with psycopg.connect(db_url, autocommit=True) as db:
            statuses = dict(
                db.execute("SELECT status, count(*) FROM crawl_runs GROUP BY 1").fetchall()
            )
            stored = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        pool.close()
        return {
            "wall": wall,
            "dispatch_ms": dispatch_seconds / len(sources) * 1000,
            "succeeded": statuses.get("succeeded", 0),
            "runs": sum(statuses.values()),
            "stored": stored,
        }
    finally:
        for worker in started:
            worker.stop()


def task_overhead(
    admin_url: str, work: Path, host_map: dict[str, str], sources: list[str], redis_db: int
) -> tuple[float, float]:
    """Median seconds of a direct crawl (crawler.process, as `polwire crawl` runs it) and of
    the same crawl as a task (dispatched, claimed, crawled, recorded) on an idle worker."""
    db_url = fresh_database(admin_url)
    queue = f"polwire.bench.overhead.{uuid.uuid4().hex[:6]}"
    config = write_config(work / "overhead.toml", sources, queue)
    broker = f"{REDIS_URL}/{redis_db}"
    settings = (f"POLWIRE_HOST_MAP={json.dumps(host_map)}",)
    half = len(sources) // 2
    direct = []
    lifecycle = RunLifecycle(
        connector=lambda: connect(db_url),
        home=work / "direct-home",
        config=Config(),
        limits=RunLimits(),
    )
    for source in sources[:half]:
        request = CrawlRequest(
            source=source,
            database_url=db_url,
            home=work / "direct-home",
            config_path=str(config),
            settings=settings,
        )
        t0 = time.perf_counter()
        result = lifecycle.run(request)
        direct.append(time.perf_counter() - t0)
        assert result is not None and result.status == "succeeded", result
    env = {"DATABASE_URL": db_url, "POLWIRE_CONFIG": str(config), "POLWIRE_BROKER_URL": broker}
    worker = WorkerProcess("overhead-w1", env, work / "overhead-w1", 1)
    try:
        with psycopg.connect(db_url, autocommit=True) as db:
            wait_until(
                lambda: db.execute("SELECT count(*) FROM cluster_workers").fetchone()[0] >= 1,
                60,
                "worker registered",
            )
        time.sleep(2)
        pool = open_pool(db_url, application_name="bench dispatcher", max_size=1)
        dispatcher = CrawlDispatcher(
            pool=pool, app=cluster_app(broker, ClusterConfig(queue=queue)), queue=queue
        )
        queued = []
        for index, source in enumerate(sources[half:], start=1):
            t0 = time.perf_counter()
            dispatcher.dispatch(source, settings=settings)
            settle(db_url, index, 300)
            queued.append(time.perf_counter() - t0)
        pool.close()
    finally:
        worker.stop()
    return statistics.median(direct), statistics.median(queued)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=60)
    parser.add_argument("--articles", type=int, default=4, help="article pages per source")
    parser.add_argument("--delay", type=float, default=3.0, help="seconds an article takes")
    parser.add_argument("--overhead-samples", type=int, default=3)
    parser.add_argument(
        "--redis-db", type=int, help="the Redis database to use (default: one from the pid)"
    )
    args = parser.parse_args()
    admin_url = os.environ.get("DATABASE_URL")
    if not admin_url:
        print("set DATABASE_URL", file=sys.stderr)
        return 2
    sources = [f"b{i:03d}" for i in range(args.sources)]
    extra = [f"o{i:02d}" for i in range(2 * args.overhead_samples)]
    server, host_map = build_site(sources + extra, args.articles, args.delay)
    redis_db = args.redis_db if args.redis_db is not None else 1 + os.getpid() % 15
    timeout = args.sources * (args.articles * args.delay + 30)
    try:
        with server, tempfile.TemporaryDirectory(prefix="polwire-bench-cluster-") as tmp:
            work = Path(tmp)
            one = run_cluster(admin_url, work, "one", sources, host_map, 1, 2, timeout, redis_db)
            three = run_cluster(
                admin_url, work, "three", sources, host_map, 3, 2, timeout, redis_db
            )
            direct, queued = task_overhead(admin_url, work, host_map, extra, redis_db)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            for name in CREATED:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    print(
        f"{args.sources} sources x {args.articles} article pages answering after "
        f"{args.delay:g}s, one host each; load average {os.getloadavg()[0]:.1f}"
    )
    print("| | wall s | runs succeeded | articles stored | dispatch ms/crawl |")
    print("| --- | --- | --- | --- | --- |")
    for label, figures in (("1 worker x 2", one), ("3 workers x 2", three)):
        print(
            f"| {label} | {figures['wall']:.1f} | {figures['succeeded']:.0f}/{figures['runs']:.0f}"
            f" | {figures['stored']:.0f} | {figures['dispatch_ms']:.2f} |"
        )
    print(
        f"wall time ratio, 3 workers / 1 worker: {three['wall'] / one['wall']:.2f} (target <= 0.45)"
    )
    print(
        f"one crawl: direct {direct:.2f}s, as a task {queued:.2f}s: overhead per task "
        f"{queued - direct:+.2f}s (median of {args.overhead_samples})"
    )
    print(
        f"scheduler's cost per dispatched crawl (row + publish): "
        f"{(one['dispatch_ms'] + three['dispatch_ms']) / 2:.2f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
