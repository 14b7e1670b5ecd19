"""What `polwire crawl` and `polwire import` share around a run: their common options, the
terminal log level of each run, the summary line after it, and the cluster dispatcher their
--queue sends to. The run's process checks the database and judges the run itself (see
crawler.process.add_parent_flags): this one never loads psycopg for a crawl."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import click

from polwire.console.context import AppContext

if TYPE_CHECKING:
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


def exit_if_not_started(result: dict[str, Any]) -> None:
    """A run whose process could not start it (exit 2: it said why on stderr, e.g. a
    migration that fails) ends the command with that code: a next run would fail alike."""
    if result.get("exit_code") == 2:
        sys.exit(2)


def level_after(result: dict[str, Any], level: str) -> str:
    """The level for the command's next run: a run that found PostgreSQL unreachable said so
    in its one warning line; the next runs' own outage warnings would repeat it."""
    from crawler.process import level_after_outage

    exit_if_not_started(result)
    return level_after_outage(level) if result.get("database_unreachable") else level


def summary_line(result: dict[str, Any]) -> str:
    """One line for a finished run: stored, duplicates, drops by reason, errors, duration."""
    name, status = result.get("source"), result.get("status")
    if "items_stored" not in result:
        return f"{name}: {status} ({result.get('finish_reason')})"
    drops = result.get("drop_reasons") or {}
    dropped = f"{result.get('items_dropped', 0)} dropped"
    if drops:
        dropped += " (" + ", ".join(f"{k} {v}" for k, v in sorted(drops.items())) + ")"
    duration = result.get("duration_seconds") or 0
    stored = f"{result['items_stored']} stored"
    run = f"run {result.get('run_id')}"
    if result.get("spool"):  # PostgreSQL was unreachable: the drain stores these later
        stored = f"{result.get('items_spooled', 0)} spooled" + (
            f" ({stored} before the database went away)" if result["items_stored"] else ""
        )
        run = f"run {result.get('run_id') or 'pending'}, spool {result['spool']}"
    line = (
        f"{name}: {status} in {float(duration):.1f}s, {stored}, "
        f"{result.get('items_duplicate', 0)} duplicate, {dropped}, "
        f"{result.get('errors', 0)} errors; {run}, log {result.get('log_path')}"
    )
    health = result.get("health") or {}
    if health.get("status", "ok") != "ok":
        failing = [c["name"] for c in health.get("checks", []) if c.get("status") != "ok"]
        line += f"; health {health['status']} ({', '.join(failing)})"
    return line


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


def watch_summary_line(result: dict[str, Any]) -> str:
    """One line for a finished watch pass: its checks by outcome (crawler/spiders/watch.py)."""
    name, status = result.get("source"), result.get("status")
    if "items_stored" not in result:
        return f"{name}: {status} ({result.get('finish_reason')})"
    checks = result.get("watch") or {}
    figures = ", ".join(
        f"{label} {int(checks.get(key, 0))}"
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
    line = f"{name}: {figures}"
    extras = []
    if checks.get("awaiting_confirmation"):
        extras.append(f"{checks['awaiting_confirmation']} gone awaiting confirmation")
    if checks.get("walled"):
        extras.append(f"{checks['walled']} walled")
    extras.append(f"{status} in {float(result.get('duration_seconds') or 0):.1f}s")
    extras.append(f"run {result.get('run_id') or 'pending'}, log {result.get('log_path')}")
    health = result.get("health") or {}
    if health.get("status", "ok") != "ok":
        failing = [c["name"] for c in health.get("checks", []) if c.get("status") != "ok"]
        extras.append(f"health {health['status']} ({', '.join(failing)})")
    return line + "; " + "; ".join(extras)


def run_watch_process(
    app: AppContext,
    name: str,
    *,
    since: datetime | None,
    settings: tuple[str, ...] = (),
    log_level: str = "WARNING",
    check_database: bool = False,
) -> dict[str, Any]:
    """Run one watch pass (`python -m crawler.watch_runner`), judged there; return its result.
    The one place `polwire watch` starts its process (a request of kind ``watch``)."""
    from pathlib import Path

    from crawler.process import run_crawl_process
    from crawler.watch_runner import WatchRequest

    request = WatchRequest(
        source=name,
        database_url=app.database_url(),
        home=Path(app.home),
        since=since,
        config_path=app.config_path,
        log_level=log_level,
        tracebacks=app.debug,
        settings=settings,
        check_database=check_database,
        judge=True,
    )
    return run_crawl_process(request)
