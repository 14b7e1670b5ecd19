"""The run lifecycle (polwire.runs) with real processes and a real PostgreSQL: a process that
ignores SIGTERM is killed after the kill grace, one that fails or dies without a report still
gets its row closed (failed or aborted) and judged, and a stop returns only once every run is
closed and judged."""

from __future__ import annotations

import os
import sys
import threading
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import psycopg
import pytest

from polwire.config import Config
from polwire.runs.lifecycle import RunLifecycle, RunLimits
from polwire.runs.request import RunKind
from polwire.runs.result import RunStatus
from polwire.storage.connection import connect
from tests.support.scheduler_process import process_exists


@dataclass(frozen=True, slots=True)
class ScriptRequest:
    """A run whose process is a small Python script (what a crawl's process does at its end is
    beside the point here: how the lifecycle treats the process is)."""

    script: str
    args: tuple[str, ...] = ()
    source: str = "scripted"
    trigger: str = "manual"

    @property
    def kind(self) -> RunKind:
        return RunKind.CRAWL

    def argv(self) -> list[str]:
        return [sys.executable, "-c", self.script, *self.args]

    def environment(self) -> dict[str, str]:
        return dict(os.environ)


IGNORES_SIGTERM = (
    "import signal, sys, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "open(sys.argv[1], 'w').close() if len(sys.argv) > 1 else None\ntime.sleep(60)\n"
)


def ignoring_sigterm(ready: Path) -> ScriptRequest:
    """A run that ignores SIGTERM, and says so by creating ``ready``."""
    return ScriptRequest(IGNORES_SIGTERM, args=(str(ready),))


def lifecycle(db_url: str, home: Path, **limits: float) -> RunLifecycle:
    return RunLifecycle(
        connector=partial(connect, db_url),
        home=home,
        config=Config(),
        limits=RunLimits(**limits),
    )


def closed_runs(db: psycopg.Connection) -> list[tuple[object, ...]]:
    return db.execute(
        "SELECT source, status, finish_reason, health->>'status' FROM crawl_runs ORDER BY id"
    ).fetchall()


def test_a_run_past_its_time_limit_that_ignores_sigterm_is_killed_closed_and_judged(
    db_url: str, db: psycopg.Connection, polwire_home: Path
) -> None:
    runs = lifecycle(db_url, polwire_home, timeout_seconds=3, kill_grace_seconds=1)
    began = time.monotonic()
    result = runs.run(ignoring_sigterm(polwire_home / "ready"))
    assert result is not None
    assert time.monotonic() - began < 12
    assert (result.status, result.timed_out) == (RunStatus.ABORTED, True)
    reason = "timed out after 3s; killed (SIGKILL): it did not stop in time"
    assert result.finish_reason == reason
    # It never opened a row (no crawl ran in it): one is recorded, with a log saying why.
    assert closed_runs(db) == [("scripted", "aborted", reason, "warning")]
    assert result.run_id is not None and result.health is not None
    (log_path,) = db.execute("SELECT log_path FROM crawl_runs").fetchone()
    assert "stopped before it opened its run: timed out after 3s" in Path(log_path).read_text()


def test_a_process_that_fails_without_a_report_is_a_failed_run(
    db_url: str, db: psycopg.Connection, polwire_home: Path
) -> None:
    result = lifecycle(db_url, polwire_home).run(ScriptRequest("raise SystemExit(1)"))
    assert result is not None
    assert result.status == RunStatus.FAILED
    reason = "process exited with 1 before it reported its run"
    assert closed_runs(db) == [("scripted", "failed", reason, "critical")]
    assert result.summary_line() == f"scripted: failed ({reason}); run {result.run_id}"


def test_a_process_that_refuses_to_start_leaves_no_run(
    db_url: str, db: psycopg.Connection, polwire_home: Path
) -> None:
    result = lifecycle(db_url, polwire_home).run(ScriptRequest("raise SystemExit(2)"))
    assert result is not None and result.not_started
    assert closed_runs(db) == []


@pytest.mark.parametrize("hurry", [False, True])
def test_a_stop_returns_once_every_run_is_closed_and_judged(
    db_url: str, db: psycopg.Connection, polwire_home: Path, hurry: bool
) -> None:
    runs = lifecycle(db_url, polwire_home, kill_grace_seconds=1)
    results: list[object] = []
    ready = [polwire_home / f"ready-{n}" for n in range(2)]
    threads = [
        threading.Thread(target=lambda r=r: results.append(runs.run(ignoring_sigterm(r))))
        for r in ready
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    while not all(r.exists() for r in ready) and time.monotonic() < deadline:
        time.sleep(0.05)
    pids = [active.process.pid for active in runs.running()]
    assert len(pids) == 2
    urgent = threading.Event()
    if hurry:
        urgent.set()
    began = time.monotonic()
    runs.stop(grace_seconds=0.0 if hurry else 1.0, reason="stopped by the test", hurry=urgent)
    assert time.monotonic() - began < 15
    assert runs.running() == []
    assert not any(process_exists(pid) for pid in pids)
    reason = "stopped by the test; killed (SIGKILL): it did not stop in time"
    assert closed_runs(db) == [("scripted", "aborted", reason, "warning")] * 2
    assert runs.run(ScriptRequest("print('late')")) is None  # nothing starts once stopping
    for thread in threads:
        thread.join(5)
    assert all(getattr(r, "stopped_by_owner", False) for r in results)
