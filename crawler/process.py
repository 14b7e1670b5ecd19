"""What a run's process (`python -m crawler.runner`, `crawler.import_runner`) shares with the
one that starts it (polwire.runs): the result line's prefix, the flags it is asked for, and a
child that dies with its parent."""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import logging
import os
import signal
import sys
from collections.abc import Callable
from functools import cache

logger = logging.getLogger(__name__)

RESULT_PREFIX = "POLWIRE_RESULT "
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def add_process_flags(parser: argparse.ArgumentParser) -> None:
    """The flags every run's process takes (polwire.runs.request.ProcessOptions writes them):
    where its database, config and home are, its terminal's log level, setting overrides,
    and what `polwire crawl`/`import` ask of their first run's process, so that they need no
    database connection before it (the scheduler, which has one, does not ask)."""
    parser.add_argument("--database-url")
    parser.add_argument("--config")
    parser.add_argument("--home")
    parser.add_argument("--log-level", default="WARNING")
    parser.add_argument(
        "--tracebacks",
        action="store_true",
        help="print tracebacks on stderr too (they always go to the run's log file)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=JSON",
        help="override a Scrapy setting (value parsed as JSON when it can be)",
    )
    parser.add_argument(
        "--check-database",
        action="store_true",
        help="apply pending migrations first; say once if PostgreSQL is unreachable",
    )


def level_after_outage(level: str) -> str:
    """A run's terminal log level once PostgreSQL was found unreachable and said so in one
    warning line: the run's own outage warnings would only repeat it (-v still shows them)."""
    return "ERROR" if level == "WARNING" else level


def parent_flags(*, check_database: bool) -> list[str]:
    """The ``--check-database`` flag of :func:`add_process_flags`, when asked."""
    return ["--check-database"] * check_database


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
