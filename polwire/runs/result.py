"""The outcome of one run as a typed value: read from the line its process prints last, or made
from how the process ended without one, and said in one summary line."""

from __future__ import annotations

import json
import signal
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from crawler.process import RESULT_PREFIX


class RunStatus(StrEnum):
    """A finished run's `crawl_runs.status`."""

    SUCCEEDED = "succeeded"
    FAILED = "failed"
    ABORTED = "aborted"


class ExitCode:
    """`polwire crawl`/`polwire import` exit codes (docs/runs.md lists them)."""

    SUCCEEDED = 0
    FAILED = 1  # a run failed: no response at all, or its process failed
    NOT_STARTED = 2  # the run could not start (bad config, a migration refused, ...)
    ABORTED = 3  # a run was aborted (time limit, killed) without a signal to this command

    @staticmethod
    def for_signal(signum: int) -> int:
        """The shell's convention for a command ended by a signal: 128 + its number."""
        return 128 + signum


def _status(value: Any) -> RunStatus:
    """A reported status; anything else (a process that could not close its run) failed."""
    try:
        return RunStatus(value)
    except ValueError:
        return RunStatus.FAILED


def _counts(value: Any) -> dict[str, int]:
    if not isinstance(value, Mapping):
        return {}
    return {str(k): int(v) for k, v in value.items() if v}


@dataclass(slots=True, kw_only=True)
class RunResult:
    """One finished run: its row's id, status and figures, and how its process ended."""

    source: str
    status: RunStatus
    finish_reason: str | None = None
    run_id: int | None = None
    exit_code: int | None = None
    reported: bool = False  # the process printed its result (False: it ended without one)
    duration_seconds: float = 0.0
    log_path: str | None = None
    requests: int = 0
    items_stored: int = 0
    items_revised: int = 0
    items_duplicate: int = 0
    items_dropped: int = 0
    items_spooled: int = 0
    errors: int = 0
    drop_reasons: dict[str, int] = field(default_factory=dict)
    skip_reasons: dict[str, int] = field(default_factory=dict)  # records and URLs passed over
    spool: str | None = None  # the spool directory when PostgreSQL was unreachable
    database_unreachable: bool = False
    stop_signal: str | None = None  # the signal passed on to the run (SIGTERM, SIGHUP, ...)
    timed_out: bool = False
    killed: bool = False  # it had to be killed: its process could not close the run
    stopped_by_owner: bool = False  # stopped by the stop of the scheduler or worker running it
    health: dict[str, Any] | None = None  # the verdict, once judged
    kind: str = "crawl"  # the request's RunKind: a watch pass is said in its checks
    checks: dict[str, int] = field(default_factory=dict)  # a watch pass's, by outcome

    @classmethod
    def from_report(cls, report: Mapping[str, Any], *, exit_code: int | None = None) -> RunResult:
        """The result from the mapping a run's process prints (crawler.runner.run_spider)."""
        return cls(
            source=str(report.get("source") or ""),
            status=_status(report.get("status")),
            finish_reason=report.get("finish_reason"),
            run_id=int(report["run_id"]) if report.get("run_id") else None,
            exit_code=exit_code,
            reported=True,
            duration_seconds=float(report.get("duration_seconds") or 0),
            log_path=report.get("log_path"),
            requests=int(report.get("requests") or 0),
            items_stored=int(report.get("items_stored") or 0),
            items_revised=int(report.get("items_revised") or 0),
            items_duplicate=int(report.get("items_duplicate") or 0),
            items_dropped=int(report.get("items_dropped") or 0),
            items_spooled=int(report.get("items_spooled") or 0),
            errors=int(report.get("errors") or 0),
            drop_reasons=_counts(report.get("drop_reasons")),
            skip_reasons=_counts(report.get("skip_reasons")),
            checks=_counts(report.get("watch")),
            spool=report.get("spool"),
            database_unreachable=bool(report.get("database_unreachable")),
        )

    @classmethod
    def from_output(cls, stdout: str, returncode: int, source: str) -> RunResult:
        """The process's result line, or a failure saying how it ended without one."""
        for line in reversed(stdout.splitlines()):
            if line.startswith(RESULT_PREFIX):
                report = json.loads(line[len(RESULT_PREFIX) :])
                return cls.from_report(report, exit_code=returncode)
        if returncode < 0:
            name = signal.Signals(-returncode).name
            return cls(
                source=source,
                status=RunStatus.ABORTED,
                exit_code=returncode,
                finish_reason=f"process killed by {name}",
                killed=True,
            )
        return cls(
            source=source,
            status=RunStatus.FAILED,
            exit_code=returncode,
            finish_reason=f"process exited with {returncode} before it reported its run",
        )

    @property
    def not_started(self) -> bool:
        """Its process refused to start the run (it said why on stderr): a next run of the
        same command would fail alike."""
        return not self.reported and self.exit_code == ExitCode.NOT_STARTED

    def summary_line(self) -> str:
        """The one line a finished run is said in: stored, revised, duplicates, drops and
        skips by reason, errors, duration, its run and log, and a health verdict not ok."""
        if not self.reported:  # no figures: how it ended, and the run that records it
            run = "" if self.run_id is None else f"; run {self.run_id}"
            return f"{self.source}: {self.status} ({self.finish_reason}){run}"
        if self.kind == "watch":
            return self._watch_line()
        stored = f"{self.items_stored} stored"
        run = f"run {self.run_id}"
        if self.spool:  # PostgreSQL was unreachable: the drain stores these later
            stored = f"{self.items_spooled} spooled" + (
                f" ({stored} before the database went away)" if self.items_stored else ""
            )
            run = f"run {self.run_id or 'pending'}, spool {self.spool}"
        parts = [stored]
        if self.items_revised:
            parts.append(f"revised {self.items_revised}")
        parts.append(f"{self.items_duplicate} duplicate")
        parts.append(f"{self.items_dropped} dropped" + _by_reason(self.drop_reasons))
        if self.skip_reasons:
            parts.append(
                f"{sum(self.skip_reasons.values())} skipped" + _by_reason(self.skip_reasons)
            )
        parts.append(f"{self.errors} errors")
        status = str(self.status)
        if self.status != RunStatus.SUCCEEDED and self.finish_reason:
            status += f" ({self.finish_reason})"
        line = f"{self.source}: {status} in {self.duration_seconds:.1f}s, {', '.join(parts)}; "
        line += f"{run}, log {self.log_path}"
        return line + self._health_part()

    def _watch_line(self) -> str:
        """A watch pass: its checks by outcome (crawler/spiders/watch.py), then its status."""
        checks = self.checks
        figures = ", ".join(
            f"{label} {checks.get(key, 0)}"
            for label, key in (
                ("checked", "checked"),
                ("unchanged", "unchanged"),
                ("edited", "edited"),
                ("moved", "moved"),
                ("gone", "confirmed_gone"),
                ("back", "back"),
                ("errors", "error"),
            )
        )
        extras = []
        if checks.get("awaiting_confirmation"):
            extras.append(f"{checks['awaiting_confirmation']} gone awaiting confirmation")
        if checks.get("walled"):
            extras.append(f"{checks['walled']} walled")
        status = str(self.status)
        if self.status != RunStatus.SUCCEEDED and self.finish_reason:
            status += f" ({self.finish_reason})"
        extras.append(f"{status} in {self.duration_seconds:.1f}s")
        extras.append(f"run {self.run_id or 'pending'}, log {self.log_path}")
        return f"{self.source}: {figures}; " + "; ".join(extras) + self._health_part()

    def _health_part(self) -> str:
        health = self.health or {}
        if health.get("status", "ok") == "ok":
            return ""
        failing = [c["name"] for c in health.get("checks", []) if c.get("status") != "ok"]
        return f"; health {health['status']} ({', '.join(failing)})"


def _by_reason(counts: Mapping[str, int]) -> str:
    if not counts:
        return ""
    return " (" + ", ".join(f"{reason} {n}" for reason, n in sorted(counts.items())) + ")"
