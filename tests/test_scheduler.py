"""The `polwire scheduler` service as real processes against a real PostgreSQL and a local site:
interval runs without overlap, clean stops, the reaper, catch-up after downtime, one active
scheduler per database, and the spool drained at start."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from polwire.storage.engine import create_engine
from tests.support.cli import polwire
from tests.support.newsroom import NewsSite, build_news_site, local_news_env, story_names
from tests.support.scheduler_process import SchedulerProcess, process_exists, wait_until
from tests.support.server import Page


@pytest.fixture
def site() -> Iterator[NewsSite]:
    site = build_news_site(story_names(4))
    site.server.start()
    yield site
    site.server.stop()


@pytest.fixture
def scheduler_processes() -> Iterator[list[SchedulerProcess]]:
    started: list[SchedulerProcess] = []
    yield started
    for process in started:
        process.stop()


def make_env(
    tmp_path: Path, db_url: str, home: Path, site: NewsSite, schedule: str, **scheduler: int
) -> dict[str, str]:
    settings = {"stop_grace_seconds": 2, "kill_grace_seconds": 2, "standby_poll_seconds": 1}
    settings.update(scheduler)
    scheduler_table = "[scheduler]\n" + "".join(f"{k} = {v}\n" for k, v in settings.items())
    return local_news_env(
        tmp_path, db_url, home, site, before=scheduler_table, source_lines=schedule
    )


def start(
    processes: list[SchedulerProcess], env: dict[str, str], tmp_path: Path, *args: str
) -> SchedulerProcess:
    process = SchedulerProcess(env, tmp_path / f"scheduler-{len(processes)}.log", *args)
    processes.append(process)
    return process


def runs(db: psycopg.Connection) -> list[tuple]:
    return db.execute(
        "SELECT id, status, started_at, finished_at, trigger, pid, finish_reason"
        " FROM crawl_runs WHERE source = 'local_news' ORDER BY started_at"
    ).fetchall()


def slow_feed(site: NewsSite, seconds: float) -> None:
    """Every crawl then lasts at least ``seconds`` (incremental runs fetch nothing else)."""
    feed = site.server.pages["/feed.xml"]
    site.server.pages["/feed.xml"] = Page(feed.body, feed.content_type, delay=seconds)


def test_interval_jobs_fire_and_never_overlap(
    site: NewsSite,
    db: psycopg.Connection,
    db_url: str,
    polwire_home: Path,
    tmp_path: Path,
    scheduler_processes: list[SchedulerProcess],
) -> None:
    slow_feed(site, 2.5)  # each crawl outlasts the 1 s interval
    # A grace long enough for the crawl running at the stop to finish: every run succeeds.
    env = make_env(tmp_path, db_url, polwire_home, site, "every_seconds = 1", stop_grace_seconds=15)
    scheduler = start(scheduler_processes, env, tmp_path)
    wait_until(lambda: sum(r[1] == "succeeded" for r in runs(db)) >= 2, 40, "two runs")
    scheduler.terminate()
    assert scheduler.wait(30) == 0

    rows = runs(db)
    assert [status for _, status, *_ in rows] == ["succeeded"] * len(rows)
    assert all(r[4] == "scheduler" for r in rows)
    for earlier, later in itertools.pairwise(rows):
        assert earlier[3] is not None and earlier[3] <= later[2], "runs overlapped"
    assert db.execute("SELECT count(*) FROM articles").fetchone() == (4,)
    log = scheduler.text()
    assert "maximum number of running instances reached" in log  # the overlap refused
    assert (polwire_home / "logs" / "scheduler.log").read_text().count("crawl of local_news") >= 2


def test_sigterm_lets_crawls_finish_within_grace_then_stops_them(
    site: NewsSite,
    db: psycopg.Connection,
    db_url: str,
    polwire_home: Path,
    tmp_path: Path,
    scheduler_processes: list[SchedulerProcess],
) -> None:
    slow_feed(site, 60)  # a crawl that will not finish by itself in the grace time
    env = make_env(tmp_path, db_url, polwire_home, site, "every_seconds = 1")
    scheduler = start(scheduler_processes, env, tmp_path)
    wait_until(lambda: any(r[1] == "running" for r in runs(db)), 30, "a running crawl")
    began = time.monotonic()
    scheduler.terminate()
    assert scheduler.wait(30) == 0
    took = time.monotonic() - began
    # 2 s grace, SIGTERM, up to 2 s more, SIGKILL: well under 10 s in all.
    assert took < 10, took
    rows = runs(db)
    assert [r[1] for r in rows] == ["aborted"]
    assert "scheduler's shutdown" in rows[0][6]
    assert not process_exists(rows[0][5])
    log = scheduler.text()
    assert "waiting up to 2s for 1 run(s) to finish" in log
    # Closed and judged before the service let go of its database pool.
    assert "Traceback" not in log and "PoolClosed" not in log, log
    verdicts = db.execute("SELECT health->>'status' FROM crawl_runs").fetchall()
    assert verdicts == [("warning",)]  # aborted: its finish reason is not 'finished'


def test_crawl_past_its_timeout_is_stopped_and_its_run_aborted(
    site: NewsSite,
    db: psycopg.Connection,
    db_url: str,
    polwire_home: Path,
    tmp_path: Path,
    scheduler_processes: list[SchedulerProcess],
) -> None:
    slow_feed(site, 60)
    env = make_env(
        tmp_path, db_url, polwire_home, site, "every_seconds = 1", crawl_timeout_seconds=4
    )
    scheduler = start(scheduler_processes, env, tmp_path)
    wait_until(lambda: any(r[1] == "aborted" for r in runs(db)), 60, "the timed-out run")
    scheduler.terminate()
    assert scheduler.wait() == 0
    first = runs(db)[0]
    assert first[1] == "aborted"
    # Its feed was still downloading (60 s): past the 2 s kill grace it had to be killed.
    assert first[6] == "timed out after 4s; killed (SIGKILL): it did not stop in time"
    assert not process_exists(first[5])
    assert "ran past 4s: stopping it (SIGTERM)" in scheduler.text()


def test_crawl_timed_out_before_it_opened_its_run_still_has_an_aborted_run(
    site: NewsSite,
    db: psycopg.Connection,
    db_url: str,
    polwire_home: Path,
    tmp_path: Path,
    scheduler_processes: list[SchedulerProcess],
) -> None:
    # Every Python process of this test takes 3 s to start (a machine under load, as seen
    # in CI): a 1 s timeout lands while the crawl process is still starting, long before
    # Scrapy could open its run.
    slow_start = tmp_path / "slow-start"
    slow_start.mkdir()
    (slow_start / "sitecustomize.py").write_text("import time\ntime.sleep(3)\n")
    env = make_env(
        tmp_path, db_url, polwire_home, site, "every_seconds = 1", crawl_timeout_seconds=1
    )
    env["PYTHONPATH"] = str(slow_start)
    scheduler = start(scheduler_processes, env, tmp_path)
    wait_until(lambda: len(runs(db)) >= 2, 90, "two timed-out runs")
    scheduler.terminate()
    assert scheduler.wait(30) == 0
    rows = runs(db)
    assert {r[1] for r in rows} == {"aborted"}
    assert {r[6] for r in rows} == {"timed out after 1s"}
    assert {r[4] for r in rows} == {"scheduler"}
    assert all(r[3] is not None and not process_exists(r[5]) for r in rows)
    log_path = db.execute("SELECT log_path FROM crawl_runs ORDER BY id LIMIT 1").fetchone()[0]
    assert "stopped before it opened its run: timed out after 1s" in Path(log_path).read_text()
    shown = polwire("logs", str(rows[0][0]), env={**env, "PYTHONPATH": ""})
    assert "stopped before it opened its run" in shown.stdout, shown.stderr


def test_sigkilled_scheduler_takes_its_crawl_along_and_the_next_start_reaps_the_run(
    site: NewsSite,
    db: psycopg.Connection,
    db_url: str,
    polwire_home: Path,
    tmp_path: Path,
    scheduler_processes: list[SchedulerProcess],
) -> None:
    slow_feed(site, 60)
    env = make_env(tmp_path, db_url, polwire_home, site, "every_seconds = 1")
    first = start(scheduler_processes, env, tmp_path)
    wait_until(lambda: any(r[1] == "running" for r in runs(db)), 30, "a running crawl")
    crawl_pid = runs(db)[0][5]
    first.kill()
    first.wait()
    wait_until(lambda: not process_exists(crawl_pid), 5, "the crawl to die with its parent")
    assert [r[1] for r in runs(db)] == ["running"]  # nobody could close it

    second = start(scheduler_processes, env, tmp_path)
    began = time.monotonic()
    wait_until(lambda: runs(db)[0][1] == "aborted", 10, "the reaper")
    assert time.monotonic() - began < 10
    assert "no longer exists" in runs(db)[0][6]
    second.terminate()
    assert second.wait() == 0


def set_next_run_time(db_url: str, job_id: str, when: datetime) -> None:
    """Rewrite a stored job's next run time: the persisted state of a scheduler that was
    down when the job fell due (the clock is injected through the job store)."""
    store = SQLAlchemyJobStore(engine=create_engine(db_url), tablename="scheduler_jobs")
    store.start(BackgroundScheduler(timezone=UTC), "default")
    try:
        job = store.lookup_job(job_id)
        assert job is not None, f"no stored job {job_id}"
        state = job.__getstate__()
        state["next_run_time"] = when
        job.__setstate__(state)
        store.update_job(job)
    finally:
        store.shutdown()


def stored_next_run_time(db_url: str, job_id: str) -> datetime:
    store = SQLAlchemyJobStore(engine=create_engine(db_url), tablename="scheduler_jobs")
    store.start(BackgroundScheduler(timezone=UTC), "default")
    try:
        job = store.lookup_job(job_id)
        assert job is not None
        return job.next_run_time
    finally:
        store.shutdown()


def test_nightly_run_missed_while_down_runs_once_after_restart(
    site: NewsSite,
    db: psycopg.Connection,
    db_url: str,
    polwire_home: Path,
    tmp_path: Path,
    scheduler_processes: list[SchedulerProcess],
) -> None:
    # A daily run that fell due 20 minutes ago, while the service was down.
    due = (datetime.now(UTC) - timedelta(minutes=20)).replace(second=0, microsecond=0)
    schedule = f'cron = "{due.minute} {due.hour} * * *"'
    env = make_env(tmp_path, db_url, polwire_home, site, schedule, misfire_grace_seconds=3600)
    first = start(scheduler_processes, env, tmp_path)
    first.wait_for_log("crawl jobs synced")
    first.terminate()
    assert first.wait() == 0
    assert stored_next_run_time(db_url, "local_news") == due + timedelta(days=1)

    # The state the store would hold had the service been down for the last four nights:
    # four missed runs, which coalesce into one, within the hour of grace.
    set_next_run_time(db_url, "local_news", due - timedelta(days=3))
    second = start(scheduler_processes, env, tmp_path)
    wait_until(lambda: any(r[1] == "succeeded" for r in runs(db)), 30, "the catch-up run")
    time.sleep(2)  # a second run would have started by now
    second.terminate()
    assert second.wait() == 0
    assert [(r[1], r[4]) for r in runs(db)] == [("succeeded", "scheduler")]
    assert stored_next_run_time(db_url, "local_news") == due + timedelta(days=1)


def test_run_missed_beyond_the_grace_is_skipped_not_run_late(
    site: NewsSite,
    db: psycopg.Connection,
    db_url: str,
    polwire_home: Path,
    tmp_path: Path,
    scheduler_processes: list[SchedulerProcess],
) -> None:
    env = make_env(
        tmp_path, db_url, polwire_home, site, 'cron = "0 2 * * *"', misfire_grace_seconds=60
    )
    first = start(scheduler_processes, env, tmp_path)
    first.wait_for_log("crawl jobs synced")
    first.terminate()
    assert first.wait() == 0
    set_next_run_time(db_url, "local_news", datetime.now(UTC) - timedelta(hours=2))
    second = start(scheduler_processes, env, tmp_path)
    second.wait_for_log("was missed by")
    second.terminate()
    assert second.wait() == 0
    assert runs(db) == []


def test_changed_schedule_is_resynced_at_start(
    site: NewsSite,
    db: psycopg.Connection,
    db_url: str,
    polwire_home: Path,
    tmp_path: Path,
    scheduler_processes: list[SchedulerProcess],
) -> None:
    env = make_env(tmp_path, db_url, polwire_home, site, 'cron = "0 2 * * *"')
    first = start(scheduler_processes, env, tmp_path)
    first.wait_for_log("crawl jobs synced")
    first.terminate()
    assert first.wait() == 0
    listed = polwire("schedule", "--format", "json", env=env)
    assert listed.returncode == 0, listed.stderr
    assert '"id": "local_news"' in listed.stdout and '"state": "scheduled"' in listed.stdout

    env = make_env(tmp_path, db_url, polwire_home, site, 'cron = "30 3 * * 0"')
    listed = polwire("schedule", "--format", "jsonl", env=env)
    jobs = {job["id"]: job for job in map(json.loads, listed.stdout.splitlines())}
    assert jobs["local_news"]["state"] == "changed"
    assert jobs["local_news"]["trigger"] == "cron 30 3 * * 0 UTC"
    second = start(scheduler_processes, env, tmp_path)
    second.wait_for_log("rescheduled local_news")
    second.terminate()
    assert second.wait() == 0
    following = stored_next_run_time(db_url, "local_news")
    assert (following.weekday(), following.hour, following.minute) == (6, 3, 30)  # Sunday


def test_second_scheduler_waits_as_standby_and_takes_over(
    site: NewsSite,
    db: psycopg.Connection,
    db_url: str,
    polwire_home: Path,
    tmp_path: Path,
    scheduler_processes: list[SchedulerProcess],
) -> None:
    slow_feed(site, 1.5)
    env = make_env(tmp_path, db_url, polwire_home, site, "every_seconds = 1", stop_grace_seconds=15)
    active = start(scheduler_processes, env, tmp_path)
    active.wait_for_log("active scheduler")
    refused = polwire("scheduler", "--no-standby", env=env, timeout=30)
    assert refused.returncode != 0
    assert "another scheduler is already active on" in refused.stderr
    standby = start(scheduler_processes, env, tmp_path)
    standby.wait_for_log("standby: another scheduler is active")
    wait_until(lambda: sum(r[1] == "succeeded" for r in runs(db)) >= 2, 40, "two runs")
    assert "crawl of local_news started" not in standby.text()  # the standby runs nothing

    active.terminate()
    assert active.wait() == 0
    standby.wait_for_log("active scheduler", timeout=15)
    before = len(runs(db))
    wait_until(lambda: len(runs(db)) > before, 20, "a run by the new active scheduler")
    standby.terminate()
    assert standby.wait() == 0
    rows = runs(db)
    for earlier, later in itertools.pairwise(rows):
        assert earlier[3] is not None and earlier[3] <= later[2], "two schedulers overlapped"
    assert [r[1] for r in rows] == ["succeeded"] * len(rows)


def test_scheduler_loads_a_spooled_crawl_at_start_without_fetching(
    site: NewsSite,
    db: psycopg.Connection,
    db_url: str,
    polwire_home: Path,
    tmp_path: Path,
    scheduler_processes: list[SchedulerProcess],
) -> None:
    env = make_env(tmp_path, db_url, polwire_home, site, 'cron = "0 2 * * *"')
    down = polwire("crawl", "local_news", env={**env, "DATABASE_URL": closed_port_url(db_url)})
    assert down.returncode == 0, down.stderr
    assert "4 spooled" in down.stdout
    site.server.clear_log()

    scheduler = start(scheduler_processes, env, tmp_path)
    wait_until(lambda: [r[1] for r in runs(db)] == ["succeeded"], 30, "the drain")
    # Search indexing follows the drain's commit (a maintenance job): wait for it too
    # before the stop (on a loaded machine it can trail the run's closing by seconds).
    unindexed = "SELECT count(*) FROM articles WHERE search_vector IS NULL"
    wait_until(lambda: db.execute(unindexed).fetchone() == (0,), 30, "search indexing")
    scheduler.terminate()
    assert scheduler.wait() == 0
    assert site.server.requested_paths() == []
    assert [(r[1], r[4]) for r in runs(db)] == [("succeeded", "manual")]
    assert db.execute("SELECT count(*) FROM articles").fetchone() == (4,)
    assert list((polwire_home / "spool").iterdir()) == []
    # Judged once loaded, like a run that had its database; and indexed for search.
    (health,) = db.execute("SELECT health FROM crawl_runs").fetchone()
    assert health["status"] == "ok", health
    assert db.execute("SELECT count(*) FROM articles WHERE search_vector IS NULL").fetchone() == (
        0,
    )


def closed_port_url(db_url: str) -> str:
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(db_url)
    params.update(host="127.0.0.1", port="1")
    return make_conninfo(**params)
