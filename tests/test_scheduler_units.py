"""The scheduler's parts on their own: triggers from the config, job re-sync against the real
job store, the job-store URL, log pruning and the reaper (time and liveness injected)."""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from crawler.sources.model import Source
from polwire.config import SchedulerConfig
from polwire.runs.maintenance import prune_run_logs
from polwire.runs.result import RunResult, RunStatus
from polwire.storage.engine import create_engine, sqlalchemy_url
from polwire.storage.reaper import reap_dead_runs
from scheduler.jobs import (
    CRAWL_EXECUTOR,
    CRAWL_JOBSTORE,
    crawl_job_specs,
    crontab_day_of_week,
    sync_jobs,
    trigger_for,
)

NOW = datetime(2025, 11, 8, 12, 0, tzinfo=UTC)  # a Saturday
LATER = datetime(2099, 11, 7, 12, 0, tzinfo=UTC)  # never due while the test runs


@pytest.mark.parametrize(
    ("crontab", "expected"),
    [
        ("*", "*"),
        ("0", "sun"),
        ("7", "sun"),
        ("1-5", "mon,tue,wed,thu,fri"),
        ("0,6", "sun,sat"),
        ("*/2", "sun,tue,thu,sat"),
        ("mon-fri", "mon-fri"),
    ],
)
def test_crontab_days_are_counted_from_sunday(crontab: str, expected: str) -> None:
    assert crontab_day_of_week(crontab) == expected


def test_cron_sunday_means_sunday_in_the_configured_zone() -> None:
    config = SchedulerConfig(timezone="Asia/Tokyo")
    trigger, schedule = trigger_for(Source(name="s", cron="30 2 * * 0"), config, now=NOW)
    assert schedule == "cron 30 2 * * 0 Asia/Tokyo"
    fire = trigger.get_next_fire_time(None, NOW)
    assert fire is not None
    assert (fire.weekday(), fire.hour, fire.minute, str(fire.tzinfo)) == (6, 2, 30, "Asia/Tokyo")


def test_default_cron_interval_and_disabled_sources() -> None:
    config = SchedulerConfig(default_cron="0 2 * * *", misfire_grace_seconds=600)
    specs = crawl_job_specs(
        [
            Source(name="nightly"),
            Source(name="often", every_seconds=30),
            Source(name="off", enabled=False),
        ],
        config,
        now=NOW,
    )
    assert [(s.source, s.schedule, s.misfire_grace_seconds) for s in specs] == [
        ("nightly", "cron 0 2 * * * UTC", 600),
        ("often", "every 30s", 600),
    ]
    assert specs[1].trigger.get_next_fire_time(None, NOW) == NOW + timedelta(seconds=30)


def test_sync_adds_keeps_reschedules_and_removes_stored_jobs(db_url: str) -> None:
    def scheduler() -> BackgroundScheduler:
        store = SQLAlchemyJobStore(engine=create_engine(db_url), tablename="scheduler_jobs")
        sched = BackgroundScheduler(
            jobstores={CRAWL_JOBSTORE: store}, executors={CRAWL_EXECUTOR: {"type": "threadpool"}}
        )
        sched.start(paused=True)
        return sched

    config = SchedulerConfig()
    first = scheduler()
    report = sync_jobs(
        first,
        crawl_job_specs([Source(name="a"), Source(name="b", every_seconds=60)], config, now=LATER),
        now=LATER,
    )
    assert (report.added, report.changed, report.removed) == (["a", "b"], [], [])
    job = first.get_job("a")
    assert (job.misfire_grace_time, job.coalesce, job.max_instances) == (21600, True, 1)
    kept_next = first.get_job("b").next_run_time
    first.pause()

    second = scheduler()
    report = sync_jobs(
        second,
        crawl_job_specs(
            [Source(name="b", every_seconds=60), Source(name="c", cron="0 3 * * *")],
            SchedulerConfig(misfire_grace_seconds=60),
            now=LATER,
        ),
        now=LATER + timedelta(days=1),
    )
    assert (report.added, report.changed, report.removed, report.kept) == (["c"], [], ["a"], ["b"])
    # Unchanged: the stored (now past) next run time stays, so the missed run catches up.
    assert second.get_job("b").next_run_time == kept_next
    assert second.get_job("b").misfire_grace_time == 60
    report = sync_jobs(
        second, crawl_job_specs([Source(name="b", every_seconds=90)], config, now=LATER), now=LATER
    )
    assert report.changed == ["b"] and report.removed == ["c"]
    assert [j.id for j in second.get_jobs()] == ["b"]
    second.pause()


def test_job_store_url_keeps_every_libpq_parameter() -> None:
    assert (
        sqlalchemy_url("postgresql://u:p%40ss@db:5433/polwire?sslmode=require").render_as_string(
            hide_password=False
        )
        == "postgresql+psycopg://u:p%40ss@db:5433/polwire?sslmode=require"
    )
    socket_dir = sqlalchemy_url("host=/var/run/postgresql dbname=polwire user=crawler")
    assert (socket_dir.database, socket_dir.username, socket_dir.query["host"]) == (
        "polwire",
        "crawler",
        "/var/run/postgresql",
    )


def test_old_run_logs_are_pruned_and_the_scheduler_log_kept(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    (logs / "a").mkdir(parents=True)
    (logs / "gone").mkdir()
    old, recent, lone = logs / "a" / "old.log", logs / "a" / "new.log", logs / "gone" / "x.log"
    scheduler_log = logs / "scheduler.log"
    for path, age_days in ((old, 91), (recent, 89), (lone, 100), (scheduler_log, 400)):
        path.write_text("x")
        stamp = (NOW - timedelta(days=age_days)).timestamp()
        os.utime(path, (stamp, stamp))
    removed = prune_run_logs(logs, older_than=timedelta(days=90), now=NOW)
    assert sorted(removed) == sorted([old, lone])
    assert recent.exists() and scheduler_log.exists() and not (logs / "gone").exists()


def test_reaper_aborts_only_dead_processes_of_this_host(db: psycopg.Connection) -> None:
    host = socket.gethostname()
    ids = {}
    for name, hostname, pid in (
        ("alive", host, 111),
        ("dead", host, 222),
        ("spooled", host, 333),
        ("elsewhere", "other-host", 444),
    ):
        ids[name] = db.execute(
            "INSERT INTO crawl_runs (source, status, hostname, pid) VALUES (%s, 'running', %s, %s)"
            " RETURNING id",
            (name, hostname, pid),
        ).fetchone()[0]
    # A cluster worker's run on this host: the worker closes it (its drain, once it has
    # loaded the run's spool), or the cluster's reaper when the worker is lost.
    worker = db.execute(
        "INSERT INTO cluster_workers (name, hostname, pid, concurrency)"
        " VALUES ('w1', %s, 1, 1) RETURNING id",
        (host,),
    ).fetchone()[0]
    ids["worker's"] = db.execute(
        "INSERT INTO crawl_runs (source, status, hostname, pid, worker_id)"
        " VALUES ('worker''s', 'running', %s, 555, %s) RETURNING id",
        (host, worker),
    ).fetchone()[0]
    reaped = reap_dead_runs(
        db, now=NOW, hostname=host, exists=lambda pid: pid == 111, keep=[ids["spooled"]]
    )
    assert reaped == [ids["dead"]]
    rows = dict(db.execute("SELECT source, status FROM crawl_runs").fetchall())
    assert rows == {
        "alive": "running",
        "dead": "aborted",
        "spooled": "running",
        "elsewhere": "running",
        "worker's": "running",
    }
    reason, finished = db.execute(
        "SELECT finish_reason, finished_at FROM crawl_runs WHERE id = %s", (ids["dead"],)
    ).fetchone()
    assert reason.startswith(f"crawl process 222 on {host} no longer exists")
    assert finished == NOW


def test_a_process_killed_without_a_result_line_is_aborted_and_says_by_what() -> None:
    result = RunResult.from_output("noise\n", -9, "s")
    assert (result.status, result.finish_reason) == (RunStatus.ABORTED, "process killed by SIGKILL")
    assert (result.killed, result.reported) == (True, False)


def test_a_process_that_exits_without_a_result_line_failed() -> None:
    result = RunResult.from_output("", 1, "s")
    assert result.status == RunStatus.FAILED
    assert result.finish_reason == "process exited with 1 before it reported its run"
    assert result.summary_line() == "s: failed (process exited with 1 before it reported its run)"


def test_a_process_that_refused_to_start_its_run_is_not_started() -> None:
    assert RunResult.from_output("", 2, "s").not_started


def test_the_result_line_is_read_into_a_typed_result() -> None:
    line = 'POLWIRE_RESULT {"source": "s", "status": "succeeded", "run_id": 7, "items_stored": 3}'
    result = RunResult.from_output(f"noise\n{line}\n", 0, "s")
    assert (result.status, result.run_id, result.items_stored) == (RunStatus.SUCCEEDED, 7, 3)
    assert result.reported and not result.not_started


def test_the_summary_line_says_revisions_drops_and_skips_by_reason() -> None:
    result = RunResult(
        source="s",
        status=RunStatus.SUCCEEDED,
        reported=True,
        run_id=4,
        duration_seconds=2.25,
        log_path="/l.log",
        items_stored=1,
        items_revised=2,
        items_dropped=3,
        drop_reasons={"NoTitle": 1, "BodyTooShort": 2},
        skip_reasons={"TruncatedRecord": 6, "known": 1},
        errors=1,
    )
    assert result.summary_line() == (
        "s: succeeded in 2.2s, 1 stored, revised 2, 0 duplicate, "
        "3 dropped (BodyTooShort 2, NoTitle 1), 7 skipped (TruncatedRecord 6, known 1), "
        "1 errors; run 4, log /l.log"
    )


def test_the_summary_line_of_a_failed_run_says_why_and_its_health() -> None:
    result = RunResult(
        source="s",
        status=RunStatus.FAILED,
        reported=True,
        run_id=4,
        finish_reason="no response: none of 6 requests got an answer",
        log_path="/l.log",
        health={"status": "critical", "checks": [{"name": "reachable", "status": "critical"}]},
    )
    assert result.summary_line() == (
        "s: failed (no response: none of 6 requests got an answer) in 0.0s, 0 stored, "
        "0 duplicate, 0 dropped, 0 errors; run 4, log /l.log; health critical (reachable)"
    )
