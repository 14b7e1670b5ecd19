"""SIGTERM and SIGHUP to `polwire crawl` during a slow crawl: the signal reaches the crawl, its
pages in flight finish, every article the site served before the stop is stored, the run is
closed as aborted with the signal's name, and the command exits 128 + the signal's number."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.support.cli import REPO
from tests.support.newsroom import NewsSite, build_news_site, local_news_env, story_names
from tests.support.scheduler_process import process_exists, wait_until
from tests.support.server import Page

PAGE_SECONDS = 1.0  # each article page takes this long to serve


@pytest.fixture
def slow_site() -> Iterator[NewsSite]:
    site = build_news_site(story_names(12), amp_twin=False)
    for path in site.article_paths.values():
        page = site.server.pages[path]
        site.server.pages[path] = Page(page.body, page.content_type, delay=PAGE_SECONDS)
    site.server.start()
    yield site
    site.server.stop()


def _served_articles(site: NewsSite, before: float) -> set[str]:
    """Article URLs whose page the site had finished serving by ``before`` (monotonic)."""
    articles = set(site.article_paths.values())
    return {
        site.server.url(r.path)
        for r in list(site.server.requests)
        if r.path in articles and r.at + PAGE_SECONDS <= before
    }


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_stops_the_crawl_gracefully_and_keeps_what_was_served(
    signum: signal.Signals,
    slow_site: NewsSite,
    db: psycopg.Connection,
    db_url: str,
    polwire_home: Path,
    tmp_path: Path,
) -> None:
    env = local_news_env(tmp_path, db_url, polwire_home, slow_site)
    crawl = subprocess.Popen(
        [sys.executable, "-m", "polwire.console", "crawl", "local_news"],
        env={**os.environ, **env},
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until(
            lambda: len(_served_articles(slow_site, time.monotonic())) >= 2,
            60,
            "two article pages served",
        )
        stopped_at = time.monotonic()
        crawl.send_signal(signum)
        stdout, stderr = crawl.communicate(timeout=30)
    finally:
        if crawl.poll() is None:
            crawl.kill()
            crawl.communicate()
    assert time.monotonic() - stopped_at < 30
    assert crawl.returncode == 128 + signum, stderr
    assert "Traceback" not in stderr
    status, reason, pid, stored = db.execute(
        "SELECT status, finish_reason, pid, items_stored FROM crawl_runs"
    ).fetchone()
    assert (status, reason) == ("aborted", f"stopped by {signum.name}")
    assert not process_exists(pid)
    urls = {row[0] for row in db.execute("SELECT url FROM articles")}
    served = _served_articles(slow_site, stopped_at)
    assert served <= urls, served - urls
    assert stored == len(urls) < len(slow_site.names)  # stopped before the end
    summary = stdout.strip().splitlines()
    assert len(summary) == 1
    assert summary[0].startswith(f"local_news: aborted (stopped by {signum.name}) in ")
