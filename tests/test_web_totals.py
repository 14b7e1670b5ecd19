"""crawl_run_totals (migration 0009) stays equal to crawl_runs added up, whatever writes runs:
a crawl opening and closing its run, the reaper aborting one, the spool drain inserting a
finished run whole, a run deleted by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg

from polwire.storage.dashboard import metrics_snapshot
from polwire.storage.runs import RunOutcome, finish_run, start_run

TOTALS = (
    "SELECT source, status, runs, items_stored, seconds FROM ("
    " SELECT source, status, sum(runs) AS runs, sum(items_stored) AS items_stored,"
    " round(sum(seconds)::numeric, 3) AS seconds FROM crawl_run_totals GROUP BY 1, 2) t"
    " WHERE runs > 0 ORDER BY 1, 2"
)
FROM_RUNS = (
    "SELECT source, status, count(*), sum(items_stored),"
    " round(coalesce(sum(extract(epoch FROM finished_at - started_at)), 0)::numeric, 3)"
    " FROM crawl_runs GROUP BY 1, 2 ORDER BY 1, 2"
)


def _same(conn: psycopg.Connection[Any]) -> list[Any]:
    totals = conn.execute(TOTALS).fetchall()
    assert totals == conn.execute(FROM_RUNS).fetchall()
    return totals


def test_totals_follow_every_way_runs_are_written(db_url: str) -> None:
    start = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
    with psycopg.connect(db_url) as conn:
        first = start_run(conn, "alpha", log_path=None, started_at=start)
        second = start_run(conn, "alpha", log_path=None, started_at=start + timedelta(days=1))
        assert _same(conn) == [("alpha", "running", 2, 0, 0)]
        finish_run(
            conn,
            first,
            RunOutcome(
                status="succeeded",
                items_stored=12,
                stats={},
                finished_at=start + timedelta(seconds=60),
            ),
        )
        # the reaper's way: a running row marked aborted by an UPDATE of its own
        conn.execute(
            "UPDATE crawl_runs SET status = 'aborted', finished_at = started_at + interval '2 h'"
            " WHERE id = %s",
            (second,),
        )
        # the spool drain's way: a run inserted already finished
        conn.execute(
            "INSERT INTO crawl_runs (source, started_at, finished_at, status, items_stored)"
            " VALUES ('beta', %s, %s, 'failed', 0)",
            (start, start + timedelta(seconds=5)),
        )
        conn.commit()
        assert _same(conn) == [
            ("alpha", "aborted", 1, 0, 7200),
            ("alpha", "succeeded", 1, 12, 60),
            ("beta", "failed", 1, 0, 5),
        ]
        # health verdicts are written often and leave the totals alone
        conn.execute('UPDATE crawl_runs SET health = \'{"status": "ok"}\' WHERE id = %s', (first,))
        conn.execute("DELETE FROM crawl_runs WHERE source = 'beta'")
        conn.commit()
        _same(conn)

        snapshot = metrics_snapshot(conn)
        (alpha,) = snapshot.durations
        assert alpha.bounds == (1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 10800)
        # 60 s is "le 60" (Prometheus buckets include their bound); 2 h is only under 3 h
        assert alpha.cumulative == [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2]
        assert alpha.count == 2 and alpha.seconds == 7260
        (times,) = snapshot.sources
        assert times.last_run_epoch == (start + timedelta(days=1)).timestamp()
        assert times.last_success_epoch == (start + timedelta(seconds=60)).timestamp()
        assert times.health_status == "ok"
