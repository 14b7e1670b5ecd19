"""Runs one crawl in this process (one Twisted reactor per process): `python -m crawler.runner`.

`polwire crawl` and the scheduler start one such process per crawl. The last
line on stdout is ``POLWIRE_RESULT {json}``: the run's id, status and figures.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable
from typing import Any

from scrapy import Spider
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

# Imported here, at the top of a shallow stack, not by Scrapy deep inside the reactor: its
# TLS module makes deprecated class aliases with inspect.stack(), which reads the source of
# every frame on the stack (0.1 CPU-s when Scrapy loads it from engine start-up).
import crawler.download.host_map  # noqa: F401
from crawler.archive import LOADED_CONFIG
from crawler.database_check import run_log_level
from crawler.extensions.run_recorder import run_figures
from crawler.graceful_stop import StoppingCrawlerProcess
from crawler.network_failures import install_one_line_network_failures
from crawler.process import RESULT_PREFIX, add_process_flags
from crawler.sources.model import Source
from crawler.sources.registry import UnknownSource, load_registry, source_from_mapping
from crawler.spider_loader import spider_for
from crawler.terminal_log import install_terminal_handler
from polwire.config import Config, ConfigError, load_config
from polwire.core import stat_keys
from polwire.storage.errors import MigrationError


def crawl_settings(
    *,
    database_url: str | None = None,
    config_path: str | None = None,
    config: Config | None = None,
    home: str | None = None,
    trigger: str = "manual",
    log_level: str = "WARNING",
    host_map: dict[str, str] | None = None,
    overrides: dict[str, Any] | None = None,
) -> Settings:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    settings = get_project_settings()
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    # The terminal's handler is ours (crawler.terminal_log): one line a message.
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
    settings.set("POLWIRE_RUN_TRIGGER", trigger, priority="cmdline")
    # The run's owner (polwire.runs) judges it once it is closed, in its own process.
    settings.set("POLWIRE_JUDGE_RUN", False, priority="cmdline")
    for key, value in (
        ("POLWIRE_DATABASE_URL", database_url),
        ("POLWIRE_CONFIG", config_path),
        ("POLWIRE_HOME", home),
        ("POLWIRE_HOST_MAP", host_map),
    ):
        if value:
            settings.set(key, value, priority="cmdline")
    if config is not None:  # already read (the registry needed it): the add-on reuses it
        settings.set(LOADED_CONFIG, config, priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawl(source: Source, settings: Settings) -> dict[str, Any]:
    """Crawl ``source`` to the end; return the run's id, status and figures."""
    return run_spider(spider_for(source), source.name, settings)


def run_spider(
    spider_class: type[Spider], run_name: str, settings: Settings, **spider_args: Any
) -> dict[str, Any]:
    """Run one spider (a crawl, an import) to the end; return its run's id, status, figures."""
    process = StoppingCrawlerProcess(settings)
    crawler = process.create_crawler(spider_class)
    process.crawl(crawler, **spider_args)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    prefix = stat_keys.DROP_REASONS
    return {
        "run_id": stats.get(stat_keys.RUN_ID),
        "source": run_name,
        "status": stats.get(stat_keys.STATUS, "failed"),
        "finish_reason": stats.get(stat_keys.FINISH_REASON, stats.get("finish_reason")),
        "duration_seconds": stats.get("elapsed_time_seconds"),
        "log_path": stats.get(stat_keys.LOG_PATH),
        "drop_reasons": {k[len(prefix) :]: v for k, v in stats.items() if k.startswith(prefix)},
        "requests": stats.get("downloader/request_count", 0),
        "spool": stats.get(stat_keys.SPOOL),  # set when PostgreSQL was unreachable
        "items_spooled": stats.get(stat_keys.ITEMS_SPOOLED, 0),
        "items_revised": stats.get(stat_keys.ITEMS_REVISED, 0),
        "skip_reasons": skip_reasons(stats),
        # A watch pass's checks by outcome (crawler/spiders/watch.py); empty for a crawl.
        "watch": {
            k[len(stat_keys.WATCH) :]: v for k, v in stats.items() if k.startswith(stat_keys.WATCH)
        },
        **run_figures(stats),
    }


# Pages and records a run passed over on purpose, by the name its summary line gives them.
_SKIPS = {
    "known": stat_keys.SKIPPED_KNOWN,
    "off_source": stat_keys.IMPORT_OFF_SOURCE,
    "outside_dates": stat_keys.IMPORT_OUTSIDE_DATES,
}


def skip_reasons(stats: dict[str, Any]) -> dict[str, int]:
    """What the run skipped, by reason: known URLs, an import's records of no chosen source or
    outside its dates, and records it could not read (by SkipReason)."""
    skips = {name: int(stats.get(key, 0)) for name, key in _SKIPS.items()}
    prefix = stat_keys.IMPORT_SKIPPED
    skips.update({k[len(prefix) :]: int(v) for k, v in stats.items() if k.startswith(prefix)})
    return {name: count for name, count in skips.items() if count}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.runner", description=__doc__)
    parser.add_argument("source", help="registry source name (ignored with --source-json)")
    parser.add_argument("--source-json", help="an ad hoc source definition as JSON")
    parser.add_argument("--trigger", default="manual")
    add_process_flags(parser)
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)
        if args.source_json:
            source = source_from_mapping(json.loads(args.source_json), where="--source-json")
        else:
            source = load_registry(config)[args.source]
    except (ConfigError, UnknownSource) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    settings = crawl_settings(
        database_url=args.database_url,
        config_path=args.config,
        config=config,
        home=args.home,
        trigger=args.trigger,
        log_level=args.log_level,
        overrides=setting_overrides(args.set),
    )
    return run_and_report(settings, args, lambda: run_crawl(source, settings))


def setting_overrides(pairs: list[str]) -> dict[str, Any]:
    """``--set NAME=VALUE`` pairs as settings, each value parsed as JSON when it can be."""
    overrides: dict[str, Any] = {}
    for pair in pairs:
        key, _, raw = pair.partition("=")
        try:
            overrides[key] = json.loads(raw)
        except json.JSONDecodeError:
            overrides[key] = raw
    return overrides


def run_and_report(
    settings: Settings, args: argparse.Namespace, run: Callable[[], dict[str, Any]]
) -> int:
    """What a crawl's and an import's process do around their run: the database check
    (``--check-database``), the terminal's log, the run, and its ``POLWIRE_RESULT`` line;
    the exit code (2: the run could not start)."""
    try:
        level, reachable = run_log_level(settings, args.log_level, check=args.check_database)
    except MigrationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    install_terminal_handler(level, tracebacks=args.tracebacks)
    if not args.tracebacks:  # --debug keeps every traceback, the network's too
        install_one_line_network_failures()
    # trafilatura warns per page it cannot use; the run's stats already count those drops.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    result = {**run(), "database_unreachable": not reachable}
    logging.shutdown()
    print(RESULT_PREFIX + json.dumps(result, default=str), flush=True)
    return {"succeeded": 0, "aborted": 3}.get(str(result["status"]), 1)


if __name__ == "__main__":
    sys.exit(main())
