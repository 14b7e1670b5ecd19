"""What `polwire crawl` and `polwire import` share around their runs: their common options, the
runs in the foreground (through polwire.runs, signals passed on, a summary line each, the exit
code), and the cluster dispatcher their --queue sends to. The first run's process applies the
migrations (crawler.process.add_process_flags): this one loads psycopg only to judge a run."""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, TypeVar

import click

from polwire.console.context import AppContext

if TYPE_CHECKING:
    from polwire.runs.request import CrawlRequest, ImportRequest, WatchRequest
    from polwire.storage.health import Connection
    from scheduler.dispatch import CrawlDispatcher

F = TypeVar("F", bound=Callable[..., Any])


def settings_option(help: str) -> Callable[[F], F]:
    """-s/--set NAME=VALUE, repeatable: Scrapy settings for the run (like scrapy crawl -s)."""
    return click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE", help=help)


def timezone_option(help: str) -> Callable[[F], F]:
    """--timezone for an ad hoc source's dates printed without an offset."""
    return click.option("--timezone", "adhoc_timezone", default="UTC", show_default=True, help=help)


def verbose_option(help: str) -> Callable[[F], F]:
    """-v/-vv: the run's log lines on the terminal at INFO / DEBUG."""
    return click.option("-v", "--verbose", count=True, help=help)


def terminal_level(verbose: int) -> str:
    """The run's terminal log level: WARNING, -v INFO, -vv DEBUG."""
    return ("WARNING", "INFO", "DEBUG")[min(verbose, 2)]


# What `polwire crawl --help` and `polwire import --help` end with (docs/runs.md says more).
EXIT_CODES_HELP = """\b
Exit codes:
  0    every run succeeded
  1    a run failed (no response at all from the site, or its process failed)
  2    the run could not start (bad config, unknown source, a migration refused)
  3    a run was aborted (killed, or ran past its time limit)
  129  stopped by SIGHUP, 130 by SIGINT (Ctrl-C), 143 by SIGTERM: the run was
       closed as aborted after its pages in flight were stored"""


def run_in_foreground(
    app: AppContext,
    requests: Iterable[CrawlRequest | ImportRequest | WatchRequest],
    *,
    verbose: int,
) -> int:
    """Run the requests one after the other through the run lifecycle, print one summary
    line per run, and return the command's exit code (see EXIT_CODES_HELP).

    SIGTERM, SIGHUP and SIGINT are passed to the running run, which stops gracefully and is
    closed as aborted; no later run starts."""
    from crawler.process import level_after_outage
    from polwire.runs.lifecycle import RunLifecycle, RunLimits
    from polwire.runs.result import ExitCode, RunStatus

    url = app.database_url()
    lifecycle = RunLifecycle(
        connector=lambda: _connect(url),
        home=Path(app.home),
        config=app.config,
        limits=RunLimits(kill_grace_seconds=float(app.config.scheduler.kill_grace_seconds)),
    )
    received: list[int] = []

    def on_signal(signum: int, frame: FrameType | None) -> None:
        received.append(signum)
        lifecycle.pass_signal(signum)

    if not verbose:  # the summary line gives the verdict; the checks' line would repeat it
        logging.getLogger("polwire.monitoring.health").setLevel(logging.ERROR)
    level = terminal_level(verbose)
    code = ExitCode.SUCCEEDED
    with _signals_passed_on(on_signal):
        for index, request in enumerate(requests):
            if received:
                break
            request = replace(
                request,
                log_level=level,
                tracebacks=app.debug,
                check_database=index == 0,  # migrations applied, and an outage said, once
            )
            result = lifecycle.run(request)
            if result is None:
                break
            if result.not_started:
                return ExitCode.NOT_STARTED  # it said why; the next runs would fail alike
            click.echo(result.summary_line())
            if result.database_unreachable:
                level = level_after_outage(level)  # said in one line; the next runs hush
            if result.status == RunStatus.FAILED:
                code = max(code, ExitCode.FAILED)
            elif result.status == RunStatus.ABORTED:
                code = max(code, ExitCode.ABORTED)
    return ExitCode.for_signal(received[0]) if received else code


def _connect(url: str) -> Connection:
    from polwire.storage.connection import connect

    return connect(url)


_PASSED_ON = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


@contextmanager
def _signals_passed_on(handler: Callable[[int, FrameType | None], None]) -> Iterator[None]:
    previous = {signum: signal.signal(signum, handler) for signum in _PASSED_ON}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


@contextmanager
def cluster_dispatcher(app: AppContext, *, command: str, trigger: str) -> Iterator[CrawlDispatcher]:
    """A dispatcher onto the configured cluster's queue, for ``command``'s --queue; a missing
    broker is a one-line error naming the setting."""
    from polwire.cluster.app import cluster_app
    from polwire.config import BROKER_URL_ENV, broker_url
    from polwire.storage.pool import open_pool
    from scheduler.dispatch import CrawlDispatcher

    broker = broker_url(app.config)
    if broker is None:
        raise click.ClickException(
            f"--queue needs a cluster: set [cluster] broker_url in the config or {BROKER_URL_ENV}"
        )
    with app.connect():
        pass  # migrations applied
    cluster = app.config.cluster
    pool = open_pool(app.database_url(), application_name=f"{command} --queue", max_size=1)
    try:
        yield CrawlDispatcher(
            pool=pool, app=cluster_app(broker, cluster), queue=cluster.queue, trigger=trigger
        )
    finally:
        pool.close()
