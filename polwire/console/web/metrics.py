"""/metrics: Prometheus figures computed from PostgreSQL at scrape time (every replica agrees)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from polwire.console.web.spool_backlog import pending_segments
from polwire.storage.dashboard import MetricsSnapshot, metrics_snapshot, scheduler_leader
from polwire.storage.watch import check_totals, gone_totals

logger = logging.getLogger(__name__)

HEALTH_VALUES = {"ok": 0, "warning": 1, "critical": 2}


@dataclass(slots=True, frozen=True)
class Figures:
    """Everything a scrape reports, read afresh each time."""

    snapshot: MetricsSnapshot
    leader: bool
    spool_segments: int
    # The watch's: (source, reason, articles gone now), (source, outcome, checks made).
    gone: tuple[tuple[str, str, int], ...] = ()
    checks: tuple[tuple[str, str, int], ...] = ()


class FiguresCollector(Collector):
    """Turns one reading of the figures into the fixed metric families."""

    def __init__(self, figures: Figures) -> None:
        self._figures = figures

    def describe(self) -> list[Metric]:
        return []  # nothing to check at registration: names are fixed, label values are data

    def collect(self) -> Iterator[Metric]:
        snapshot = self._figures.snapshot
        runs = CounterMetricFamily(
            "polwire_crawl_runs",
            "Crawl runs recorded, by source and status.",
            labels=["source", "status"],
        )
        stored = CounterMetricFamily(
            "polwire_articles_stored",
            "Articles stored by crawl runs, by source.",
            labels=["source"],
        )
        health = GaugeMetricFamily(
            "polwire_source_health",
            "Verdict on the source's latest checked run: 0 ok, 1 warning, 2 critical.",
            labels=["source"],
        )
        last_run = GaugeMetricFamily(
            "polwire_last_run_timestamp_seconds",
            "Start of the source's latest run.",
            labels=["source"],
        )
        last_success = GaugeMetricFamily(
            "polwire_last_success_timestamp_seconds",
            "End of the source's latest successful run.",
            labels=["source"],
        )
        durations = HistogramMetricFamily(
            "polwire_crawl_duration_seconds",
            "Duration of finished crawl runs.",
            labels=["source"],
        )
        stored_by_source: dict[str, int] = {}
        for count in snapshot.counts:
            runs.add_metric([count.source, count.status], count.runs)
            stored_by_source[count.source] = (
                stored_by_source.get(count.source, 0) + count.items_stored
            )
        for source, total in sorted(stored_by_source.items()):
            stored.add_metric([source], total)
        for times in snapshot.sources:
            last_run.add_metric([times.source], times.last_run_epoch)
            if times.last_success_epoch is not None:
                last_success.add_metric([times.source], times.last_success_epoch)
            if times.health_status in HEALTH_VALUES:
                health.add_metric([times.source], HEALTH_VALUES[times.health_status])
        for hist in snapshot.durations:
            buckets = [
                (_bound(b), float(c)) for b, c in zip(hist.bounds, hist.cumulative, strict=True)
            ]
            buckets.append(("+Inf", float(hist.count)))
            durations.add_metric([hist.source], buckets, sum_value=hist.seconds)
        spool = GaugeMetricFamily(
            "polwire_spool_pending_segments",
            "Spool segments under this machine's POLWIRE_HOME waiting to be loaded.",
            value=self._figures.spool_segments,
        )
        leader = GaugeMetricFamily(
            "polwire_scheduler_leader",
            "1 while a scheduler holds the leader lock on this database (the active one), else 0.",
            value=1 if self._figures.leader else 0,
        )
        yield from (runs, stored, health, last_run, last_success, durations, spool, leader)
        yield from self._watch()

    def _watch(self) -> Iterator[Metric]:
        # A gauge: an article that comes back leaves the count (its name is the contract's).
        gone = GaugeMetricFamily(
            "polwire_articles_gone_total",
            "Articles taken down (confirmed by the watch) and not back, by source and reason.",
            labels=["source", "reason"],
        )
        for source, reason, count in self._figures.gone:
            gone.add_metric([source, reason], count)
        checks = CounterMetricFamily(
            "polwire_watch_checks",
            "Checks of stored articles by the watch, by source and outcome.",
            labels=["source", "outcome"],
        )
        for source, outcome, count in self._figures.checks:
            checks.add_metric([source, outcome], count)
        yield from (gone, checks)


def _bound(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


class MetricsPage:
    """Reads the figures at every scrape; formats them again only when they changed. The
    text is a function of the figures alone, and prometheus_client's formatting of a few
    thousand samples costs more than the reading (tens of ms), while between two scrapes a
    nightly archive rarely changes."""

    def __init__(self, connection: Callable[[], AbstractContextManager[Any]], home: Path) -> None:
        self._connection = connection
        self._home = home
        self._lock = threading.Lock()
        self._last: tuple[Figures, bytes] | None = None

    def read(self) -> Figures:
        with self._connection() as conn:
            snapshot = metrics_snapshot(conn)
            leader = scheduler_leader(conn) is not None
            gone, checks = tuple(gone_totals(conn)), tuple(check_totals(conn))
        return Figures(snapshot, leader, pending_segments(self._home), gone, checks)

    def render(self) -> bytes:
        figures = self.read()
        with self._lock:
            if self._last is not None and self._last[0] == figures:
                return self._last[1]
        registry = CollectorRegistry(auto_describe=False)  # no process metrics of a replica
        registry.register(FiguresCollector(figures))
        body = generate_latest(registry)
        with self._lock:
            self._last = (figures, body)
        return body
