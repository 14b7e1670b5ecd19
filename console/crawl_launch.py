"""What `polwire crawl` and `polwire import` share around a run: their common options, the
database check before it, the summary line and health verdict after it, and the cluster
dispatcher their --queue sends to."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import click

from console.context import AppContext

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


def log_level(app: AppContext, verbose: int) -> str:
    """The run's terminal log level; checks the database first (see database_reachable)."""
    level = ("WARNING", "INFO", "DEBUG")[min(verbose, 2)]
    if not database_reachable(app) and not verbose:
        # The one warning line has been said: the crawl's own outage lines would repeat it.
        level = "ERROR"
    return level


def database_reachable(app: AppContext) -> bool:
    """Apply migrations now; when PostgreSQL is unreachable, say once that crawls spool."""
    from storage.connection import describe
    from storage.errors import DatabaseUnavailable
    from storage.spool import spool_root

    url = app.database_url()  # a bad URL or a failed embedded server is still an error
    try:
        with app.connect():
            return True
    except DatabaseUnavailable as exc:
        cause = str(exc).split(": ", 1)[-1].split(" (set DATABASE_URL")[0]
        click.echo(
            f"warning: PostgreSQL at {describe(url)} is unreachable ({cause}): spooling "
            f"crawls to {spool_root(app.home)}; the scheduler or `polwire db drain-spool` "
            "loads them when it is back",
            err=True,
        )
        return False


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


def judge(app: AppContext, result: dict[str, Any]) -> dict[str, Any] | None:
    """The run's health verdict (stored with it, alerts sent); None when it cannot be judged."""
    run_id = result.get("run_id")
    if not run_id or result.get("spool"):
        return None
    from monitoring.health import evaluate_run
    from storage.errors import StorageError

    try:
        return evaluate_run(app.database_url(), int(run_id), app.config)
    except StorageError as exc:
        click.echo(f"warning: run {run_id} was not health-checked: {exc}", err=True)
        return None


@contextmanager
def cluster_dispatcher(app: AppContext, *, command: str, trigger: str) -> Iterator[CrawlDispatcher]:
    """A dispatcher onto the configured cluster's queue, for ``command``'s --queue; a missing
    broker is a one-line error naming the setting."""
    from config import BROKER_URL_ENV, broker_url
    from scheduler.cluster_app import cluster_app
    from scheduler.dispatch import CrawlDispatcher
    from storage.pool import open_pool

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
