"""A crawl cluster as real processes: `polwire worker` ×2-3 on a real Redis and PostgreSQL,
crawling a local site of several sources on one domain: every queued crawl runs once, a worker
killed mid-crawl loses and doubles nothing, the domain's concurrency holds across workers, and
a run's log is readable without its worker's files."""

from __future__ import annotations

import contextlib
import itertools
import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from polwire.storage.spool import pending_runs, spool_root
from tests.support.cli import polwire
from tests.support.cluster import (
    RABBITMQ_URL,
    REDIS_URL,
    ClusterSite,
    PrivateRedis,
    RabbitQueues,
    WorkerProcess,
    broker_for,
    build_cluster_site,
    cluster_config,
)
from tests.support.newsroom import BY_SLUG
from tests.support.newsroom_pages import story_page
from tests.support.scheduler_process import SchedulerProcess, process_exists, wait_until
from tests.support.services import require_rabbitmq, require_redis, require_redis_server
from tests.support.warc_files import ArchivedPage, write_warc
from tests.test_spool import CuttableProxy

FAST_CLUSTER = "heartbeat_seconds = 1\nworker_timeout_seconds = 6\nvisibility_timeout_seconds = 600"


@pytest.fixture(autouse=True)
def broker_available(request: pytest.FixtureRequest) -> None:
    """Each test's broker: the shared Redis, a redis-server of its own, or RabbitMQ. Missing,
    the test skips saying which (fails under CI)."""
    if request.node.get_closest_marker("rabbitmq"):
        require_rabbitmq(RABBITMQ_URL)
    elif request.node.get_closest_marker("private_redis"):
        require_redis_server()
    else:
        require_redis(REDIS_URL)


@pytest.fixture
def workers() -> Iterator[list[WorkerProcess]]:
    started: list[WorkerProcess] = []
    yield started
    for worker in started:
        worker.stop()


def cluster_env(tmp_path: Path, db_url: str, site: ClusterSite, extra: str = "") -> dict[str, str]:
    queue = f'queue = "polwire.test.{tmp_path.name}"\n'
    config = cluster_config(
        tmp_path / "polwire.toml", site, cluster=queue + FAST_CLUSTER, extra=extra
    )
    return {
        "DATABASE_URL": db_url,
        "POLWIRE_CONFIG": str(config),
        "POLWIRE_BROKER_URL": broker_for(db_url),
        "POLWIRE_HOME": str(tmp_path / "client-home"),
    }


def start_workers(
    workers: list[WorkerProcess], env: dict[str, str], tmp_path: Path, count: int, concurrency: int
) -> list[WorkerProcess]:
    for index in range(count):
        name = f"w{index + 1}"
        workers.append(WorkerProcess(name, env, tmp_path / f"home-{name}", concurrency))
    return workers


def wait_for_workers(db: psycopg.Connection, count: int) -> None:
    wait_until(
        lambda: (
            db.execute("SELECT count(*) FROM cluster_workers WHERE state = 'running'").fetchone()[0]
            >= count
        ),
        60,
        f"{count} workers registered",
    )


def dispatches_settled(db: psycopg.Connection) -> bool:
    row = db.execute(
        "SELECT count(*) FILTER (WHERE state IN ('queued', 'running')), count(*)"
        " FROM crawl_dispatches"
    ).fetchone()
    return row[1] > 0 and row[0] == 0


def test_every_queued_crawl_runs_once_on_the_workers(
    db_url: str, db: psycopg.Connection, tmp_path: Path, workers: list[WorkerProcess]
) -> None:
    site = build_cluster_site(sources=6, per_source=2, delay=0.2)
    with site.server:
        env = cluster_env(tmp_path, db_url, site)
        start_workers(workers, env, tmp_path, count=3, concurrency=2)
        wait_for_workers(db, 3)
        names = list(site.articles)
        queued = polwire("crawl", *names, "--queue", env=env)
        assert queued.returncode == 0, queued.stderr
        again = polwire("crawl", "s0", "--queue", env=env)  # s0 is queued already
        assert "s0: not queued" in again.stdout
        wait_until(lambda: dispatches_settled(db), 120, "every dispatch done")

        listing = polwire("workers", "--format", "json", env=env)
        assert listing.returncode == 0, listing.stderr
        assert sorted(w["name"] for w in json.loads(listing.stdout)) == ["w1", "w2", "w3"]

    runs = db.execute(
        "SELECT r.source, r.status, w.name FROM crawl_runs r JOIN cluster_workers w"
        " ON w.id = r.worker_id ORDER BY r.source"
    ).fetchall()
    assert [(source, status) for source, status, _ in runs] == [(n, "succeeded") for n in names]
    assert len({name for _, _, name in runs}) >= 2  # spread over the workers
    states = db.execute("SELECT state, count(*) FROM crawl_dispatches GROUP BY 1").fetchall()
    assert states == [("done", 6)]
    stored = db.execute("SELECT source, count(*) FROM articles GROUP BY 1 ORDER BY 1").fetchall()
    assert stored == [(n, 2) for n in names]


def test_a_worker_killed_mid_crawl_loses_and_doubles_nothing(
    db_url: str, db: psycopg.Connection, tmp_path: Path, workers: list[WorkerProcess]
) -> None:
    site = build_cluster_site(sources=1, per_source=8, delay=1.5)
    with site.server:
        env = cluster_env(tmp_path, db_url, site)
        start_workers(workers, env, tmp_path, count=3, concurrency=1)
        wait_for_workers(db, 3)
        assert polwire("crawl", "s0", "--queue", env=env).returncode == 0
        # Killed once the crawl has stored something and is still going.
        wait_until(
            lambda: (
                db.execute("SELECT count(*) FROM articles").fetchone()[0] >= 1
                or (
                    db.execute(
                        "SELECT count(*) FROM crawl_runs WHERE status = 'running'"
                    ).fetchone()[0]
                    == 1
                    and site.server.count(site.articles["s0"][2]) > 0
                )
            ),
            60,
            "the crawl under way",
        )
        first_run, worker_name, crawl_pid = db.execute(
            "SELECT r.id, w.name, r.pid FROM crawl_runs r JOIN cluster_workers w"
            " ON w.id = r.worker_id WHERE r.status = 'running'"
        ).fetchone()
        victim = next(w for w in workers if w.name == worker_name)
        victim.kill()
        killed_at = time.monotonic()
        wait_until(lambda: not process_exists(crawl_pid), 10, "the crawl to die with its worker")

        wait_until(
            lambda: (
                db.execute("SELECT status FROM crawl_runs WHERE id = %s", (first_run,)).fetchone()[
                    0
                ]
                == "aborted"
            ),
            60,
            "the dead run aborted",
        )
        assert time.monotonic() - killed_at <= 60  # the acceptance bound
        wait_until(lambda: dispatches_settled(db), 120, "the crawl redone")

    status, reason, items_stored = db.execute(
        "SELECT status, finish_reason, items_stored FROM crawl_runs WHERE id = %s", (first_run,)
    ).fetchone()
    assert status == "aborted"
    assert f"worker {worker_name}" in reason
    # What the dead run stored before its worker was lost stays counted with it.
    stored_by_it = db.execute(
        "SELECT count(*) FROM articles WHERE run_id = %s", (first_run,)
    ).fetchone()[0]
    assert items_stored == stored_by_it
    redone = db.execute(
        "SELECT r.id, r.status, w.name, r.log_path FROM crawl_runs r JOIN cluster_workers w"
        " ON w.id = r.worker_id WHERE r.id <> %s",
        (first_run,),
    ).fetchall()
    assert len(redone) == 1
    redone_run, redone_status, redone_by, redone_log = redone[0]
    assert redone_status == "succeeded"
    survivors = {w.name for w in workers if w.name != worker_name}
    assert redone_by in survivors
    urls = [row[0] for row in db.execute("SELECT url FROM articles ORDER BY url").fetchall()]
    assert sorted(urls) == sorted(site.server.url(p) for p in site.articles["s0"])
    assert db.execute("SELECT state, attempts FROM crawl_dispatches").fetchall() == [("done", 2)]

    # Both runs' logs, read from the client's POLWIRE_HOME, the workers' files gone (as if
    # they ran on other machines): what their crawls shipped to PostgreSQL.
    assert redone_log.startswith(str(tmp_path / f"home-{redone_by}"))
    for name in (worker_name, redone_by):
        shutil.rmtree(tmp_path / f"home-{name}" / "logs" / "s0")
    printed = polwire("logs", str(redone_run), env=env)
    assert printed.returncode == 0, printed.stderr
    assert f"run {redone_run} of s0 succeeded" in printed.stdout
    dead = polwire("logs", str(first_run), env=env)
    assert dead.returncode == 0, dead.stderr
    assert f"run {first_run} of s0 started" in dead.stdout
    shown = json.loads(polwire("runs", "show", str(first_run), "--format", "json", env=env).stdout)
    assert (shown["worker"], shown["status"]) == (worker_name, "aborted")
    table = polwire("runs", "show", str(redone_run), env=env).stdout
    assert f"worker           {redone_by}\n" in table


def test_a_domain_shared_by_two_sources_keeps_its_concurrency_across_workers(
    db_url: str, db: psycopg.Connection, tmp_path: Path, workers: list[WorkerProcess]
) -> None:
    site = build_cluster_site(sources=2, per_source=8, delay=0.5)
    with site.server:
        env = cluster_env(tmp_path, db_url, site, extra="")
        start_workers(workers, env, tmp_path, count=2, concurrency=1)
        wait_for_workers(db, 2)
        assert polwire("crawl", "s0", "s1", "--queue", env=env).returncode == 0
        wait_until(lambda: dispatches_settled(db), 120, "both crawls done")

    spans = db.execute(
        "SELECT source, started_at, finished_at, worker_id FROM crawl_runs ORDER BY source"
    ).fetchall()
    assert [s[0] for s in spans] == ["s0", "s1"]
    assert spans[0][3] != spans[1][3]  # on two workers
    assert spans[0][1] < spans[1][2] and spans[1][1] < spans[0][2]  # at the same time
    # Each crawl alone may have 2 in flight (CONCURRENT_REQUESTS_PER_DOMAIN); together, too.
    assert site.max_in_flight == 2
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 16


def test_a_run_log_is_read_from_the_database_without_the_worker_files(
    db_url: str, db: psycopg.Connection, tmp_path: Path, workers: list[WorkerProcess]
) -> None:
    site = build_cluster_site(sources=1, per_source=2, delay=0.1)
    with site.server:
        env = cluster_env(tmp_path, db_url, site)
        (worker,) = start_workers(workers, env, tmp_path, count=1, concurrency=1)
        wait_for_workers(db, 1)
        assert polwire("crawl", "s0", "--queue", env=env).returncode == 0
        wait_until(lambda: dispatches_settled(db), 120, "the crawl done")
    run_id, log_path = db.execute("SELECT id, log_path FROM crawl_runs").fetchone()
    assert log_path.startswith(str(worker.home))
    local = Path(log_path).read_text(encoding="utf-8")
    shutil.rmtree(worker.home / "logs")  # as if it ran on another machine

    printed = polwire("logs", str(run_id), env=env)
    assert printed.returncode == 0, printed.stderr
    assert f"run {run_id} of s0 succeeded" in printed.stdout
    assert printed.stdout.strip().splitlines()[-1] == local.strip().splitlines()[-1]
    shown = polwire("runs", "show", str(run_id), "--format", "json", env=env)
    assert json.loads(shown.stdout)["log_tail"][-1] == local.strip().splitlines()[-1]


def test_the_scheduler_sends_due_crawls_to_the_workers_without_overlap(
    db_url: str, db: psycopg.Connection, tmp_path: Path, workers: list[WorkerProcess]
) -> None:
    site = build_cluster_site(sources=2, per_source=2, delay=2.0)  # a crawl outlasts its interval
    with site.server:
        env = cluster_env(tmp_path, db_url, site, extra="")
        config = Path(env["POLWIRE_CONFIG"])
        config.write_text(
            config.read_text().replace(
                'timezone = "Asia/Tokyo"\n', 'timezone = "Asia/Tokyo"\nevery_seconds = 3\n'
            ),
            encoding="utf-8",
        )
        start_workers(workers, env, tmp_path, count=2, concurrency=2)
        wait_for_workers(db, 2)
        scheduler = SchedulerProcess(
            {**env, "POLWIRE_HOME": str(tmp_path / "scheduler-home")}, tmp_path / "scheduler.log"
        )
        try:
            scheduler.wait_for_log("cluster mode", timeout=60)
            wait_until(
                lambda: (
                    db.execute(
                        "SELECT count(DISTINCT source) FROM crawl_runs WHERE status = 'succeeded'"
                    ).fetchone()[0]
                    == 2
                    and db.execute("SELECT count(*) FROM crawl_runs").fetchone()[0] >= 4
                ),
                120,
                "two runs of each source",
            )
            scheduler.terminate()
            assert scheduler.wait(30) == 0
        finally:
            scheduler.stop()
        wait_until(lambda: dispatches_settled(db), 120, "the last crawls done")

    runs = db.execute(
        "SELECT source, started_at, finished_at, worker_id, trigger, status FROM crawl_runs"
        " ORDER BY source, started_at"
    ).fetchall()
    assert {r[4] for r in runs} == {"scheduler"}
    assert all(r[3] is not None for r in runs)  # every one ran on a worker
    assert {r[5] for r in runs} == {"succeeded"}
    for earlier, later in itertools.pairwise(runs):
        if earlier[0] == later[0]:
            assert earlier[2] <= later[1], f"runs of {earlier[0]} overlap"
    sent = db.execute("SELECT count(*) FROM crawl_dispatches WHERE state = 'done'").fetchone()[0]
    assert sent == len(runs)  # every crawl sent ran once
    assert "not sent: crawl" in scheduler.text()  # due while the previous still ran: skipped


@pytest.mark.private_redis
def test_a_queued_crawl_survives_a_broker_restart(
    db_url: str, db: psycopg.Connection, tmp_path: Path, workers: list[WorkerProcess]
) -> None:
    site = build_cluster_site(sources=1, per_source=2, delay=0.1)
    redis = PrivateRedis(tmp_path / "redis").start()
    try:
        with site.server:
            env = {**cluster_env(tmp_path, db_url, site), "POLWIRE_BROKER_URL": redis.url}
            queue = f"polwire.test.{tmp_path.name}"
            assert polwire("crawl", "s0", "--queue", env=env).returncode == 0
            assert redis.queued(queue) == 1  # no worker yet
            redis.kill()  # SIGKILL: only what reached its append-only file survives
            redis.start()
            assert redis.queued(queue) == 1
            start_workers(workers, env, tmp_path, count=1, concurrency=1)
            wait_until(lambda: dispatches_settled(db), 120, "the crawl done")
    finally:
        redis.kill()
    assert db.execute("SELECT source, status FROM crawl_runs").fetchall() == [("s0", "succeeded")]


def test_a_worker_stopped_with_sigterm_gives_its_unfinished_crawl_back_to_the_queue(
    db_url: str, db: psycopg.Connection, tmp_path: Path, workers: list[WorkerProcess]
) -> None:
    site = build_cluster_site(sources=1, per_source=6, delay=2.0)  # ~6 s: past the 2 s grace
    with site.server:
        env = cluster_env(tmp_path, db_url, site)
        first = WorkerProcess("w1", env, tmp_path / "home-w1", 1, "--grace", "2")
        workers.append(first)
        wait_for_workers(db, 1)
        assert polwire("crawl", "s0", "--queue", env=env).returncode == 0
        wait_until(
            lambda: (
                db.execute("SELECT count(*) FROM crawl_runs WHERE status = 'running'").fetchone()[0]
                == 1
            ),
            60,
            "the crawl under way on w1",
        )
        workers.append(WorkerProcess("w2", env, tmp_path / "home-w2", 1))
        wait_for_workers(db, 2)
        (first_run,) = db.execute("SELECT id FROM crawl_runs").fetchone()
        began = time.monotonic()
        first.terminate()
        assert first.wait(60) == 0
        took = time.monotonic() - began
        wait_until(lambda: dispatches_settled(db), 120, "the crawl redone")

    # 2 s grace, then the crawl's own SIGTERM stop (its in-flight 2 s request): well within
    # the kill grace; the worker exits once its task is back in the queue.
    assert took < 20, took
    status, reason = db.execute(
        "SELECT status, finish_reason FROM crawl_runs WHERE id = %s", (first_run,)
    ).fetchone()
    assert status == "aborted"
    assert reason == (
        "worker w1 stopped (SIGTERM): the crawl was still running after a 2s grace; "
        "sent back to the queue"
    )
    runs = db.execute(
        "SELECT r.status, w.name FROM crawl_runs r JOIN cluster_workers w ON w.id = r.worker_id"
        " ORDER BY r.id"
    ).fetchall()
    assert runs == [("aborted", "w1"), ("succeeded", "w2")]
    urls = [row[0] for row in db.execute("SELECT url FROM articles ORDER BY url").fetchall()]
    assert urls == sorted(site.server.url(p) for p in site.articles["s0"])
    assert db.execute("SELECT state, attempts FROM crawl_dispatches").fetchall() == [("done", 2)]
    workers_state = db.execute("SELECT name, state FROM cluster_workers ORDER BY name").fetchall()
    assert workers_state[0] == ("w1", "stopped")
    assert "sent back to the queue" in first.text()


class RestorableProxy(CuttableProxy):
    """The spool tests' cuttable proxy to PostgreSQL, which can also come back on its port."""

    down = False

    def _accept(self) -> None:
        listener = self.listener
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            if self.down:  # accepted as the cut happened: it must not get through
                client.close()
                return
            upstream = self.connect_upstream()
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def cut(self) -> None:
        self.down = True
        # Closing a socket another thread is accepting on leaves it listening until that
        # accept returns (one more connection would get through): shut it down first.
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        super().cut()

    def restore(self) -> None:
        self.down = False
        self.sockets = []
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()


def test_a_worker_that_loses_postgresql_spools_and_loads_its_own_spool_when_it_is_back(
    db_url: str, db: psycopg.Connection, tmp_path: Path, workers: list[WorkerProcess]
) -> None:
    site = build_cluster_site(sources=1, per_source=3, delay=0.1)
    params = conninfo_to_dict(db_url)
    proxy = RestorableProxy(str(params.get("host") or "127.0.0.1"), int(params.get("port") or 5432))
    with site.server:
        env = cluster_env(tmp_path, db_url, site, extra="")
        config = Path(env["POLWIRE_CONFIG"])
        config.write_text(
            config.read_text().replace("[cluster]\n", "[cluster]\nspool_drain_seconds = 2\n"),
            encoding="utf-8",
        )
        worker_env = {**env, "DATABASE_URL": make_conninfo(db_url, port=str(proxy.port))}
        (worker,) = start_workers(workers, worker_env, tmp_path, count=1, concurrency=1)
        wait_for_workers(db, 1)
        proxy.cut()  # the worker's way to PostgreSQL is gone; the client's is not
        assert polwire("crawl", "s0", "--queue", env=env).returncode == 0
        wait_until(
            lambda: any(
                line.startswith("s0: succeeded in ") and "; run pending, spool " in line
                for line in (entry.split(": ", 1)[-1] for entry in worker.text().splitlines())
            ),
            120,
            "the crawl spooled",
        )
        [spooled] = pending_runs(spool_root(worker.home))
        assert spooled.info.source == "s0" and spooled.info.run_id is None
        assert db.execute("SELECT count(*) FROM articles").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM crawl_runs").fetchone() == (0,)
        assert db.execute("SELECT state FROM crawl_dispatches").fetchone() == ("queued",)

        proxy.restore()
        wait_until(lambda: dispatches_settled(db), 120, "the dispatch settled")
        wait_until(
            lambda: db.execute("SELECT count(*) FROM crawl_runs").fetchone()[0] == 1,
            60,
            "the spool loaded",
        )
    status, stored, trigger, name = db.execute(
        "SELECT r.status, r.items_stored, r.trigger, w.name FROM crawl_runs r"
        " JOIN cluster_workers w ON w.id = r.worker_id"
    ).fetchone()
    assert (status, stored, trigger, name) == ("succeeded", 3, "manual", "w1")
    urls = [row[0] for row in db.execute("SELECT url FROM articles ORDER BY url").fetchall()]
    assert urls == sorted(site.server.url(p) for p in site.articles["s0"])
    assert db.execute("SELECT state, attempts, note FROM crawl_dispatches").fetchall() == [
        ("done", 0, "run by worker w1 while PostgreSQL was unreachable (spooled)")
    ]
    # The segment is deleted just after the commit that loaded it.
    wait_until(lambda: list(spool_root(worker.home).iterdir()) == [], 30, "the spool emptied")


def test_an_import_queued_to_the_cluster_runs_one_task_per_file_over_the_workers(
    db_url: str, db: psycopg.Connection, tmp_path: Path, workers: list[WorkerProcess]
) -> None:
    site = build_cluster_site(sources=1, per_source=8, delay=0)  # its pages, archived
    archives = tmp_path / "warcs"
    archives.mkdir()
    paths = site.articles["s0"]
    for index in range(4):
        pages = [
            ArchivedPage(site.server.url(p), story_page(BY_SLUG[slug(p)], site.server.url(p)))
            for p in paths[index * 2 : index * 2 + 2]
        ]
        write_warc(archives / f"part-{index}.warc.gz", pages)
    env = cluster_env(tmp_path, db_url, site)
    start_workers(workers, env, tmp_path, count=2, concurrency=1)
    wait_for_workers(db, 2)
    queued = polwire("import", str(archives), "--source", "s0", "--queue", env=env)
    assert queued.returncode == 0, queued.stderr
    assert len(queued.stdout.splitlines()) == 4 and "part-0.warc.gz: queued" in queued.stdout
    wait_until(lambda: dispatches_settled(db), 180, "every file imported")

    runs = db.execute(
        "SELECT r.source, r.trigger, r.status, r.items_stored, w.name, d.params->>'path'"
        " FROM crawl_runs r JOIN cluster_workers w ON w.id = r.worker_id"
        " JOIN crawl_dispatches d ON d.id = r.dispatch_id ORDER BY d.params->>'path'"
    ).fetchall()
    assert [r[:4] for r in runs] == [("s0", "import", "succeeded", 2)] * 4
    assert [Path(r[5]).name for r in runs] == [f"part-{i}.warc.gz" for i in range(4)]
    assert {r[4] for r in runs} == {"w1", "w2"}  # spread over both workers
    states = db.execute("SELECT kind, state, count(*) FROM crawl_dispatches GROUP BY 1, 2")
    assert states.fetchall() == [("import", "done", 4)]
    urls = [row[0] for row in db.execute("SELECT url FROM articles ORDER BY url").fetchall()]
    assert urls == sorted(site.server.url(p) for p in paths)
    assert site.server.count(paths[0]) == 0  # read from the archives, never fetched


def slug(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".html")


@pytest.mark.rabbitmq
def test_a_queued_crawl_runs_through_rabbitmq_on_a_durable_queue_acknowledged_late(
    db_url: str, db: psycopg.Connection, tmp_path: Path, workers: list[WorkerProcess]
) -> None:
    site = build_cluster_site(sources=1, per_source=3, delay=1.5)
    queue = f"polwire.test.{tmp_path.name}"
    with site.server:
        env = {**cluster_env(tmp_path, db_url, site), "POLWIRE_BROKER_URL": RABBITMQ_URL}
        try:
            start_workers(workers, env, tmp_path, count=1, concurrency=1)
            wait_for_workers(db, 1)
            sent = polwire("crawl", "s0", "--queue", env=env)
            assert sent.returncode == 0, sent.stderr
            wait_until(
                lambda: (
                    db.execute(
                        "SELECT count(*) FROM crawl_runs WHERE status = 'running'"
                    ).fetchone()[0]
                    == 1
                ),
                60,
                "the crawl under way",
            )
            # Taken, not yet acknowledged: a worker dying now leaves it to the broker.
            during = RabbitQueues.state(queue)
            wait_until(lambda: dispatches_settled(db), 120, "the crawl done")
            after = RabbitQueues.state(queue)
        finally:
            for worker in workers:
                worker.stop()
            RabbitQueues.delete(RABBITMQ_URL, queue)
    assert during == {
        "name": queue,
        "durable": True,
        "messages_ready": 0,
        "messages_unacknowledged": 1,
    }
    assert after is not None and (after["messages_ready"], after["messages_unacknowledged"]) == (
        0,
        0,
    )
    assert db.execute("SELECT source, status, items_stored FROM crawl_runs").fetchall() == [
        ("s0", "succeeded", 3)
    ]
    assert "Connected to amqp://guest:**@127.0.0.1:5672//" in workers[0].text()


def test_a_worker_stopped_with_sigterm_lets_a_crawl_finish_within_its_grace(
    db_url: str, db: psycopg.Connection, tmp_path: Path, workers: list[WorkerProcess]
) -> None:
    site = build_cluster_site(sources=1, per_source=2, delay=2.0)
    with site.server:
        env = cluster_env(tmp_path, db_url, site)
        worker = WorkerProcess("w1", env, tmp_path / "home-w1", 1, "--grace", "60")
        workers.append(worker)
        wait_for_workers(db, 1)
        assert polwire("crawl", "s0", "--queue", env=env).returncode == 0
        wait_until(
            lambda: db.execute("SELECT count(*) FROM crawl_runs").fetchone()[0] == 1,
            60,
            "the crawl under way",
        )
        worker.terminate()
        assert worker.wait(90) == 0
    assert db.execute("SELECT status, items_stored FROM crawl_runs").fetchall() == [
        ("succeeded", 2)
    ]
    assert db.execute("SELECT state, attempts FROM crawl_dispatches").fetchall() == [("done", 1)]
    assert db.execute("SELECT state FROM cluster_workers").fetchall() == [("stopped",)]
    assert "waiting up to 60s for 1 run(s) to finish: s0" in worker.text()
