"""The watch's tables: the plan of articles to check, the checks, takedowns and their returns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

import psycopg
from psycopg.rows import class_row, dict_row

from polwire.storage.sql import query

# The start of a stored body kept with the plan: enough to tell a paywall teaser (the same
# first paragraphs, the rest cut) or a moved copy from another page.
BODY_HEAD_CHARS = 1500
OUTCOMES = ("unchanged", "edited", "moved", "gone", "back", "walled", "error")


@dataclass(slots=True, kw_only=True)
class WatchTarget:
    """A stored article as a check needs it: where it is, what it said, its validators."""

    id: int
    url: str
    title: str
    content_hash: str
    body_head: str
    word_count: int
    etag: str | None
    last_modified: str | None
    first_seen_at: datetime
    gone_at: datetime | None
    gone_reason: str | None
    watch_suspect_at: datetime | None
    watch_suspect_reason: str | None


@dataclass(slots=True, kw_only=True)
class CheckRecord:
    """One check as stored (``article_checks``) and the article's watch state after it."""

    article_id: int
    checked_at: datetime
    http_status: int | None
    outcome: str
    detail: str | None
    confirmed: bool
    url: str
    final_url: str | None
    # The article after the check.
    gone_at: datetime | None
    gone_reason: str | None
    suspect_at: datetime | None
    suspect_reason: str | None
    due_at: datetime | None
    moved_to: str | None = None  # a URL to add to article_urls
    etag: str | None = None  # validators of an unchanged page's answer
    last_modified: str | None = None


def due_plan(
    conn: psycopg.Connection[Any], source: str, *, now: datetime, limit: int
) -> list[WatchTarget]:
    """The source's articles due for a check at ``now``, most overdue first."""
    params = {"source": source, "now": now, "limit": limit, "head_chars": BODY_HEAD_CHARS}
    with conn.cursor(row_factory=class_row(WatchTarget)) as cur:
        return cur.execute(query("watch_plan_due"), params).fetchall()


def since_plan(
    conn: psycopg.Connection[Any], source: str, *, since: datetime, limit: int
) -> list[WatchTarget]:
    """Every article the source stored since ``since`` (gone ones too), due or not."""
    params = {"source": source, "since": since, "limit": limit, "head_chars": BODY_HEAD_CHARS}
    with conn.cursor(row_factory=class_row(WatchTarget)) as cur:
        return cur.execute(query("watch_plan_since"), params).fetchall()


def record_checks(
    conn: psycopg.Connection[Any], checks: Sequence[CheckRecord], *, run_id: int | None
) -> None:
    """Store a batch of checks and the articles' new state, in one transaction."""
    if not checks:
        return
    rows = [{**asdict(check), "run_id": run_id} for check in checks]
    with conn.transaction(), conn.cursor() as cur:
        cur.executemany(query("watch_check_insert"), rows)
        cur.executemany(query("watch_state_update"), rows)
        cur.executemany(query("watch_gone_update"), rows)
        moved = [r for r in rows if r["moved_to"]]
        if moved:
            cur.executemany(
                query("watch_url_add"),
                [{"url": r["moved_to"], "article_id": r["article_id"]} for r in moved],
            )
        validated = [r for r in rows if r["etag"] or r["last_modified"]]
        if validated:
            cur.executemany(query("watch_validators_update"), validated)


def confirmed_on(conn: psycopg.Connection[Any], source: str, day: date) -> int:
    """How many takedowns of ``source`` were confirmed on ``day`` (UTC)."""
    row = conn.execute(query("watch_confirmed_today"), {"source": source, "day": day}).fetchone()
    return int(str(row[0])) if row else 0


def claim_takedown_alert(conn: psycopg.Connection[Any], source: str, day: date, gone: int) -> bool:
    """True once per source and day: the caller then sends the day's takedown alert."""
    with conn.transaction():
        row = conn.execute(
            query("watch_alert_claim"), {"source": source, "day": day, "gone": gone}
        ).fetchone()
    return row is not None


def gone_articles(
    conn: psycopg.Connection[Any],
    *,
    source: str | None = None,
    since: datetime | None = None,
    limit: int = 1000,
) -> list[dict[str, Any]]:
    """Articles taken down, newest takedown first, with their last stored title."""
    params = {"source": source, "since": since, "limit": limit}
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(query("gone_list"), params).fetchall()


def gone_totals(conn: psycopg.Connection[Any]) -> list[tuple[str, str, int]]:
    """(source, reason, articles gone now), for polwire_articles_gone_total."""
    rows = conn.execute(query("gone_totals")).fetchall()
    return [(str(s), str(r), int(str(n))) for s, r, n in rows]


def check_totals(conn: psycopg.Connection[Any]) -> list[tuple[str, str, int]]:
    """(source, outcome, checks made), for polwire_watch_checks_total."""
    rows = conn.execute(query("watch_check_totals")).fetchall()
    return [(str(s), str(o), int(str(n))) for s, o, n in rows]


def article_checks(
    conn: psycopg.Connection[Any], article_id: int, *, limit: int = 50
) -> list[dict[str, Any]]:
    """The watch's latest checks of one article, newest first."""
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            query("web_article_checks"), {"article_id": article_id, "limit": limit}
        ).fetchall()
