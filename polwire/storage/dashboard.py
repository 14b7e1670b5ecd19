"""Read-only queries behind the web dashboard, its JSON API and its Prometheus metrics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import class_row

from polwire.storage.articles import decompress_html
from polwire.storage.health import AlertState
from polwire.storage.leader import SCHEDULER_LOCK_KEY
from polwire.storage.runs import CrawlRun
from polwire.storage.sql import query

Connection = psycopg.Connection[Any]


@dataclass(slots=True)
class SourceSummary:
    """One source of the overview (every source that has a run)."""

    source: str
    last_run_id: int
    last_run_at: datetime
    last_status: str
    health: dict[str, Any] | None  # the verdict on its latest judged run
    health_run_id: int | None
    last_success_at: datetime | None
    last_success_id: int | None
    coverage: dict[str, float] | None  # of its latest finished run
    last_ok_at: datetime | None  # start of its latest run judged ok (when the latest is not)
    unhealthy_since: datetime | None  # start of the first run judged not ok after that one
    items_trend: list[int]


@dataclass(slots=True)
class ScheduledJob:
    id: str
    next_run_at: datetime | None


@dataclass(slots=True)
class RunPoint:
    """One finished run of a source, as its charts plot it."""

    id: int
    started_at: datetime
    status: str
    items_stored: int
    errors: int
    duration_seconds: float | None
    coverage: dict[str, float]
    coverage_check: str | None  # status of its coverage health check, when it was judged
    health_status: str | None


@dataclass(slots=True)
class ArticleDetail:
    id: int
    source: str
    url: str
    title: str
    authors: list[str]
    published_at: datetime | None
    modified_at: datetime | None
    section: str | None
    language: str | None
    countries: list[str]
    wire: str | None
    dateline: str | None
    body: str
    word_count: int
    content_hash: str
    story_id: int | None
    first_seen_at: datetime
    last_seen_at: datetime
    run_id: int | None
    field_layers: dict[str, Any]
    has_raw_page: bool
    gone_at: datetime | None = None  # taken down (polwire watch), and not back
    gone_reason: str | None = None


@dataclass(slots=True)
class ArticleUrl:
    url: str
    first_seen_at: datetime


@dataclass(slots=True)
class Revision:
    id: int
    title: str
    body: str
    content_hash: str
    seen_at: datetime
    replaced_at: datetime
    changed_fields: list[str]
    change_size: int
    run_id: int | None


@dataclass(slots=True)
class RawPage:
    fetched_at: datetime
    http_encoding: str | None
    html: bytes


@dataclass(slots=True)
class RunCount:
    source: str
    status: str
    runs: int
    items_stored: int


@dataclass(slots=True)
class SourceTimes:
    source: str
    last_run_epoch: float
    last_success_epoch: float | None
    health_status: str | None


@dataclass(slots=True)
class DurationHistogram:
    """Cumulative counts of finished runs at or under each bound (Prometheus ``le``)."""

    source: str
    bounds: tuple[float, ...]
    cumulative: list[int]
    count: int = 0
    seconds: float = 0.0


@dataclass(slots=True)
class MetricsSnapshot:
    counts: list[RunCount]
    sources: list[SourceTimes]
    durations: list[DurationHistogram]


def source_summaries(conn: Connection, *, trend_runs: int = 20) -> list[SourceSummary]:
    with conn.cursor(row_factory=class_row(SourceSummary)) as cur:
        return cur.execute(query("web_source_summary"), {"trend_runs": trend_runs}).fetchall()


def running_runs(conn: Connection, *, limit: int = 50) -> list[CrawlRun]:
    with conn.cursor(row_factory=class_row(CrawlRun)) as cur:
        return cur.execute(query("web_runs_running"), {"limit": limit}).fetchall()


def run_page(
    conn: Connection,
    *,
    source: str | None = None,
    status: str | None = None,
    since: datetime | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[CrawlRun]:
    """Runs newest first with the filters of ``polwire runs``, ``offset`` rows in."""
    params = {
        "source": source,
        "status": status,
        "since": since,
        "limit": limit,
        "offset": offset,
    }
    with conn.cursor(row_factory=class_row(CrawlRun)) as cur:
        return cur.execute(query("web_run_page"), params).fetchall()


def recent_alerts(conn: Connection, *, limit: int = 20) -> list[AlertState]:
    with conn.cursor(row_factory=class_row(AlertState)) as cur:
        return cur.execute(query("web_alerts_recent"), {"limit": limit}).fetchall()


def scheduled_jobs(conn: Connection, *, limit: int = 20) -> list[ScheduledJob]:
    with conn.cursor(row_factory=class_row(ScheduledJob)) as cur:
        return cur.execute(query("web_scheduler_jobs"), {"limit": limit}).fetchall()


def next_run_at(conn: Connection, job_id: str) -> datetime | None:
    row = conn.execute(query("web_scheduler_job"), {"id": job_id}).fetchone()
    return None if row is None else row[0]


def scheduler_leader(conn: Connection) -> str | None:
    """Who holds the scheduler's advisory lock (application name and backend pid), or None
    when no scheduler is active on this database."""
    key = SCHEDULER_LOCK_KEY
    row = conn.execute(
        query("leader_holder"), {"classid": key >> 32, "objid": key & 0xFFFFFFFF}
    ).fetchone()
    if row is None:
        return None
    name, client, pid, _since = row
    where = f" from {client}" if client else ""
    return f"{name or 'a session'}{where} (backend pid {pid})"


def source_runs(conn: Connection, source: str, *, limit: int = 60) -> list[RunPoint]:
    with conn.cursor(row_factory=class_row(RunPoint)) as cur:
        return cur.execute(query("web_source_runs"), {"source": source, "limit": limit}).fetchall()


def get_article(conn: Connection, article_id: int) -> ArticleDetail | None:
    with conn.cursor(row_factory=class_row(ArticleDetail)) as cur:
        return cur.execute(query("web_article_get"), {"id": article_id}).fetchone()


def article_urls(conn: Connection, article_id: int) -> list[ArticleUrl]:
    with conn.cursor(row_factory=class_row(ArticleUrl)) as cur:
        return cur.execute(query("web_article_urls"), {"id": article_id}).fetchall()


def article_revisions(conn: Connection, article_id: int) -> list[Revision]:
    with conn.cursor(row_factory=class_row(Revision)) as cur:
        return cur.execute(query("web_article_revisions"), {"id": article_id}).fetchall()


def raw_page(conn: Connection, article_id: int) -> RawPage | None:
    row = conn.execute(query("web_article_page"), {"id": article_id}).fetchone()
    if row is None:
        return None
    fetched_at, encoding, blob = row
    return RawPage(fetched_at=fetched_at, http_encoding=encoding, html=decompress_html(blob))


def metrics_snapshot(conn: Connection) -> MetricsSnapshot:
    """What /metrics reports: the run totals the crawl_runs trigger keeps (migration 0009) and
    one index probe per source for its latest verdict; a few hundred rows however many runs."""
    counts: dict[tuple[str, str], RunCount] = {}
    started: dict[str, float] = {}
    succeeded: dict[str, float] = {}
    buckets: dict[str, dict[int, int]] = {}
    seconds: dict[str, float] = {}
    bounds: tuple[float, ...] = ()
    for row in conn.execute(query("web_metrics_runs")):
        source, status, above, runs, items, took, last_start, last_end, bounds_row = row
        bounds = tuple(bounds_row)
        count = counts.setdefault((source, status), RunCount(source, status, 0, 0))
        count.runs += int(runs)
        count.items_stored += int(items)
        if last_start is not None:
            started[source] = max(started.get(source, last_start), last_start)
        if status == "succeeded" and last_end is not None:
            succeeded[source] = max(succeeded.get(source, last_end), last_end)
        if above >= 0:  # finished runs: -1 stands for a run still going
            per_source = buckets.setdefault(source, {})
            per_source[above] = per_source.get(above, 0) + int(runs)
            seconds[source] = seconds.get(source, 0.0) + float(took)
    health = dict(conn.execute(query("web_metrics_health")).fetchall())
    n = len(bounds)
    durations = []
    for source in sorted(buckets):
        per_source = buckets[source]
        # A run at or under k bounds is at or under the k largest ones: bound i (0-based,
        # ascending) counts the runs with at least n - i bounds at or above them.
        cumulative = [sum(c for k, c in per_source.items() if k >= n - i) for i in range(n)]
        durations.append(
            DurationHistogram(
                source=source,
                bounds=bounds,
                cumulative=cumulative,
                count=sum(per_source.values()),
                seconds=seconds[source],
            )
        )
    return MetricsSnapshot(
        counts=[counts[key] for key in sorted(counts)],
        sources=[
            SourceTimes(source, started[source], succeeded.get(source), health.get(source))
            for source in sorted(started)
        ],
        durations=durations,
    )
