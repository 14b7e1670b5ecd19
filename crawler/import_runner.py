"""Runs one import of WARC/ARC files in this process: `python -m crawler.import_runner PATH...`.

`polwire import` starts one such process per import (polwire.runs.request.ImportRequest), and a
cluster task one per file. As with `crawler.runner`, the last line on stdout is
``POLWIRE_RESULT {json}``: the run's id, status and figures.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from crawler.process import add_process_flags
from crawler.sources.model import Source
from crawler.sources.registry import UnknownSource, load_registry
from crawler.warc.files import archive_files
from polwire.config import ConfigError, load_config

# The crawl_runs source of an import of several registry sources at once.
MIXED_IMPORT_NAME = "import"


def run_name(any_host: bool, name: str | None, sources: tuple[str, ...] | list[str]) -> str:
    """An import's crawl_runs source: the ad hoc name, the one source chosen, else "import"."""
    if any_host:
        return name or "adhoc_import"
    return sources[0] if len(sources) == 1 else MIXED_IMPORT_NAME


def _selected_sources(args: argparse.Namespace) -> list[Source]:
    if args.any_host:
        if not args.name:
            raise UnknownSource("--any-host needs --name NAME to store the articles under")
        return [Source(name=args.name, timezone=args.timezone)]
    registry = load_registry(load_config(args.config))
    names = args.source or list(registry)
    return [registry[name] for name in names]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.import_runner", description=__doc__)
    parser.add_argument("paths", nargs="+", help="WARC/ARC files or directories holding them")
    parser.add_argument("--source", action="append", default=[])
    parser.add_argument("--any-host", action="store_true")
    parser.add_argument("--name")
    parser.add_argument("--timezone", default="UTC")
    parser.add_argument("--since", type=datetime.fromisoformat)
    parser.add_argument("--until", type=datetime.fromisoformat)
    add_process_flags(parser)
    args = parser.parse_args(argv)
    # Dates without an offset are UTC (`polwire import` always sends one).
    args.since, args.until = (
        m if m is None or m.tzinfo else m.replace(tzinfo=UTC) for m in (args.since, args.until)
    )
    try:
        config = load_config(args.config)
        sources = _selected_sources(args)
        paths = archive_files(args.paths)
    except (ConfigError, UnknownSource, FileNotFoundError) as exc:
        print(f"error: {str(exc).strip(chr(34))}", file=sys.stderr)
        return 2
    # Imported late: `--help` and argument errors need none of Scrapy.
    from crawler.runner import crawl_settings, run_and_report, run_spider, setting_overrides
    from crawler.spiders.archive_import import ImportSpider

    overrides = setting_overrides(args.set)
    # An archive is read, not fetched: no robots.txt, politeness or downloads.
    overrides.setdefault("ROBOTSTXT_OBEY", False)
    settings = crawl_settings(
        database_url=args.database_url,
        config_path=args.config,
        config=config,
        home=args.home,
        trigger="import",
        log_level=args.log_level,
        overrides=overrides,
    )
    name = run_name(args.any_host, args.name, args.source)
    return run_and_report(
        settings,
        args,
        lambda: run_spider(
            ImportSpider,
            name,
            settings,
            name=name,
            paths=paths,
            sources=sources,
            any_host=args.any_host,
            since=args.since,
            until=args.until,
        ),
    )


if __name__ == "__main__":
    sys.exit(main())
