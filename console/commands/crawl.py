"""`polwire crawl`: run crawls now, in the foreground, one process and one crawl run per source."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from console.context import AppContext


@click.command()
@click.argument("names", nargs=-1)
@click.option("--all", "crawl_all", is_flag=True, help="Crawl every enabled source.")
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="Ad hoc: an RSS/Atom feed.")
@click.option(
    "--sitemap",
    "sitemaps",
    multiple=True,
    metavar="URL",
    help="Ad hoc: an XML sitemap (index, urlset or Google News).",
)
@click.option(
    "--start-url",
    "start_urls",
    multiple=True,
    metavar="URL",
    help="Ad hoc: a section page whose links lead to articles.",
)
@click.option(
    "--name",
    "adhoc_name",
    metavar="NAME",
    help="Ad hoc: the source name to store under (default: adhoc_<host>).",
)
@click.option(
    "--timezone",
    "adhoc_timezone",
    default="UTC",
    show_default=True,
    help="Ad hoc: time zone for dates the pages print without an offset.",
)
@click.option(
    "-s",
    "--set",
    "settings",
    multiple=True,
    metavar="NAME=VALUE",
    help="Override a Scrapy setting for these crawls (like scrapy crawl -s).",
)
@click.option(
    "--warc",
    "warc_dir",
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="Also write every fetched response as WARC records under DIR ([crawl] warc_dir).",
)
@click.option(
    "--queue",
    "queued",
    is_flag=True,
    help="Send the crawls to the cluster's workers instead of running them here.",
)
@click.option("-v", "--verbose", count=True, help="-v: crawl progress (INFO), -vv: DEBUG.")
@click.pass_obj
def crawl(
    app: AppContext,
    names: tuple[str, ...],
    crawl_all: bool,
    feeds: tuple[str, ...],
    sitemaps: tuple[str, ...],
    start_urls: tuple[str, ...],
    adhoc_name: str | None,
    adhoc_timezone: str,
    settings: tuple[str, ...],
    warc_dir: str | None,
    queued: bool,
    verbose: int,
) -> None:
    """Crawl sources now and store their articles; print one summary line per run.

    \b
    polwire crawl japan_today yonhap_english
    polwire crawl --all
    polwire crawl --feed https://example.com/rss.xml --name example
    polwire crawl yonhap_english --queue      # run by a `polwire worker` of the cluster
    """
    adhoc = bool(feeds or sitemaps or start_urls)
    if adhoc + bool(names) + crawl_all != 1:
        raise click.UsageError("name sources, or use --all, or --feed/--sitemap/--start-url")
    if queued:
        if adhoc:
            raise click.UsageError("--queue takes registry sources (workers read the registry)")
        registry = app.registry()
        chosen = registry.enabled() if crawl_all else [registry[n] for n in names]
        _queue(app, [source.name for source in chosen], settings)
        return
    jobs: list[tuple[str, str | None]] = []  # (name, ad hoc source JSON)
    if adhoc:
        name = adhoc_name or _adhoc_name((feeds + sitemaps + start_urls)[0])
        definition = {
            "name": name,
            "feeds": list(feeds),
            "sitemaps": list(sitemaps),
            "start_urls": list(start_urls),
            "timezone": adhoc_timezone,
        }
        jobs.append((name, json.dumps(definition)))
    else:
        registry = app.registry()
        chosen = registry.enabled() if crawl_all else [registry[n] for n in names]
        jobs.extend((source.name, None) for source in chosen)
    if warc_dir:
        settings = (*settings, f"POLWIRE_WARC_DIR={Path(warc_dir).resolve()}")
    log_level = ("WARNING", "INFO", "DEBUG")[min(verbose, 2)]
    if not _database_reachable(app) and not verbose:
        log_level = "ERROR"  # the warning above says it all; each crawl would repeat it
    failed = 0
    for name, source_json in jobs:
        result = run_crawl_process(
            app, name, source_json=source_json, settings=settings, log_level=log_level
        )
        result["health"] = _judge(app, result)
        click.echo(summary_line(result))
        failed += result.get("status") != "succeeded"
    if failed:
        sys.exit(1)


def _queue(app: AppContext, names: list[str], settings: tuple[str, ...]) -> None:
    """Send crawls to the cluster: one line per source, the dispatch id or why not."""
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
    pool = open_pool(app.database_url(), application_name="polwire crawl --queue", max_size=1)
    try:
        dispatcher = CrawlDispatcher(
            pool=pool, app=cluster_app(broker, cluster), queue=cluster.queue, trigger="manual"
        )
        for name in names:
            sent = dispatcher.dispatch(name, settings=settings)
            if sent.dispatch_id is None:
                click.echo(f"{name}: not queued: {sent.skipped}")
            else:
                click.echo(f"{name}: queued (dispatch {sent.dispatch_id}) on {cluster.queue}")
    finally:
        pool.close()


def _database_reachable(app: AppContext) -> bool:
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


def run_crawl_process(
    app: AppContext,
    name: str,
    *,
    source_json: str | None = None,
    settings: tuple[str, ...] = (),
    log_level: str = "WARNING",
    trigger: str = "manual",
) -> dict[str, Any]:
    """Run ``python -m crawler.runner`` for one source and return its result."""
    from crawler.process import CrawlRequest
    from crawler.process import run_crawl_process as run_process

    request = CrawlRequest(
        source=name,
        database_url=app.database_url(),
        home=Path(app.home),
        config_path=app.config_path,
        trigger=trigger,
        log_level=log_level,
        tracebacks=app.debug,
        source_json=source_json,
        settings=settings,
    )
    return run_process(request)


def summary_line(result: dict[str, Any]) -> str:
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


def _judge(app: AppContext, result: dict[str, Any]) -> dict[str, Any] | None:
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


def _adhoc_name(url: str) -> str:
    host = (urlsplit(url).hostname or "site").lower()
    host = re.sub(r"^www\.", "", host)
    return "adhoc_" + re.sub(r"[^a-z0-9]+", "_", host).strip("_")
