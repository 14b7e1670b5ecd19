"""`polwire crawl`: run crawls now, in the foreground, one process and one crawl run per source."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import Any
from urllib.parse import urlsplit

import click

from console.context import AppContext

RESULT_PREFIX = "POLWIRE_RESULT "


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
    verbose: int,
) -> None:
    """Crawl sources now and store their articles; print one summary line per run.

    \b
    polwire crawl japan_today yonhap_english
    polwire crawl --all
    polwire crawl --feed https://example.com/rss.xml --name example
    """
    adhoc = bool(feeds or sitemaps or start_urls)
    if adhoc + bool(names) + crawl_all != 1:
        raise click.UsageError("name sources, or use --all, or --feed/--sitemap/--start-url")
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
    with app.connect():  # fail early, in one line, when the database is unreachable
        pass
    failed = 0
    for name, source_json in jobs:
        result = run_crawl_process(
            app,
            name,
            source_json=source_json,
            settings=settings,
            log_level=("WARNING", "INFO", "DEBUG")[min(verbose, 2)],
        )
        click.echo(summary_line(result))
        failed += result.get("status") != "succeeded"
    if failed:
        sys.exit(1)


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
    command = [
        sys.executable,
        "-m",
        "crawler.runner",
        name,
        "--trigger",
        trigger,
        "--log-level",
        log_level,
        "--database-url",
        app.database_url(),
        "--home",
        str(app.home),
    ]
    if app.config_path:
        command += ["--config", app.config_path]
    if source_json:
        command += ["--source-json", source_json]
    for pair in settings:
        command += ["--set", pair]
    completed = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
    for line in reversed(completed.stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            result: dict[str, Any] = json.loads(line[len(RESULT_PREFIX) :])
            return result
    return {
        "source": name,
        "status": "failed",
        "exit_code": completed.returncode,
        "finish_reason": f"crawl process exited with {completed.returncode}",
    }


def summary_line(result: dict[str, Any]) -> str:
    name, status = result.get("source"), result.get("status")
    if "items_stored" not in result:
        return f"{name}: {status} ({result.get('finish_reason')})"
    drops = result.get("drop_reasons") or {}
    dropped = f"{result.get('items_dropped', 0)} dropped"
    if drops:
        dropped += " (" + ", ".join(f"{k} {v}" for k, v in sorted(drops.items())) + ")"
    duration = result.get("duration_seconds") or 0
    return (
        f"{name}: {status} in {float(duration):.1f}s, {result['items_stored']} stored, "
        f"{result.get('items_duplicate', 0)} duplicate, {dropped}, "
        f"{result.get('errors', 0)} errors; run {result.get('run_id')}, "
        f"log {result.get('log_path')}"
    )


def _adhoc_name(url: str) -> str:
    host = (urlsplit(url).hostname or "site").lower()
    host = re.sub(r"^www\.", "", host)
    return "adhoc_" + re.sub(r"[^a-z0-9]+", "_", host).strip("_")
