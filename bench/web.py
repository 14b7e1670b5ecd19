"""Latency of `polwire web` over a big synthetic history (100 sources, 100,000 runs), side by
side with the raw SQL each page runs.

    DATABASE_URL=postgresql://postgres@127.0.0.1/postgres .venv/bin/python bench/web.py

It fills a scratch database (polwire_bench_web, kept for the next run unless --reload) with
synthetic crawl_runs rows carrying stats and health verdicts like real ones, starts the real
`polwire web` on it, then times N requests to the overview, a run's page and /metrics (and,
for reference, /api/runs and a source's page), each against the same statements run straight
through psycopg in the same run. Targets: overview and run page p95 under 100 ms, /metrics
under 200 ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from polwire.storage.leader import SCHEDULER_LOCK_KEY  # noqa: E402
from polwire.storage.migrate import upgrade  # noqa: E402
from polwire.storage.pool import READ_ONLY_REQUESTS  # noqa: E402
from polwire.storage.sql import query  # noqa: E402

DBNAME = "polwire_bench_web"
TARGETS_MS = {"overview": 100.0, "run page": 100.0, "metrics": 200.0}

FILL_RUNS = """
INSERT INTO crawl_runs (source, started_at, finished_at, status, items_stored, items_duplicate,
                        items_dropped, errors, stats, log_path, health, finish_reason, trigger,
                        hostname, pid)
SELECT 'source_' || lpad((n %% %(sources)s)::text, 3, '0'),
       started,
       started + make_interval(secs => 20 + (n * 7919 %% 1800)),
       CASE WHEN n %% 50 = 0 THEN 'failed' WHEN n %% 97 = 0 THEN 'aborted' ELSE 'succeeded' END,
       n * 31 %% 120, n %% 7, n %% 5, CASE WHEN n %% 50 = 0 THEN 40 ELSE n %% 3 END,
       jsonb_build_object(
           'downloader/request_count', 150 + n %% 90,
           'downloader/response_count', 148 + n %% 90,
           'downloader/response_bytes', 4000000 + n %% 900000,
           'downloader/response_status_count/200', 140 + n %% 90,
           'item_scraped_count', n * 31 %% 120,
           'log_count/INFO', 40, 'log_count/WARNING', n %% 9,
           'elapsed_time_seconds', 20 + (n * 7919 %% 1800),
           'finish_reason', 'finished', 'memusage/max', 180000000,
           'polwire/coverage/title', 1.0, 'polwire/coverage/published', 0.97,
           'summary', jsonb_build_object(
               'requests', 150 + n %% 90, 'responses', 148 + n %% 90,
               'responses_by_status', jsonb_build_object('200', 140 + n %% 90, '404', 8),
               'items', jsonb_build_object('stored', n * 31 %% 120, 'duplicate', n %% 7,
                                           'dropped', n %% 5, 'revised', 0),
               'dropped_by_reason', jsonb_build_object('NotAnArticle', n %% 5),
               'duration_seconds', 20 + (n * 7919 %% 1800),
               'coverage', jsonb_build_object(
                   'title', 1.0, 'published', 0.97,
                   'authors', CASE WHEN n %% 211 = 0 THEN 0.1 ELSE 0.8 END,
                   'section', 0.9, 'body', 0.95))),
       %(log_path)s,
       jsonb_build_object(
           'status', CASE WHEN n %% 50 = 0 THEN 'critical' WHEN n %% 211 = 0 THEN 'warning'
                          ELSE 'ok' END,
           'checks', jsonb_build_array(
               jsonb_build_object('name', 'finish_reason', 'status', 'ok', 'message', 'finished',
                                  'value', 'finished', 'expected', null),
               jsonb_build_object('name', 'items', 'status', 'ok', 'message', 'articles',
                                  'value', n * 31 %% 120, 'expected', 60),
               jsonb_build_object('name', 'http_errors', 'status', 'ok', 'message', '5%%',
                                  'value', 0.05, 'expected', 0.2),
               jsonb_build_object('name', 'errors', 'status',
                                  CASE WHEN n %% 50 = 0 THEN 'critical' ELSE 'ok' END,
                                  'message', 'requests failed', 'value', 0.01, 'expected', 0.1),
               jsonb_build_object('name', 'coverage', 'status',
                                  CASE WHEN n %% 211 = 0 THEN 'warning' ELSE 'ok' END,
                                  'message', 'as usual', 'value', null, 'expected', null),
               jsonb_build_object('name', 'duration', 'status', 'ok', 'message', '300s',
                                  'value', 300, 'expected', 280))),
       'finished', 'scheduler', 'bench', 1000 + n %% 30000
FROM generate_series(1, %(runs)s) AS n,
     LATERAL (SELECT now() - make_interval(mins => (%(runs)s - n) * 6) AS started) s
"""


def with_db(url: str, dbname: str) -> str:
    params = conninfo_to_dict(url)
    params["dbname"] = dbname
    return make_conninfo(**params)


def fill(admin_url: str, sources: int, runs: int, reload: bool, log_path: str) -> str:
    url = with_db(admin_url, DBNAME)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DBNAME,)).fetchone()
        if exists and reload:
            admin.execute(f"DROP DATABASE {DBNAME} WITH (FORCE)")
            exists = None
        if not exists:
            admin.execute(f"CREATE DATABASE {DBNAME}")
    with psycopg.connect(url) as conn:
        upgrade(conn)
        conn.commit()
        have = conn.execute(
            "SELECT count(*), count(DISTINCT source) FROM crawl_runs WHERE status <> 'running'"
        ).fetchone()
        if have != (runs, sources):
            started = time.perf_counter()
            conn.execute("TRUNCATE crawl_runs CASCADE")
            conn.execute("DELETE FROM scheduler_jobs")
            conn.execute(FILL_RUNS, {"sources": sources, "runs": runs, "log_path": log_path})
            # A few runs going on now, alert states and stored jobs, as the overview shows them.
            conn.execute(
                "INSERT INTO crawl_runs (source, status, log_path, hostname, pid)"
                " SELECT 'source_' || lpad(n::text, 3, '0'), 'running', %s, 'bench', 1"
                " FROM generate_series(0, 2) n",
                (log_path,),
            )
            conn.execute(
                "INSERT INTO source_alert_state (source, status, run_id, changed_at)"
                " SELECT source, 'critical', max(id), now() FROM crawl_runs"
                " WHERE status = 'failed' GROUP BY source ON CONFLICT (source) DO NOTHING"
            )
            conn.execute(
                "INSERT INTO scheduler_jobs (id, next_run_time, job_state)"
                " SELECT 'source_' || lpad(n::text, 3, '0'),"
                " extract(epoch FROM now())::float8 + n * 600, '\\x00'::bytea"
                " FROM generate_series(0, %s) n",
                (sources - 1,),
            )
            conn.commit()
            took = time.perf_counter() - started
            print(f"filled {runs:,} runs of {sources} sources in {took:.0f} s")
    with psycopg.connect(url, autocommit=True) as conn:
        # What autovacuum does soon after a crawl: it lets the metrics index answer alone.
        conn.execute("VACUUM ANALYZE crawl_runs")
    return url


def start_web(url: str, home: str) -> tuple[subprocess.Popen[str], str, int]:
    env = {**os.environ, "DATABASE_URL": url, "POLWIRE_HOME": home, "POLWIRE_WEB_TOKEN": ""}
    env.pop("POLWIRE_CONFIG", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "polwire.console", "web", "--port", "0"],
        cwd=tempfile.gettempdir(),  # no ./polwire.toml: built-in registry only
        env={**env, "PYTHONPATH": str(REPO)},
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    line = proc.stderr.readline()
    found = re.search(r"serving http://([^/:]+):(\d+)/", line)
    if not found:
        proc.kill()
        raise SystemExit(f"polwire web did not start: {line}{proc.stderr.read()}")
    return proc, found.group(1), int(found.group(2))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_http(host: str, port: int, paths: Callable[[int], str], n: int) -> list[float]:
    conn = http.client.HTTPConnection(host, port, timeout=30)
    took = []
    for i in range(n + 3):
        started = time.perf_counter()
        conn.request("GET", paths(i))
        response = conn.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise SystemExit(f"{paths(i)}: HTTP {response.status}: {body[:200]!r}")
        if i >= 3:  # the first requests warm the pool and the templates
            took.append(elapsed)
    conn.close()
    return took


def time_sql(
    url: str, statements: Callable[[int], list[tuple[bytes, dict[str, Any]]]], n: int
) -> list[float]:
    took = []
    with psycopg.connect(url, autocommit=True) as conn:
        # The session settings of the web's pool (storage/pool.py).
        settings = READ_ONLY_REQUESTS
        conn.execute(
            query("pool_session_settings"),
            {"names": list(settings), "values": list(settings.values())},
        )
        for i in range(n + 3):
            started = time.perf_counter()
            for sql, params in statements(i):
                conn.execute(sql, params).fetchall()
            elapsed = (time.perf_counter() - started) * 1000
            if i >= 3:
                took.append(elapsed)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=100)
    parser.add_argument("--runs", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--reload", action="store_true", help="refill the scratch database")
    args = parser.parse_args()
    admin_url = os.environ.get("DATABASE_URL")
    if not admin_url:
        raise SystemExit("set DATABASE_URL to a PostgreSQL the bench may create a database on")
    home = tempfile.mkdtemp(prefix="polwire-bench-web-")
    log_path = str(Path(home) / "run.log")
    Path(log_path).write_text(
        "".join(
            f"2026-12-01 02:00:{i % 60:02d},000 [scrapy.core.engine] DEBUG: Crawled (200) "
            f"<GET https://example.org/news/{i}.html>\n"
            for i in range(400)
        ),
        encoding="utf-8",
    )
    url = fill(admin_url, args.sources, args.runs, args.reload, log_path)
    with psycopg.connect(url) as conn:
        top = conn.execute("SELECT max(id) FROM crawl_runs WHERE status <> 'running'").fetchone()[0]
    rng = random.Random(7)
    run_ids = [top - rng.randrange(0, 2000) for _ in range(args.requests + 3)]
    key = SCHEDULER_LOCK_KEY
    leader = (query("leader_holder"), {"classid": key >> 32, "objid": key & 0xFFFFFFFF})
    cases: list[
        tuple[str, Callable[[int], str], Callable[[int], list[tuple[bytes, dict[str, Any]]]]]
    ] = [
        (
            "overview",
            lambda i: "/",
            lambda i: [
                (query("web_source_summary"), {"trend_runs": 20}),
                (query("web_runs_running"), {"limit": 50}),
                (query("web_alerts_recent"), {"limit": 10}),
                (query("web_scheduler_jobs"), {"limit": 10}),
                leader,
            ],
        ),
        (
            "run page",
            lambda i: f"/runs/{run_ids[i]}",
            lambda i: [(query("run_get"), {"id": run_ids[i]})],
        ),
        (
            "metrics",
            lambda i: "/metrics",
            lambda i: [
                (query("web_metrics_runs"), {}),
                (query("web_metrics_health"), {}),
                leader,
            ],
        ),
        (
            "source page",
            lambda i: f"/sources/source_{i % args.sources:03d}",
            lambda i: [
                (
                    query("web_source_runs"),
                    {"source": f"source_{i % args.sources:03d}", "limit": 60},
                ),
                (query("web_scheduler_job"), {"id": f"source_{i % args.sources:03d}"}),
            ],
        ),
        (
            "/api/runs",
            lambda i: "/api/runs?limit=20",
            lambda i: [
                (
                    query("web_run_page"),
                    {"source": None, "status": None, "since": None, "limit": 20, "offset": 0},
                ),
            ],
        ),
    ]
    proc, host, port = start_web(url, home)
    results = []
    try:
        for name, path, statements in cases:
            http_ms = time_http(host, port, path, args.requests)
            sql_ms = time_sql(url, statements, args.requests)
            results.append((name, http_ms, sql_ms))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\n{args.runs:,} runs of {args.sources} sources; {args.requests} requests each, "
        "one client, keep-alive; raw SQL = the same statements through psycopg; "
        f"load average {load} on {os.cpu_count()} CPUs\n"
    )
    print(
        f"{'page':<12} {'p50 ms':>8} {'p95 ms':>8} {'SQL p50':>8} {'SQL p95':>8} "
        f"{'p95 / SQL':>9} {'target':>8}"
    )
    for name, http_ms, sql_ms in results:
        p95, sql95 = percentile(http_ms, 0.95), percentile(sql_ms, 0.95)
        target = TARGETS_MS.get(name)
        verdict = "" if target is None else ("ok" if p95 < target else "MISSED") + f" <{target:.0f}"
        print(
            f"{name:<12} {statistics.median(http_ms):>8.1f} {p95:>8.1f} "
            f"{statistics.median(sql_ms):>8.1f} {sql95:>8.1f} {p95 / sql95:>9.2f} {verdict:>8}"
        )
    print(json.dumps({name: round(percentile(h, 0.95), 1) for name, h, _ in results}))


if __name__ == "__main__":
    main()
