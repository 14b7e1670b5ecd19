"""The one owner of a run's life, for the CLI, the scheduler and the cluster workers: start its
process from a request, wait for it under a time limit, stop it in stages (a grace, SIGTERM,
SIGKILL), close its row however it ended, and judge it once, where it is closed."""

from __future__ import annotations

import contextlib
import logging
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawler.process import die_with_parent
from polwire.config import Config, SchedulerConfig
from polwire.runs.request import RunRequest
from polwire.runs.result import RunResult, RunStatus

if TYPE_CHECKING:
    from polwire.storage.health import Connection

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]
Connector = Callable[[], AbstractContextManager["Connection"]]
_POLL_SECONDS = 0.5  # how often a waiting run checks its deadlines


def utc_now() -> datetime:
    return datetime.now(UTC)


def judge_run(connector: Connector, run_id: int, config: Config) -> dict[str, Any] | None:
    """Health checks of a closed run, stored with it (alerts on a change of state); None when
    it could not be judged: a check, an alert channel or the database failing now must not
    turn a finished run into an error."""
    from polwire.monitoring.health import evaluate_run

    try:
        with connector() as conn:
            return evaluate_run(conn, run_id, config)
    except Exception as exc:
        logger.warning("run %d was not health-checked: %s", run_id, exc)
        return None


@dataclass(slots=True, kw_only=True)
class RunLimits:
    """How long a run may take, and how long it has to stop once told to."""

    timeout_seconds: float | None = None
    kill_grace_seconds: float = 10.0

    @classmethod
    def of(cls, config: SchedulerConfig) -> RunLimits:
        """The limits the scheduler and the workers give their runs ([scheduler] table)."""
        return cls(
            timeout_seconds=config.crawl_timeout_seconds,
            kill_grace_seconds=config.kill_grace_seconds,
        )


@dataclass(slots=True)
class ActiveRun:
    """A run's process while it runs, and why it is being stopped, once it is."""

    request: RunRequest
    process: subprocess.Popen[str]
    started_at: datetime  # taken just before the process started
    dispatch_id: int | None = None
    stop_reason: str | None = None
    stop_signal: str | None = None  # the signal passed on to it, when one stopped it
    timed_out: bool = False
    by_shutdown: bool = False  # stopped by its owner's own stop (scheduler, worker)
    kill_at: float | None = None  # monotonic: SIGKILL then, if it still runs

    def terminate(self, reason: str, kill_grace: float) -> None:
        """SIGTERM (the run closes itself as aborted), SIGKILL after ``kill_grace``."""
        if self.stop_reason is None:
            self.stop_reason = reason
        if self.kill_at is None:
            self.kill_at = time.monotonic() + kill_grace
        _send(self.process, signal.SIGTERM)

    def kill(self) -> None:
        logger.error(
            "%s of %s did not stop within its grace: killing it (SIGKILL)",
            self.request.kind,
            self.request.source,
        )
        self.stop_reason = f"{self.stop_reason}; killed (SIGKILL): it did not stop in time"
        _send(self.process, signal.SIGKILL)


class RunLifecycle:
    """Runs requests, one process each, and keeps the table of those running so that a stop of
    its owner reaches every one of them and returns only once each is closed and judged."""

    def __init__(
        self,
        *,
        connector: Connector,
        home: Path,
        config: Config,
        limits: RunLimits,
        clock: Clock = utc_now,
        worker_id: int | None = None,
    ) -> None:
        self.connector = connector  # for closing and judging, in this process
        self.home = home
        self.config = config
        self.limits = limits
        self.clock = clock
        self.worker_id = worker_id
        self._active: dict[int, ActiveRun] = {}  # by process id
        self._changed = threading.Condition()
        self._stopping = False  # no new run starts
        self._graceless: str | None = None  # a stop's grace is over: runs end at once (why)
        self._passed: str | None = None  # the signal passed on to the runs, once one was

    # --- one run ---------------------------------------------------------------------------

    def run(self, request: RunRequest, *, dispatch_id: int | None = None) -> RunResult | None:
        """Run ``request`` to its end and return its closed and judged result; None when the
        owner is stopping and the run was not started."""
        with self._changed:
            if self._stopping:
                logger.info("not starting the %s of %s: stopping", request.kind, request.source)
                return None
            # Started under the lock, so a stop that begins now cannot miss this process.
            started_at = self.clock()  # before the process: its run can only start later
            process = subprocess.Popen(
                request.argv(),
                env=request.environment(),
                stdout=subprocess.PIPE,  # the result line; stderr is the caller's
                text=True,
                preexec_fn=die_with_parent(),
                # Signals reach the run only through its owner, which decides how it stops
                # (a terminal's Ctrl-C would otherwise reach it twice).
                process_group=0,
            )
            active = ActiveRun(request, process, started_at, dispatch_id=dispatch_id)
            self._active[process.pid] = active
            if self._graceless is not None:  # started as a stop's grace ended
                active.by_shutdown = True
                active.terminate(self._graceless, self.limits.kill_grace_seconds)
            elif self._passed is not None:  # a signal came while it was being started
                active.stop_signal = self._passed
                active.terminate(f"stopped by {self._passed}", self.limits.kill_grace_seconds)
        logger.info("%s of %s started (pid %d)", request.kind, request.source, process.pid)
        try:
            result = self._wait(active)
            self._close(active, result)
            if result.run_id is not None and not result.spool:  # the drain judges a spooled run
                result.health = judge_run(self.connector, result.run_id, self.config)
        finally:
            with self._changed:
                self._active.pop(process.pid, None)
                self._changed.notify_all()
        logger.info("%s", result.summary_line())
        return result

    def _wait(self, active: ActiveRun) -> RunResult:
        """Wait for the process, enforcing the time limit and the kill deadline."""
        limit = self.limits.timeout_seconds
        deadline = None if limit is None else time.monotonic() + limit
        while True:
            try:
                stdout, _ = active.process.communicate(timeout=_POLL_SECONDS)
                break
            except subprocess.TimeoutExpired:
                now = time.monotonic()
                if deadline is not None and now >= deadline and active.stop_reason is None:
                    logger.warning(
                        "%s of %s ran past %gs: stopping it (SIGTERM)",
                        active.request.kind,
                        active.request.source,
                        limit,
                    )
                    active.timed_out = True
                    active.terminate(f"timed out after {limit:g}s", self.limits.kill_grace_seconds)
                if active.kill_at is not None and now >= active.kill_at:
                    active.kill()
                    active.kill_at = None
        result = RunResult.from_output(
            stdout or "", active.process.returncode, active.request.source
        )
        result.kind = str(active.request.kind)
        result.timed_out = active.timed_out
        result.stopped_by_owner = active.by_shutdown
        if active.stop_signal is not None:
            result.stop_signal = active.stop_signal
        return result

    def _close(self, active: ActiveRun, result: RunResult) -> None:
        """Close the row of a run its process could not close as it should: stopped from
        outside (its real reason replaces Scrapy's "shutdown"), or ended without a report."""
        # Imported here: `polwire crawl` loads the database driver only once a run has ended.
        from polwire.runs.closing import StoppedRun, close_stopped_run

        if result.not_started:
            return  # it said why; a next run would fail alike, and there is no run
        stopped_here = active.stop_reason is not None and (
            not result.reported or result.status == RunStatus.ABORTED
        )  # a run that finished or failed as it was told to stop keeps what it was
        if stopped_here:
            assert active.stop_reason is not None
            result.status, result.finish_reason = RunStatus.ABORTED, active.stop_reason
        elif result.reported:
            return  # it closed its own run
        stopped = StoppedRun(
            source=active.request.source,
            pid=active.process.pid,
            started_at=active.started_at,
            status=result.status,
            reason=result.finish_reason or "unknown",
            trigger=active.request.trigger,
            home=self.home,
            worker_id=self.worker_id,
            dispatch_id=active.dispatch_id,
        )
        try:
            with self.connector() as conn:
                run_id = close_stopped_run(conn, stopped, now=self.clock())
        except Exception as exc:  # the reaper closes it later
            logger.warning("could not close the run of %s: %s", active.request.source, exc)
            return
        if run_id is not None:
            result.run_id = result.run_id or run_id
            logger.warning(
                "run %d of %s %s: %s", run_id, active.request.source, result.status, stopped.reason
            )

    # --- every run at once -----------------------------------------------------------------

    def running(self) -> list[ActiveRun]:
        with self._changed:
            return list(self._active.values())

    def pass_signal(self, signum: int) -> None:
        """A signal to the owner (`polwire crawl` got SIGTERM, SIGHUP or SIGINT) stops its runs
        gracefully: each gets SIGTERM and is closed as aborted with the signal's name."""
        name = signal.Signals(signum).name
        with self._changed:
            self._stopping = True
            self._passed = self._passed or name
            for active in self._active.values():
                again = active.stop_signal is not None
                active.stop_signal = active.stop_signal or name
                if again:  # a second signal: Scrapy's stop without waiting for pages
                    _send(active.process, signal.SIGTERM)
                else:
                    active.terminate(f"stopped by {name}", self.limits.kill_grace_seconds)

    def stop(
        self, *, grace_seconds: float, reason: str, hurry: threading.Event | None = None
    ) -> None:
        """Start no more runs; let running ones finish for ``grace_seconds`` (less if ``hurry``
        is set), then stop them (SIGTERM, SIGKILL after the kill grace) as aborted with
        ``reason``. Returns once every run is closed and judged."""
        with self._changed:
            self._stopping = True
        running = self.running()
        if not running:
            return
        logger.info(
            "waiting up to %gs for %d run(s) to finish: %s",
            grace_seconds,
            len(running),
            ", ".join(a.request.source for a in running),
        )
        if self._wait_idle(grace_seconds, hurry):
            return
        with self._changed:
            self._graceless = reason
            for active in self._active.values():
                logger.warning(
                    "stopping the %s of %s (SIGTERM)", active.request.kind, active.request.source
                )
                active.by_shutdown = True
                active.terminate(reason, self.limits.kill_grace_seconds)
        # Each run's waiting thread kills it past the kill grace, then closes and judges it.
        self._wait_idle(self.limits.kill_grace_seconds + 60.0, None)

    def _wait_idle(self, seconds: float, hurry: threading.Event | None) -> bool:
        deadline = time.monotonic() + seconds
        with self._changed:
            while self._active:
                left = deadline - time.monotonic()
                if left <= 0 or (hurry is not None and hurry.is_set()):
                    return False
                self._changed.wait(min(left, 0.2))
        return True


def _send(process: subprocess.Popen[str], signum: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
        process.send_signal(signum)
