"""What a run's process is started from: a typed request per kind of run (a crawl of a source,
an import of archive files, a watch pass over stored articles), each knowing its command line
and environment."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from crawler.import_runner import run_name
from crawler.process import parent_flags


class RunKind(StrEnum):
    """The kinds of run a process is started for."""

    CRAWL = "crawl"
    IMPORT = "import"
    WATCH = "watch"


class RunRequest(Protocol):
    """What the run lifecycle needs of any request: the run's name, kind and trigger, and how
    to start its process."""

    @property
    def kind(self) -> RunKind: ...

    @property
    def source(self) -> str: ...

    @property
    def trigger(self) -> str: ...

    def argv(self) -> list[str]: ...

    def environment(self) -> dict[str, str]: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class ProcessOptions:
    """What every run's process is told, whatever its kind."""

    database_url: str
    home: Path
    config_path: str | None = None
    log_level: str = "WARNING"  # of its terminal (stderr); its log file keeps INFO
    tracebacks: bool = False  # on the process's stderr too (`polwire --debug ...`)
    settings: tuple[str, ...] = ()  # NAME=VALUE Scrapy overrides
    # Apply pending migrations first and say once if PostgreSQL is unreachable: asked of a
    # command's first run, so that the command needs no database connection of its own.
    check_database: bool = False

    def environment(self) -> dict[str, str]:
        # The URL may hold a password: the environment is private, a command line is not (ps).
        return {**os.environ, "DATABASE_URL": self.database_url}

    def common_flags(self) -> list[str]:
        flags = ["--log-level", self.log_level, "--home", str(self.home)]
        if self.config_path:
            flags += ["--config", self.config_path]
        if self.tracebacks:
            flags.append("--tracebacks")
        flags += parent_flags(check_database=self.check_database)
        for pair in self.settings:
            flags += ["--set", pair]
        return flags


@dataclass(frozen=True, slots=True, kw_only=True)
class CrawlRequest(ProcessOptions):
    """A crawl of one source: a registry name, or an ad hoc definition (``source_json``)."""

    source: str
    trigger: str = "manual"
    source_json: str | None = None

    @property
    def kind(self) -> RunKind:
        return RunKind.CRAWL

    def argv(self) -> list[str]:
        command = [sys.executable, "-m", "crawler.runner", self.source, "--trigger", self.trigger]
        command += self.common_flags()
        if self.source_json:
            command += ["--source-json", self.source_json]
        return command


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportRequest(ProcessOptions):
    """An import of WARC/ARC files: their paths, which records to keep, and under what name."""

    paths: tuple[str, ...]
    sources: tuple[str, ...] = ()  # registry sources to keep (none: every registry source)
    any_host: bool = False  # every record, stored under ``name``
    name: str | None = None
    timezone: str = "UTC"  # of an ad hoc import's dates printed without an offset
    since: datetime | None = None
    until: datetime | None = None

    @property
    def kind(self) -> RunKind:
        return RunKind.IMPORT

    @property
    def trigger(self) -> str:
        return "import"

    @property
    def source(self) -> str:
        """The run's name in crawl_runs."""
        return run_name(self.any_host, self.name, self.sources)

    def argv(self) -> list[str]:
        command = [sys.executable, "-m", "crawler.import_runner", *self.paths]
        for name in self.sources:
            command += ["--source", name]
        if self.any_host:
            command += ["--any-host", "--name", self.source, "--timezone", self.timezone]
        for flag, moment in (("--since", self.since), ("--until", self.until)):
            if moment is not None:
                command += [flag, moment.isoformat()]
        return command + self.common_flags()


# crawl_runs.trigger of every watch pass, whoever started it.
WATCH_TRIGGER = "watch"


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchRequest(ProcessOptions):
    """A watch pass over one source's stored articles: those stored since a moment, or (None)
    those its revisit plan says are due."""

    source: str
    since: datetime | None = None

    @property
    def kind(self) -> RunKind:
        return RunKind.WATCH

    @property
    def trigger(self) -> str:
        return WATCH_TRIGGER

    def argv(self) -> list[str]:
        command = [sys.executable, "-m", "crawler.watch_runner", self.source]
        if self.since is not None:
            command += ["--since", self.since.isoformat()]
        return command + self.common_flags()
