"""Run history for health checks, stored verdicts, per-source overview and alert state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg.rows import class_row
from psycopg.types.json import Jsonb

from polwire.storage.runs import CrawlRun
from polwire.storage.sql import query

Connection = psycopg.Connection[Any]
HEALTH_STATUSES = ("ok", "warning", "critical")


@dataclass(slots=True)
class SourceHealth:
    """One line of `polwire health`."""

    source: str
    last_run_id: int
    last_run_at: datetime
    last_status: str
    health: dict[str, Any] | None  # the verdict on its latest judged run
    last_success_at: datetime | None
    items_trend: list[int]


@dataclass(slots=True)
class AlertState:
    source: str
    status: str
    run_id: int | None
    changed_at: datetime
    delivered: list[str]
    delivery_error: str | None


@dataclass(slots=True, frozen=True)
class StateChange:
    previous: str | None  # the state alerted before, None for a source never judged
    changed: bool


def run_history(conn: Connection, source: str, before_id: int, limit: int) -> list[CrawlRun]:
    """The last ``limit`` successful runs of ``source`` before run ``before_id``, newest first."""
    with conn.cursor(row_factory=class_row(CrawlRun)) as cur:
        params = {"source": source, "before_id": before_id, "limit": limit}
        return cur.execute(query("health_history"), params).fetchall()


def store_health(conn: Connection, run_id: int, health: dict[str, Any]) -> None:
    conn.execute(query("health_store"), {"id": run_id, "health": Jsonb(health)})
    conn.commit()


def source_overview(
    conn: Connection, *, source: str | None = None, trend_runs: int = 10
) -> list[SourceHealth]:
    """Every source that has a run: its latest run, latest success and items per run."""
    with conn.cursor(row_factory=class_row(SourceHealth)) as cur:
        params = {"source": source, "trend_runs": trend_runs}
        return cur.execute(query("health_overview"), params).fetchall()


def advance_alert_state(
    conn: Connection, source: str, status: str, run_id: int, now: datetime | None = None
) -> StateChange:
    """Record ``status`` as the source's state; say whether it changed (so an alert is due)."""
    if status not in HEALTH_STATUSES:
        raise ValueError(f"health status must be one of {HEALTH_STATUSES}, not {status!r}")
    row = conn.execute(
        query("alert_state_advance"),
        {"source": source, "status": status, "run_id": run_id, "now": now or datetime.now(UTC)},
    ).fetchone()
    conn.commit()
    assert row is not None
    previous = None if row[0] is None else str(row[0])
    return StateChange(previous=previous, changed=bool(row[1]))


def record_delivery(
    conn: Connection, source: str, run_id: int, delivered: list[str], error: str | None
) -> None:
    conn.execute(
        query("alert_state_delivered"),
        {"source": source, "run_id": run_id, "delivered": delivered, "error": error},
    )
    conn.commit()


def alert_state(conn: Connection, source: str) -> AlertState | None:
    with conn.cursor(row_factory=class_row(AlertState)) as cur:
        return cur.execute(query("alert_state_get"), {"source": source}).fetchone()
