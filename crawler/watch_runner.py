"""Runs one watch pass of one source in this process: `python -m crawler.watch_runner SOURCE`.

`polwire watch` and the scheduler start one such process per source through the run
lifecycle (polwire.runs, a WatchRequest), as they start crawls; as with `crawler.runner`, the
last line on stdout is ``POLWIRE_RESULT {json}``: the run's id, status and figures, its checks
under ``watch``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from crawler.process import add_process_flags
from crawler.sources.registry import UnknownSource, load_registry
from polwire.config import ConfigError, load_config

WATCH_TRIGGER = "watch"  # crawl_runs.trigger of every watch pass (polwire.runs.request's too)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.watch_runner", description=__doc__)
    parser.add_argument("source", help="registry source name")
    parser.add_argument("--since", type=datetime.fromisoformat)
    add_process_flags(parser)
    args = parser.parse_args(argv)
    if args.since is not None and args.since.tzinfo is None:
        args.since = args.since.replace(tzinfo=UTC)
    try:
        config = load_config(args.config)
        source = load_registry(config)[args.source]
    except (ConfigError, UnknownSource) as exc:
        print(f"error: {str(exc).strip(chr(34))}", file=sys.stderr)
        return 2
    # Imported late: `--help` and argument errors need none of Scrapy.
    from crawler.runner import crawl_settings, run_and_report, run_spider, setting_overrides
    from crawler.spiders.watch import watch_spider_for

    overrides = setting_overrides(args.set)
    overrides.setdefault("POLWIRE_INCREMENTAL", False)  # the plan says what to fetch
    settings = crawl_settings(
        database_url=args.database_url,
        config_path=args.config,
        config=config,
        home=args.home,
        trigger=WATCH_TRIGGER,
        log_level=args.log_level,
        overrides=overrides,
    )
    since = args.since.isoformat() if args.since else None
    return run_and_report(
        settings,
        args,
        lambda: run_spider(watch_spider_for(source), source.name, settings, since=since),
    )


if __name__ == "__main__":
    sys.exit(main())
