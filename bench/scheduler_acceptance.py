"""Checks the scheduler acceptance of issue 5 against a local site of 40 real pages and prints
the figures: runs in 25 s of `polwire scheduler`, stop time, the spooled crawl drained, and the
reaper after a SIGKILL.

    DATABASE_URL=postgresql://postgres@127.0.0.1/postgres \
        .venv/bin/python bench/scheduler_acceptance.py
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.support.newsroom import build_news_site, story_names  # noqa: E402
from tests.support.scheduler_process import (  # noqa: E402
    SchedulerProcess,
    process_exists,
    wait_until,
)
from tests.support.server import Page  # noqa: E402


def with_params(url: str, **params: str) -> str:
    values = conninfo_to_dict(url)
    values.update(params)
    return make_conninfo(**values)


CREATED: list[str] = []


def fresh_database(admin_url: str) -> str:
    name = f"polwire_accept_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    CREATED.append(name)
    return with_params(admin_url, dbname=name)


def drop_databases(admin_url: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as admin:
        for name in CREATED:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def config(path: Path, feed_url: str, schedule: str) -> Path:
    path.write_text(
        f"""
[[sources]]
name = "local_news"
feeds = ["{feed_url}"]
country = "JP"
timezone = "Asia/Tokyo"
{schedule}
""",
        encoding="utf-8",
    )
    return path


def runs(url: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        if conn.execute("SELECT to_regclass('crawl_runs')").fetchone() == (None,):
            return []  # the scheduler has not applied the migrations yet
        return conn.execute(
            "SELECT id, status, started_at, finished_at, pid FROM crawl_runs"
            " WHERE source = 'local_news' ORDER BY started_at"
        ).fetchall()


def articles(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM articles").fetchone()
        return int(row[0]) if row else 0


def main() -> None:
    admin = os.environ["DATABASE_URL"]
    try:
        check(admin)
    finally:
        drop_databases(admin)


def check(admin: str) -> None:
    work = Path(tempfile.mkdtemp(prefix="polwire-accept-"))
    site = build_news_site(story_names(40))
    site.server.start()
    every5 = config(work / "every5.toml", site.feed_url, "every_seconds = 5")
    nightly = config(work / "nightly.toml", site.feed_url, 'cron = "0 2 * * *"')

    # 1. 25 s of `polwire scheduler` with a source every 5 s, then SIGTERM.
    url = fresh_database(admin)
    env = {"DATABASE_URL": url, "POLWIRE_HOME": str(work / "home1"), "POLWIRE_CONFIG": str(every5)}
    service = SchedulerProcess(env, work / "scheduler1.log")
    time.sleep(25)
    service.terminate()
    began = time.monotonic()
    code = service.wait(60)
    stop_seconds = time.monotonic() - began
    rows = runs(url)
    overlaps = sum(1 for a, b in itertools.pairwise(rows) if a[3] is None or a[3] > b[2])
    print(
        f"25 s scheduler: {sum(r[1] == 'succeeded' for r in rows)} succeeded runs "
        f"(of {len(rows)}), {overlaps} overlapping, {articles(url)} articles, "
        f"exit {code} {stop_seconds:.1f}s after SIGTERM, "
        f"{sum(r[1] == 'running' for r in rows)} left running"
    )

    # 2. A crawl with the database on a closed port spools; a scheduler with no crawl due
    #    loads it, without fetching a page.
    url = fresh_database(admin)
    home = work / "home2"
    down = subprocess.run(
        [sys.executable, "-m", "polwire.console", "crawl", "local_news"],
        env={
            **os.environ,
            "DATABASE_URL": with_params(url, host="127.0.0.1", port="1"),
            "POLWIRE_HOME": str(home),
            "POLWIRE_CONFIG": str(nightly),
        },
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    print(f"closed-port crawl: exit {down.returncode}")
    print(f"  stderr: {down.stderr.strip()}")
    print(f"  stdout: {down.stdout.strip()}")
    site.server.clear_log()
    env = {"DATABASE_URL": url, "POLWIRE_HOME": str(home), "POLWIRE_CONFIG": str(nightly)}
    began = time.monotonic()
    service = SchedulerProcess(env, work / "scheduler2.log")
    wait_until(lambda: [r[1] for r in runs(url)] == ["succeeded"], 90, "the drained run")
    loaded_seconds = time.monotonic() - began
    service.terminate()
    service.wait(60)
    print(
        f"drain: {articles(url)} articles loaded {loaded_seconds:.1f}s after the scheduler "
        f"started, {len(site.server.requested_paths())} pages fetched meanwhile, "
        f"runs {[r[1] for r in runs(url)]}, spool left: {list((home / 'spool').iterdir())}"
    )

    # 3. SIGKILL the scheduler during a crawl; the next start must leave no run `running`
    #    whose process is gone.
    url = fresh_database(admin)
    feed = site.server.pages["/feed.xml"]
    site.server.pages["/feed.xml"] = Page(feed.body, feed.content_type, delay=8)
    env = {"DATABASE_URL": url, "POLWIRE_HOME": str(work / "home3"), "POLWIRE_CONFIG": str(every5)}
    service = SchedulerProcess(env, work / "scheduler3.log")
    wait_until(lambda: any(r[1] == "running" for r in runs(url)), 60, "a running crawl")
    killed_run, crawl_pid = runs(url)[0][0], runs(url)[0][4]
    service.kill()
    service.wait()
    time.sleep(1)
    print(f"SIGKILL: crawl process {crawl_pid} still alive 1 s later: {process_exists(crawl_pid)}")
    service = SchedulerProcess(env, work / "scheduler4.log")
    time.sleep(10)
    rows = runs(url)
    stale = [r[0] for r in rows if r[1] == "running" and not process_exists(r[4])]
    status = {r[0]: r[1] for r in rows}[killed_run]
    print(
        f"10 s after the next start: killed run {killed_run} is {status}; runs left running by "
        f"a dead process: {stale}; live running crawls: "
        f"{[r[0] for r in rows if r[1] == 'running' and process_exists(r[4])]}"
    )
    service.terminate()
    service.wait(60)
    site.server.stop()


if __name__ == "__main__":
    main()
