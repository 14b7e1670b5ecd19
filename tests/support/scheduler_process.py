"""Runs the real `polwire scheduler` in a subprocess and watches its log, as an operator would."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.support.cli import REPO


class SchedulerProcess:
    """`polwire scheduler` with its stderr in a file (``log``) the test can wait on."""

    def __init__(self, env: dict[str, str], log: Path, *args: str) -> None:
        self.log = log
        self._stderr = open(log, "w", encoding="utf-8")  # noqa: SIM115 - closed in wait()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "polwire.console", "scheduler", *args],
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
            env={**os.environ, **env},
            cwd=REPO,
        )
        self.started = time.monotonic()

    @property
    def pid(self) -> int:
        return self.process.pid

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for_log(self, needle: str, timeout: float = 20.0) -> str:
        wait_until(
            lambda: needle in self.text() or self.process.poll() is not None,
            timeout,
            f"{needle!r} in the scheduler log",
        )
        if needle not in self.text():
            raise AssertionError(f"scheduler exited without logging {needle!r}:\n{self.text()}")
        return self.text()

    def terminate(self) -> None:
        self.process.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.process.kill()

    def wait(self, timeout: float = 30.0) -> int:
        try:
            return self.process.wait(timeout)
        finally:
            self._stderr.close()

    def stop(self) -> None:
        """Clean up after a test (also when it failed half-way)."""
        if self.process.poll() is None:
            self.process.kill()
        self.wait()


def wait_until(condition: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A killed child of a live parent stays a zombie until reaped: it no longer runs.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(") ", 1)[1][:1] != "Z"
    except (FileNotFoundError, IndexError):
        return False
