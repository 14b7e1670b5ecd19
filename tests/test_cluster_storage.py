"""The cluster's bookkeeping against a real PostgreSQL, without workers: a dispatch is claimed
once, a lost worker's runs are aborted and its crawls requeued, the source lock is exclusive,
the per-domain leases and Crawl-delay hold, and a shipped log reads back in order."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import psycopg

from polwire.storage.cluster import (
    ALREADY_DONE,
    CRAWL,
    IMPORT,
    RUN,
    RUNNING_ELSEWHERE,
    SourceLock,
    WorkerIdentity,
    claim_dispatch,
    create_dispatch,
    create_import_dispatch,
    finish_dispatch,
    reap_lost_workers,
    register_worker,
    release_dispatch,
)
from polwire.storage.domain_limits import DomainLimits
from polwire.storage.drain import drain_spool
from polwire.storage.run_logs import append_log_chunk, read_run_log, run_log_text
from polwire.storage.runs import get_run, start_run
from polwire.storage.spool import SpooledRunInfo, SpoolWriter, finish_record


def worker(conn: psycopg.Connection, name: str) -> int:
    return register_worker(
        conn, WorkerIdentity(name=name, hostname="host-" + name, pid=100, concurrency=2)
    )


def test_a_dispatch_is_claimed_once_while_its_worker_lives(db_url: str) -> None:
    with psycopg.connect(db_url) as conn:
        w1, w2 = worker(conn, "w1"), worker(conn, "w2")
        dispatch = create_dispatch(conn, "yonhap_english", trigger="scheduler")
        assert dispatch is not None
        assert create_dispatch(conn, "yonhap_english", trigger="scheduler") is None  # one open
        assert claim_dispatch(conn, dispatch, worker_id=w1, timeout_seconds=30).verdict == RUN
        copy = claim_dispatch(conn, dispatch, worker_id=w2, timeout_seconds=30)
        assert copy.verdict == RUNNING_ELSEWHERE
        finish_dispatch(conn, dispatch, worker_id=w1, state="done")
        late = claim_dispatch(conn, dispatch, worker_id=w2, timeout_seconds=30)
        assert late.verdict == ALREADY_DONE


def test_a_silent_worker_is_lost_its_run_aborted_and_its_crawl_requeued(db_url: str) -> None:
    with psycopg.connect(db_url) as conn:
        dead, alive = worker(conn, "dead"), worker(conn, "alive")
        dispatch = create_dispatch(conn, "yonhap_korean", trigger="scheduler")
        assert dispatch is not None
        claim_dispatch(conn, dispatch, worker_id=dead, timeout_seconds=30)
        run_id = start_run(
            conn, "yonhap_korean", log_path=None, worker_id=dead, dispatch_id=dispatch
        )
        conn.execute(
            "UPDATE cluster_workers SET heartbeat_at = now() - interval '1 minute' WHERE id = %s",
            (dead,),
        )
        conn.commit()
        found = reap_lost_workers(conn, timeout_seconds=30)
        assert found.workers == ["dead (pid 100 on host-dead)"]
        assert found.aborted_runs == [run_id]
        assert [(d.id, d.source, d.trigger) for d in found.requeued] == [
            (dispatch, "yonhap_korean", "scheduler")
        ]
        status, reason = conn.execute(
            "SELECT status, finish_reason FROM crawl_runs WHERE id = %s", (run_id,)
        ).fetchone()
        assert status == "aborted"
        assert reason.startswith("worker dead (pid 100 on host-dead) lost: no heartbeat since")
        assert reap_lost_workers(conn, timeout_seconds=30).workers == []  # once
        # The requeued crawl is the live worker's to take.
        assert claim_dispatch(conn, dispatch, worker_id=alive, timeout_seconds=30).verdict == RUN
        states = dict(conn.execute("SELECT name, state FROM cluster_workers").fetchall())
        assert states == {"dead": "lost", "alive": "running"}


def test_the_source_lock_is_held_by_one_session_and_freed_with_it(db_url: str) -> None:
    first = SourceLock(db_url, "yonhap_english", application_name="test lock 1")
    second = SourceLock(db_url, "yonhap_english", application_name="test lock 2")
    other = SourceLock(db_url, "yonhap_korean", application_name="test lock 3")
    assert (first.held, second.held, other.held) == (True, False, True)
    first.release()
    third = SourceLock(db_url, "yonhap_english", application_name="test lock 4")
    assert third.held
    third.release()
    other.release()


def test_domain_leases_stop_at_the_limit_and_come_back(db_url: str) -> None:
    a = DomainLimits(db_url, holder="crawl-a")
    b = DomainLimits(db_url, holder="crawl-b")
    try:
        one = a.try_take("www.yna.co.kr", limit=2, lease_seconds=60)
        two = b.try_take("www.yna.co.kr", limit=2, lease_seconds=60)
        assert one is not None and two is not None
        assert a.try_take("www.yna.co.kr", limit=2, lease_seconds=60) is None
        assert b.try_take("en.yna.co.kr", limit=2, lease_seconds=60) is not None  # another host
        b.release([two])
        assert a.try_take("www.yna.co.kr", limit=2, lease_seconds=60) is not None
        # A lease whose crawl died expires by itself.
        assert a.try_take("example.org", limit=1, lease_seconds=0) is not None
        assert b.try_take("example.org", limit=1, lease_seconds=60) is not None
    finally:
        a.close()
        b.close()


def test_the_crawl_delay_spaces_starts_across_crawls(db_url: str) -> None:
    a = DomainLimits(db_url, holder="crawl-a")
    b = DomainLimits(db_url, holder="crawl-b")
    try:
        assert a.reserve_start("www.yna.co.kr", delay_seconds=10) == 0.0
        # The other crawl has not read robots.txt yet: the domain's known delay applies.
        second = b.reserve_start("www.yna.co.kr", delay_seconds=0)
        third = a.reserve_start("www.yna.co.kr", delay_seconds=10)
        assert 9.0 < second <= 10.0
        assert 19.0 < third <= 20.0
        assert b.reserve_start("other.example", delay_seconds=0) == 0.0
    finally:
        a.close()
        b.close()


def test_a_shipped_log_reads_back_in_order_and_from_a_chunk_on(db_url: str) -> None:
    with psycopg.connect(db_url) as conn:
        run_id = start_run(conn, "yonhap_english", log_path="/elsewhere/run.log")
        assert run_log_text(conn, run_id) is None
        append_log_chunk(conn, run_id, 1, "line one\n")
        append_log_chunk(conn, run_id, 2, "line two\n")
        append_log_chunk(conn, run_id, 2, "line two again\n")  # sent twice: stored once
        whole = read_run_log(conn, run_id)
        assert (whole.text, whole.last_seq, whole.chunks) == ("line one\nline two\n", 2, 2)
        append_log_chunk(conn, run_id, 3, "line three\n")
        assert read_run_log(conn, run_id, after=whole.last_seq).text == "line three\n"


def test_imports_of_a_source_do_not_wait_for_its_crawl_nor_for_each_other(db_url: str) -> None:
    with psycopg.connect(db_url) as conn:
        w1 = worker(conn, "w1")
        crawl = create_dispatch(conn, "yonhap_english", trigger="scheduler")
        files = [
            create_import_dispatch(conn, "yonhap_english", {"path": f"/warcs/{n}.warc.gz"})
            for n in ("a", "b")
        ]
        assert crawl is not None and len(set(files)) == 2
        assert create_dispatch(conn, "yonhap_english", trigger="scheduler") is None  # the crawl
        claim = claim_dispatch(conn, files[1], worker_id=w1, timeout_seconds=30)
        assert claim.verdict == RUN and claim.dispatch is not None
        assert (claim.dispatch.kind, claim.dispatch.trigger, claim.dispatch.params) == (
            IMPORT,
            "import",
            {"path": "/warcs/b.warc.gz"},
        )
        assert claim_dispatch(conn, crawl, worker_id=w1, timeout_seconds=30).dispatch.kind == CRAWL


def test_a_dispatch_given_back_is_queued_for_another_worker(db_url: str) -> None:
    with psycopg.connect(db_url) as conn:
        stopping, other = worker(conn, "stopping"), worker(conn, "other")
        dispatch = create_dispatch(conn, "yonhap_korean", trigger="scheduler")
        assert dispatch is not None
        claim_dispatch(conn, dispatch, worker_id=stopping, timeout_seconds=30)
        assert not release_dispatch(conn, dispatch, worker_id=other, note="not its own")
        assert release_dispatch(conn, dispatch, worker_id=stopping, note="requeued: stopped")
        assert conn.execute("SELECT state, worker_id, note FROM crawl_dispatches").fetchone() == (
            "queued",
            None,
            "requeued: stopped",
        )
        assert claim_dispatch(conn, dispatch, worker_id=other, timeout_seconds=30).verdict == RUN
        assert conn.execute("SELECT attempts FROM crawl_dispatches").fetchone() == (2,)


def test_runs_loaded_from_a_workers_spool_are_recorded_as_its_own(
    db_url: str, tmp_path: Path
) -> None:
    started = datetime(2025, 11, 8, 2, 0, 5, tzinfo=UTC)
    with psycopg.connect(db_url) as conn:
        w1 = worker(conn, "w1")
        dispatch = create_dispatch(conn, "yonhap_korean", trigger="scheduler")
        info = SpooledRunInfo(
            source="yonhap_korean",
            started_at=started,
            trigger="scheduler",
            hostname="host-w1",
            pid=100,
            worker_id=w1,
            dispatch_id=dispatch,
        )
        outcome = finish_record(
            status="succeeded",
            finished_at=started,
            items_stored=0,
            items_duplicate=0,
            items_dropped=0,
            errors=0,
            stats={},
            finish_reason="finished",
        )
        SpoolWriter.create(tmp_path, info).write_segment([outcome])
        conn.commit()
        [run_id] = drain_spool(conn, tmp_path).finished_run_ids
        # Written with the row itself: no one ever reads the run without its worker.
        run = get_run(conn, run_id)
        assert run is not None
        assert (run.worker_id, run.worker, run.status) == (w1, "w1", "succeeded")
        row = conn.execute("SELECT dispatch_id FROM crawl_runs WHERE id = %s", (run_id,))
        assert row.fetchone() == (dispatch,)
