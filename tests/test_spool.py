"""The spool: crawls that cannot reach PostgreSQL keep everything in fsync'd segments, and the
drain loads them exactly once (also after a drain killed half-way or replayed)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from polwire.storage.drain import drain_spool
from polwire.storage.spool import (
    SpooledRunInfo,
    SpoolFormatError,
    SpoolWriter,
    alias_record,
    article_record,
    finish_record,
    pending_runs,
    read_segment,
    spool_root,
)
from tests.support.cli import REPO, polwire
from tests.support.newsroom import NewsSite, build_news_site, local_news_env, story_names
from tests.support.scheduler_process import wait_until
from tests.support.server import Page


@pytest.fixture
def site() -> Iterator[NewsSite]:
    site = build_news_site(story_names(6))
    site.server.start()
    yield site
    site.server.stop()


def with_host(db_url: str, host: str, port: int) -> str:
    params = conninfo_to_dict(db_url)
    params.update(host=host, port=str(port))
    return make_conninfo(**params)


def crawl_env(tmp_path: Path, db_url: str, home: Path, site: NewsSite) -> dict[str, str]:
    return local_news_env(tmp_path, db_url, home, site)


def counts(db: psycopg.Connection) -> tuple[int, int, int]:
    row = db.execute(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM article_urls),"
        " (SELECT count(*) FROM crawl_runs)"
    ).fetchone()
    assert row is not None
    return row


# --- the format ------------------------------------------------------------------------


def test_segments_round_trip_and_only_whole_segments_are_read(tmp_path: Path) -> None:
    started = datetime(2025, 11, 8, 2, 0, 5, tzinfo=UTC)
    info = SpooledRunInfo(
        source="local_news", started_at=started, trigger="scheduler", hostname="h", pid=42
    )
    writer = SpoolWriter.create(tmp_path, info)
    row = {"url": "https://example.org/a", "fetched_at": started, "html": b"<p>\xe6\x97\xa5</p>"}
    first = writer.write_segment([article_record(row), alias_record(row["url"], ["u2"])])
    assert writer.write_segment([]) is None
    # A crash while writing the next segment leaves only its hidden temporary file.
    (writer.directory / ".000002.jsonl.tmp").write_text('{"kind": "segm')

    [run] = pending_runs(tmp_path)
    assert run.key == writer.key and run.key.startswith("20251108T020005Z-local_news-42-")
    assert run.info == info
    assert run.segments() == [first]
    records = read_segment(first)
    assert records[0] == {"kind": "article", "row": row}
    assert records[1] == {"kind": "alias", "canonical_url": row["url"], "urls": ["u2"]}

    first.write_text('{"kind": "segment", "format": 1}\n{"kind": "nonsense"}\n')
    with pytest.raises(SpoolFormatError, match="unknown record kind"):
        read_segment(first)


# --- crawls with the database down -----------------------------------------------------


def test_crawl_with_database_down_spools_everything_and_the_drain_loads_it_once(
    site: NewsSite,
    db: psycopg.Connection,
    db_url: str,
    polwire_home: Path,
    tmp_path: Path,
) -> None:
    env = crawl_env(tmp_path, db_url, polwire_home, site)
    down = polwire(
        "crawl", "local_news", env={**env, "DATABASE_URL": with_host(db_url, "127.0.0.1", 1)}
    )
    assert down.returncode == 0, down.stderr
    warnings = [line for line in down.stderr.splitlines() if "warning" in line.lower()]
    assert len(warnings) == 1, down.stderr
    assert "127.0.0.1:1/" in warnings[0] and "spooling" in warnings[0]
    assert down.stdout.startswith("local_news: succeeded in ")
    assert "6 spooled" in down.stdout and "run pending" in down.stdout
    assert counts(db) == (0, 0, 0)
    [spooled] = pending_runs(spool_root(polwire_home))
    assert spooled.info.run_id is None and "Connection refused" in spooled.info.cause

    drained = polwire("db", "drain-spool", env=env)
    assert drained.returncode == 0, drained.stderr
    assert "(6 stored," in drained.stdout and "1 runs finished" in drained.stdout
    articles, urls, runs = counts(db)
    assert (articles, runs) == (6, 1)
    run = db.execute(
        "SELECT status, items_stored, items_duplicate, trigger, log_path, stats->'polwire/spool'"
        " FROM crawl_runs"
    ).fetchone()
    assert run[:4] == ("succeeded", 6, 1, "manual")
    assert Path(run[4]).is_file() and run[5]["key"] == spooled.key
    # Health-checked once loaded, as the crawl would have been with its database there.
    (health,) = db.execute("SELECT health FROM crawl_runs").fetchone()
    assert health["status"] == "ok", health
    # The AMP twin and the tracking variant were spooled as URLs of their articles.
    for path in (site.amp_path, site.tracking_path):
        assert db.execute(
            "SELECT 1 FROM article_urls WHERE url = %s", (site.server.url(path),)
        ).fetchone()
    assert list(spool_root(polwire_home).iterdir()) == []

    again = polwire("db", "drain-spool", env=env)
    assert again.returncode == 0 and "0 segments loaded" in again.stdout
    assert counts(db) == (articles, urls, runs)

    # What the drain loaded makes the next crawl incremental: no article is fetched again.
    site.server.clear_log()
    assert polwire("crawl", "local_news", env=env).returncode == 0
    assert [p for p in site.server.requested_paths() if p.startswith(("/news/", "/amp/"))] == []


def test_segments_replayed_after_a_crash_between_commit_and_delete_load_nothing_twice(
    site: NewsSite,
    db: psycopg.Connection,
    db_url: str,
    polwire_home: Path,
    tmp_path: Path,
) -> None:
    env = crawl_env(tmp_path, db_url, polwire_home, site)
    env["DATABASE_URL"] = with_host(db_url, "127.0.0.1", 1)
    down = polwire("crawl", "local_news", "-s", "POLWIRE_STORE_BATCH_SIZE=2", env=env)
    assert down.returncode == 0, down.stderr
    root = spool_root(polwire_home)
    [spooled] = pending_runs(root)
    segments = len(spooled.segments())
    assert segments >= 4  # three batches of two articles, then the finish
    shutil.copytree(root, tmp_path / "spool-copy")

    first = drain_spool(db, root)
    assert (first.segments_loaded, first.stored, first.runs_created) == (segments, 6, 1)
    loaded = counts(db)
    # As if each segment's commit had happened but the drain died before deleting it.
    shutil.rmtree(root)
    shutil.copytree(tmp_path / "spool-copy", root)
    second = drain_spool(db, root)
    assert (second.segments_loaded, second.segments_already_loaded) == (0, segments)
    assert second.runs_created == 0
    assert counts(db) == loaded
    assert list(root.iterdir()) == []


def test_drain_killed_half_way_and_run_again_loads_everything_once(
    db: psycopg.Connection, db_url: str, polwire_home: Path, tmp_path: Path
) -> None:
    site = build_news_site(story_names(40))
    with site.server:
        env = crawl_env(tmp_path, db_url, polwire_home, site)
        spool_env = {**env, "DATABASE_URL": with_host(db_url, "127.0.0.1", 1)}
        down = polwire("crawl", "local_news", "-s", "POLWIRE_STORE_BATCH_SIZE=1", env=spool_env)
        assert down.returncode == 0, down.stderr
    root = spool_root(polwire_home)
    [spooled] = pending_runs(root)
    total = len(spooled.segments())
    assert total >= 40

    drain = subprocess.Popen(
        [sys.executable, "-m", "polwire.console", "db", "drain-spool"],
        env={**os.environ, **env},
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    loaded = lambda: db.execute("SELECT count(*) FROM spool_segments").fetchone()[0]  # noqa: E731
    wait_until(lambda: loaded() >= 5, 60, "the drain to get going")
    drain.send_signal(signal.SIGKILL)
    drain.wait()
    left = len(spooled.segments())
    assert left > 0, "the drain finished before it could be killed"

    rerun = polwire("db", "drain-spool", env=env)
    assert rerun.returncode == 0, rerun.stderr
    assert counts(db)[0] == 40 and counts(db)[2] == 1
    assert db.execute("SELECT status, items_stored FROM crawl_runs").fetchone() == (
        "succeeded",
        40,
    )
    assert loaded() == total
    assert list(root.iterdir()) == []


class CuttableProxy:
    """A TCP proxy to PostgreSQL that can be cut, like a network or server going away."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = self.connect_upstream()
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def connect_upstream(self) -> socket.socket:
        """PostgreSQL over TCP, or over its Unix socket when the host is a directory (the
        embedded server the tests start without DATABASE_URL listens only there)."""
        host, port = self.target
        if not host.startswith("/"):
            return socket.create_connection(self.target)
        upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        upstream.connect(f"{host}/.s.PGSQL.{port}")
        return upstream

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.listener.close()
        with self.lock:
            for s in self.sockets:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()


def test_crawl_that_loses_the_database_mid_way_spools_the_rest_into_the_same_run(
    site: NewsSite,
    db: psycopg.Connection,
    db_url: str,
    polwire_home: Path,
    tmp_path: Path,
) -> None:
    for path in site.article_paths.values():
        site.server.pages[path] = Page(site.server.pages[path].body, delay=1.0)
    params = conninfo_to_dict(db_url)
    proxy = CuttableProxy(str(params.get("host") or "127.0.0.1"), int(params.get("port") or 5432))
    env = crawl_env(tmp_path, with_host(db_url, "127.0.0.1", proxy.port), polwire_home, site)
    crawl = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "polwire.console",
            "crawl",
            "local_news",
            "-s",
            "POLWIRE_STORE_BATCH_SIZE=2",
        ],
        env={**os.environ, **env},
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_until(lambda: counts(db)[0] >= 2, 60, "the first stored batch")
    proxy.cut()
    stdout, stderr = crawl.communicate(timeout=120)
    assert crawl.returncode == 0, stderr
    before = counts(db)[0]
    assert 2 <= before < 6
    assert f"({before} stored before the database went away)" in stdout
    [run_id] = [r[0] for r in db.execute("SELECT id FROM crawl_runs").fetchall()]
    assert db.execute("SELECT status FROM crawl_runs").fetchone() == ("running",)
    [spooled] = pending_runs(spool_root(polwire_home))
    assert spooled.info.run_id == run_id

    report = drain_spool(db, spool_root(polwire_home))
    assert report.runs_created == 0 and report.runs_finished == 1
    assert counts(db)[0] == 6
    status, stored = db.execute("SELECT status, items_stored FROM crawl_runs").fetchone()
    assert (status, stored) == ("succeeded", 6)
    assert db.execute("SELECT count(DISTINCT run_id) FROM articles").fetchone() == (1,)


def test_spool_of_a_crawl_that_died_is_loaded_and_its_run_aborted(
    db: psycopg.Connection, tmp_path: Path
) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    started = datetime.now(UTC)
    info = SpooledRunInfo(
        source="local_news",
        started_at=started,
        trigger="scheduler",
        hostname=socket.gethostname(),
        pid=dead.pid,
    )
    writer = SpoolWriter.create(tmp_path, info)
    row = {
        "source": "local_news",
        "url": "https://example.org/news/1",
        "urls": ["https://example.org/news/1"],
        "title": "A title",
        "body": "A body " * 50,
        "content_hash": "h1",
        "fetched_at": started,
        "word_count": 100,
    }
    writer.write_segment([article_record(row)])
    report = drain_spool(db, tmp_path)
    assert (report.segments_loaded, report.runs_aborted) == (1, 1)
    status, reason = db.execute("SELECT status, finish_reason FROM crawl_runs").fetchone()
    assert status == "aborted" and f"crawl process {dead.pid} ended" in reason
    assert db.execute("SELECT title FROM articles").fetchall() == [("A title",)]
    assert list(tmp_path.iterdir()) == []


def test_finish_record_of_a_live_crawl_is_awaited(db: psycopg.Connection, tmp_path: Path) -> None:
    """A crawl still writing its spool (this process) keeps its run open and its directory."""
    info = SpooledRunInfo(
        source="local_news",
        started_at=datetime.now(UTC),
        trigger="manual",
        hostname=socket.gethostname(),
        pid=os.getpid(),
    )
    writer = SpoolWriter.create(tmp_path, info)
    writer.write_segment([alias_record("https://example.org/x", ["https://example.org/y"])])
    drain_spool(db, tmp_path)
    assert db.execute("SELECT status FROM crawl_runs").fetchall() == [("running",)]
    assert writer.directory.is_dir()
    writer.write_segment(
        [
            finish_record(
                status="succeeded",
                finished_at=datetime.now(UTC),
                items_stored=0,
                items_duplicate=0,
                items_dropped=0,
                errors=0,
                stats={"finish_reason": "finished"},
                finish_reason="finished",
            )
        ]
    )
    report = drain_spool(db, tmp_path)
    assert report.runs_finished == 1
    assert db.execute("SELECT status FROM crawl_runs").fetchall() == [("succeeded",)]
    assert not writer.directory.exists()


def test_a_second_drain_while_one_runs_says_so_and_exits_0(
    site: NewsSite,
    db: psycopg.Connection,
    db_url: str,
    polwire_home: Path,
    tmp_path: Path,
) -> None:
    import fcntl

    from polwire.storage.drain import DRAIN_LOCK_SUFFIX

    env = crawl_env(tmp_path, db_url, polwire_home, site)
    down = polwire(
        "crawl", "local_news", env={**env, "DATABASE_URL": with_host(db_url, "127.0.0.1", 1)}
    )
    assert down.returncode == 0, down.stderr
    root = spool_root(polwire_home)
    assert len(pending_runs(root)) == 1

    # A drain holds the spool (as the scheduler's job would, mid-way): the second leaves it.
    with (root.parent / (root.name + DRAIN_LOCK_SUFFIX)).open("ab") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        second = polwire("db", "drain-spool", env=env)
        fcntl.flock(held, fcntl.LOCK_UN)
    assert second.returncode == 0, second.stderr
    assert "already draining" in second.stdout
    assert counts(db) == (0, 0, 0) and len(pending_runs(root)) == 1

    # Two drains started together: both exit 0, and the crawl is loaded once.
    both = [
        subprocess.Popen(
            [sys.executable, "-m", "polwire.console", "db", "drain-spool"],
            env={**os.environ, **env},
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in both]
    assert [code for code, _, _ in results] == [0, 0], results
    assert counts(db)[0] == 6 and counts(db)[2] == 1
    assert pending_runs(root) == []
