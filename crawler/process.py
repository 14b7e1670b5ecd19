"""Runs one crawl as its own process (`python -m crawler.runner`): the one code path that
`polwire crawl` and the scheduler share, with a timeout and a child that dies with its parent."""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import json
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Any, Protocol

logger = logging.getLogger(__name__)

RESULT_PREFIX = "POLWIRE_RESULT "
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


@dataclass(frozen=True, slots=True, kw_only=True)
class CrawlRequest:
    """Everything the crawl process needs: its command line and ``DATABASE_URL``."""

    source: str
    database_url: str
    home: Path
    config_path: str | None = None
    trigger: str = "manual"
    log_level: str = "WARNING"
    tracebacks: bool = False  # on the crawl's stderr too (`polwire --debug crawl`)
    source_json: str | None = None  # an ad hoc source definition
    settings: tuple[str, ...] = ()  # NAME=VALUE Scrapy overrides
    check_database: bool = False  # see add_parent_flags
    judge: bool = False

    def environment(self) -> dict[str, str]:
        # The URL may hold a password: the environment is private, a command line is not (ps).
        return {**os.environ, "DATABASE_URL": self.database_url}

    def argv(self) -> list[str]:
        command = [
            sys.executable,
            "-m",
            "crawler.runner",
            self.source,
            "--trigger",
            self.trigger,
            "--log-level",
            self.log_level,
            "--home",
            str(self.home),
        ]
        if self.tracebacks:
            command.append("--tracebacks")
        command += parent_flags(check_database=self.check_database, judge=self.judge)
        if self.config_path:
            command += ["--config", self.config_path]
        if self.source_json:
            command += ["--source-json", self.source_json]
        for pair in self.settings:
            command += ["--set", pair]
        return command


def add_parent_flags(parser: argparse.ArgumentParser) -> None:
    """What `polwire crawl`/`import` ask of the run's process, so that they need no database
    connection of their own (the scheduler, which has one, asks neither)."""
    parser.add_argument(
        "--check-database",
        action="store_true",
        help="apply pending migrations first; say once if PostgreSQL is unreachable",
    )
    parser.add_argument(
        "--judge", action="store_true", help="health-check the run and give the verdict"
    )


def level_after_outage(level: str) -> str:
    """A run's terminal log level once PostgreSQL was found unreachable and said so in one
    warning line: the run's own outage warnings would only repeat it (-v still shows them)."""
    return "ERROR" if level == "WARNING" else level


def parent_flags(*, check_database: bool, judge: bool) -> list[str]:
    """The command-line flags of :func:`add_parent_flags`."""
    return ["--check-database"] * check_database + ["--judge"] * judge


class ProcessRequest(Protocol):
    """What starting a run's process needs: a crawl's or an import's request."""

    @property
    def source(self) -> str: ...

    def argv(self) -> list[str]: ...

    def environment(self) -> dict[str, str]: ...


@cache
def _prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return None
    prctl: Callable[..., int] = libc.prctl
    return prctl


def die_with_parent() -> Callable[[], None] | None:
    """A preexec_fn (or a forked worker's initializer) that makes the child get SIGKILL
    when its parent dies (Linux).

    A scheduler killed with SIGKILL cannot stop its crawls; without this they would
    run on as orphans, and the next scheduler would start the same sources again.
    The call is looked up before the fork so the child only makes the system call.
    """
    prctl = _prctl()
    if prctl is None:
        return None
    parent = os.getpid()

    def preexec() -> None:
        prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os.kill(os.getpid(), signal.SIGKILL)

    return preexec


def start_crawl(
    request: ProcessRequest, *, own_process_group: bool = False, stderr: IO[str] | None = None
) -> subprocess.Popen[str]:
    """Start the crawl process; its stdout (the result line) is a pipe, stderr is inherited.

    ``own_process_group``: a terminal's Ctrl-C then reaches only the scheduler, which
    decides when its crawls stop (``polwire crawl`` leaves it off: Ctrl-C stops the crawl).
    """
    return subprocess.Popen(
        request.argv(),
        env=request.environment(),
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        preexec_fn=die_with_parent(),
        process_group=0 if own_process_group else None,
    )


def wait_for_result(
    process: subprocess.Popen[str],
    source: str,
    *,
    timeout: float | None = None,
    kill_grace: float = 10.0,
) -> dict[str, Any]:
    """Wait for the crawl and return its result (the ``POLWIRE_RESULT`` line).

    Past ``timeout`` it gets SIGTERM (Scrapy closes the run as aborted), then SIGKILL
    after ``kill_grace``. The result then says ``timed_out`` and, if it had to be
    killed, ``killed``: its run could not be closed by the crawl itself.
    """
    timed_out = killed = False
    try:
        stdout, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        logger.warning("crawl of %s ran past %ss: stopping it (SIGTERM)", source, timeout)
        process.terminate()
        try:
            stdout, _ = process.communicate(timeout=kill_grace)
        except subprocess.TimeoutExpired:
            killed = True
            logger.error("crawl of %s did not stop within %ss: killing it", source, kill_grace)
            process.kill()
            stdout, _ = process.communicate()
    result = parse_result(stdout or "", process.returncode, source)
    if timed_out:
        result["timed_out"] = True
        result["status"] = "aborted"
        result["finish_reason"] = f"timed out after {timeout:g}s"
    if killed or (result.get("exit_code") is not None and process.returncode < 0):
        result["killed"] = True
    return result


def parse_result(stdout: str, returncode: int, source: str) -> dict[str, Any]:
    """The crawl's result line, or a failure saying how the process ended without one."""
    for line in reversed(stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            result: dict[str, Any] = json.loads(line[len(RESULT_PREFIX) :])
            return result
    if returncode < 0:
        name = signal.Signals(-returncode).name
        return {
            "source": source,
            "status": "aborted",
            "exit_code": returncode,
            "finish_reason": f"crawl process killed by {name}",
        }
    return {
        "source": source,
        "status": "failed",
        "exit_code": returncode,
        "finish_reason": f"crawl process exited with {returncode}",
    }


def run_crawl_process(
    request: ProcessRequest,
    *,
    timeout: float | None = None,
    kill_grace: float = 10.0,
    own_process_group: bool = False,
    on_start: Callable[[subprocess.Popen[str]], None] | None = None,
) -> dict[str, Any]:
    """Start one crawl, wait for it, and return its result."""
    process = start_crawl(request, own_process_group=own_process_group)
    if on_start is not None:
        on_start(process)
    return wait_for_result(process, request.source, timeout=timeout, kill_grace=kill_grace)
