"""/metrics: Prometheus figures computed from PostgreSQL at scrape time (every replica agrees)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
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

from console.web.spool_backlog import pending_segments
from storage.dashboard import duration_histograms, run_counts, scheduler_leader, source_times

logger = logging.getLogger(__name__)

HEALTH_VALUES = {"ok": 0, "warning": 1, "critical": 2}
# Crawls take seconds (a small feed) to hours (a big sitemap); the scheduler stops one at 3 h.
DURATION_BOUNDS = (1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0, 10800.0)


class PolwireCollector(Collector):
    """Reads crawl_runs (and the scheduler lock, and the spool) each time it is collected: no
    state lives in the web process, so any replica, restarted or not, reports the same."""

    def __init__(self, connection: Callable[[], AbstractContextManager[Any]], home: Path) -> None:
        self._connection = connection
        self._home = home

    def describe(self) -> list[Metric]:
        return []  # nothing to check at registration: names are fixed, label values are data

    def collect(self) -> Iterator[Metric]:
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
        leader = GaugeMetricFamily(
            "polwire_scheduler_leader",
            "1 while a scheduler holds the leader lock on this database (the active one), else 0.",
        )
        with self._connection() as conn:
            stored_by_source: dict[str, int] = {}
            for count in run_counts(conn):
                runs.add_metric([count.source, count.status], count.runs)
                stored_by_source[count.source] = (
                    stored_by_source.get(count.source, 0) + count.items_stored
                )
            for times in source_times(conn):
                last_run.add_metric([times.source], times.last_run_epoch)
                if times.last_success_epoch is not None:
                    last_success.add_metric([times.source], times.last_success_epoch)
                if times.health_status in HEALTH_VALUES:
                    health.add_metric([times.source], HEALTH_VALUES[times.health_status])
            for hist in duration_histograms(conn, DURATION_BOUNDS):
                buckets = [
                    (_bound(b), float(c)) for b, c in zip(hist.bounds, hist.cumulative, strict=True)
                ]
                buckets.append(("+Inf", float(hist.count)))
                durations.add_metric([hist.source], buckets, sum_value=hist.seconds)
            leader.add_metric([], 1 if scheduler_leader(conn) else 0)
        for source, total in sorted(stored_by_source.items()):
            stored.add_metric([source], total)
        spool = GaugeMetricFamily(
            "polwire_spool_pending_segments",
            "Spool segments under this machine's POLWIRE_HOME waiting to be loaded.",
            value=pending_segments(self._home),
        )
        yield from (runs, stored, health, last_run, last_success, durations, spool, leader)


def _bound(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def metrics_registry(
    connection: Callable[[], AbstractContextManager[Any]], home: Path
) -> CollectorRegistry:
    """A registry of polwire's figures only (no process metrics of whichever replica answers)."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(PolwireCollector(connection, home))
    return registry


def render_metrics(registry: CollectorRegistry) -> bytes:
    return generate_latest(registry)
