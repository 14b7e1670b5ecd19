"""Lossless or loud: a crawl that can keep nothing it fetches (PostgreSQL unreachable, the spool
not writable) stops before fetching, says so in one line and fails; one whose home cannot be
written but whose database is up keeps its articles and its run row; the store does not hold
items waiting for a next one that does not come."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.support.cli import REPO, polwire
from tests.support.newsroom import NewsSite, build_news_site, local_news_env, story_names
from tests.support.scheduler_process import wait_until
from tests.test_spool import with_host


@pytest.fixture
def site() -> Iterator[NewsSite]:
    site = build_news_site(story_names(4))
    site.server.start()
    yield site
    site.server.stop()


def unwritable_home(tmp_path: Path) -> Path:
    """A POLWIRE_HOME no process can create anything under, root included: a path below a
    regular file (mkdir and open fail with ENOTDIR)."""
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where a directory would have to be\n")
    return blocker / "home"


def article_requests(site: NewsSite) -> list[str]:
    wanted = set(site.article_paths.values())
    return [p for p in site.server.requested_paths() if p.split("?")[0] in wanted]


def test_no_database_and_no_spool_stops_the_crawl_before_it_fetches_and_fails(
    site: NewsSite, db: psycopg.Connection, db_url: str, tmp_path: Path
) -> None:
    home = unwritable_home(tmp_path)
    env = local_news_env(tmp_path, db_url, home, site)
    env["DATABASE_URL"] = with_host(db_url, "127.0.0.1", 1)  # nothing listens on port 1

    result = polwire("crawl", "local_news", env=env)

    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "succeeded" not in output
    said = [line for line in output.splitlines() if "cannot keep what this crawl fetches" in line]
    assert len(said) == 1, output
    assert "127.0.0.1:1/" in said[0] and "spool" in said[0] and "Not a directory" in said[0]
    assert "Traceback" not in output
    assert article_requests(site) == []
    assert not home.exists()
    row = db.execute("SELECT count(*) FROM crawl_runs").fetchone()
    assert row == (0,)


def test_an_unwritable_home_with_the_database_up_keeps_the_articles_and_the_run_row(
    site: NewsSite, db: psycopg.Connection, db_url: str, tmp_path: Path
) -> None:
    home = unwritable_home(tmp_path)
    env = local_news_env(tmp_path, db_url, home, site)

    result = polwire("crawl", "local_news", env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("local_news: succeeded in "), result.stdout
    runs = db.execute(
        "SELECT status, items_stored, log_path FROM crawl_runs ORDER BY id"
    ).fetchall()
    assert runs == [("succeeded", 4, None)]
    stored = db.execute("SELECT count(*), count(DISTINCT run_id) FROM articles").fetchone()
    assert stored == (4, 1)
    assert "the run's log cannot be written" in result.stderr + result.stdout


def test_a_stored_item_does_not_wait_for_the_next_one(
    site: NewsSite, db: psycopg.Connection, db_url: str, polwire_home: Path, tmp_path: Path
) -> None:
    # One page answers after 20 s: the pages before it must be stored meanwhile, by the store's
    # timer (POLWIRE_STORE_FLUSH_SECONDS, 3 s), not when the slow page's item comes.
    slow = site.article_paths[site.names[-1]]
    site.server.pages[slow].delay = 20.0
    env = local_news_env(tmp_path, db_url, polwire_home, site)
    crawl = subprocess.Popen(
        [sys.executable, "-m", "polwire.console", "crawl", "local_news"],
        env={**os.environ, **env},
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        started = time.monotonic()

        def stored() -> int:
            row = db.execute("SELECT count(*) FROM articles").fetchone()
            return int(row[0]) if row else 0

        wait_until(lambda: stored() >= 3, 18, "the pages before the slow one to be stored")
        assert time.monotonic() - started < 20
        assert crawl.poll() is None  # the slow page is still being served
        _, err = crawl.communicate(timeout=120)
    finally:
        if crawl.poll() is None:
            crawl.kill()
            crawl.communicate()
    assert crawl.returncode == 0, err
    assert stored() == 4


def test_losing_the_database_mid_crawl_with_no_spool_stops_fetching_and_fails(
    db: psycopg.Connection, db_url: str, tmp_path: Path
) -> None:
    from psycopg.conninfo import conninfo_to_dict

    from tests.test_spool import CuttableProxy

    # More pages than Scrapy hands its downloader at once (CONCURRENT_REQUESTS, 16): those
    # already handed over are fetched while the crawl closes; the rest must not be.
    site = build_news_site(story_names(32), amp_twin=False)
    for path in site.article_paths.values():
        site.server.pages[path].delay = 1.0
    site.server.start()
    params = conninfo_to_dict(db_url)
    proxy = CuttableProxy(str(params.get("host") or "127.0.0.1"), int(params.get("port") or 5432))
    env = local_news_env(
        tmp_path, with_host(db_url, "127.0.0.1", proxy.port), unwritable_home(tmp_path), site
    )
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
    try:

        def stored() -> int:
            row = db.execute("SELECT count(*) FROM articles").fetchone()
            return int(row[0]) if row else 0

        wait_until(lambda: stored() >= 2, 60, "the first stored batch")
        proxy.cut()
        stdout, stderr = crawl.communicate(timeout=120)
    finally:
        if crawl.poll() is None:
            crawl.kill()
            crawl.communicate()
        site.server.stop()

    assert crawl.returncode != 0
    output = stdout + stderr
    assert "succeeded" not in output
    said = [line for line in output.splitlines() if "cannot keep what this crawl fetches" in line]
    assert len(said) == 1, output
    assert "articles lost, stopping the crawl" in said[0]
    assert len(article_requests(site)) < 32


def test_a_run_that_lost_articles_fails_however_it_ended() -> None:
    from crawler.extensions.run_recorder import run_status
    from polwire.core import stat_keys
    from polwire.core.reasons import STORAGE_LOST

    assert run_status(STORAGE_LOST, {}) == ("failed", STORAGE_LOST)
    # The last batch lost at the end of a crawl that had finished its pages.
    assert run_status("finished", {stat_keys.ITEMS_LOST: 3}) == (
        "failed",
        "3 articles kept nowhere: PostgreSQL unreachable, spool unwritable",
    )
    assert run_status("finished", {}) == ("succeeded", "finished")
