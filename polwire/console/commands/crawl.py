"""`polwire crawl`: run crawls now, in the foreground, one process and one crawl run per source."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

from polwire.console.context import AppContext
from polwire.console.crawl_launch import (
    EXIT_CODES_HELP,
    cluster_dispatcher,
    run_in_foreground,
    settings_option,
    timezone_option,
    verbose_option,
)


@click.command(epilog=EXIT_CODES_HELP)
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
@timezone_option("Ad hoc: time zone for dates the pages print without an offset.")
@settings_option("Override a Scrapy setting for these crawls (like scrapy crawl -s).")
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
@verbose_option("-v: crawl progress (INFO), -vv: DEBUG.")
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
    from polwire.runs.request import CrawlRequest

    requests = [
        CrawlRequest(
            source=name,
            database_url=app.database_url(),
            home=Path(app.home),
            config_path=app.config_path,
            source_json=source_json,
            settings=settings,
        )
        for name, source_json in jobs
    ]
    sys.exit(run_in_foreground(app, requests, verbose=verbose))


def _queue(app: AppContext, names: list[str], settings: tuple[str, ...]) -> None:
    """Send crawls to the cluster: one line per source, the dispatch id or why not."""
    with cluster_dispatcher(app, command="polwire crawl", trigger="manual") as dispatcher:
        for name in names:
            sent = dispatcher.dispatch(name, settings=settings)
            if sent.dispatch_id is None:
                click.echo(f"{name}: not queued: {sent.skipped}")
            else:
                click.echo(f"{name}: queued (dispatch {sent.dispatch_id}) on {dispatcher.queue}")


def _adhoc_name(url: str) -> str:
    host = (urlsplit(url).hostname or "site").lower()
    host = re.sub(r"^www\.", "", host)
    return "adhoc_" + re.sub(r"[^a-z0-9]+", "_", host).strip("_")
