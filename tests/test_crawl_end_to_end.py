"""End to end: `polwire crawl` of the team's local newsroom into a real PostgreSQL, twice."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from polwire.storage.migrate import available_migrations
from tests.support.cli import REPO, polwire, scrapy
from tests.support.feeds import rss
from tests.support.newsroom import NewsSite, build_news_site, local_news_env
from tests.support.server import Page


@pytest.fixture
def site() -> NewsSite:
    site = build_news_site()
    site.server.start()
    yield site
    site.server.stop()


@pytest.fixture
def env(db_url: str, polwire_home: Path, tmp_path: Path, site: NewsSite) -> dict[str, str]:
    return local_news_env(tmp_path, db_url, polwire_home, site)


def article_requests(site: NewsSite) -> list[str]:
    return [p for p in site.server.requested_paths() if p.startswith(("/news/", "/amp/"))]


def test_two_crawls_store_each_article_once_and_refetch_nothing(
    site: NewsSite, env: dict[str, str], db: psycopg.Connection
) -> None:
    first = polwire("crawl", "local_news", env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("local_news: succeeded")

    runs = db.execute(
        "SELECT id, status, items_stored, items_duplicate, items_dropped,"
        " log_path, stats FROM crawl_runs ORDER BY id"
    ).fetchall()
    assert len(runs) == 1
    run_id, status, stored, duplicate, dropped, log_path, stats = runs[0]
    assert status == "succeeded"
    articles = db.execute(
        "SELECT count(*), count(DISTINCT url), count(DISTINCT content_hash) FROM articles"
    ).fetchone()
    assert articles == (stored, stored, stored)
    # Every story is one article; its AMP twin and tracking variant are not articles of their own.
    assert (stored, dropped) == (len(site.names), 0)
    assert duplicate == 1  # the AMP twin, fetched and recognised by its rel=canonical
    assert stats["drop_reasons"] == {}
    # Search vectors are made after each batch, and the crawl ends with none left to make.
    assert db.execute("SELECT count(*) FROM articles WHERE search_vector IS NULL").fetchone() == (
        0,
    )
    assert stats["polwire/search_indexed"] == stored
    assert 0 < stats["polwire/process_cpu_seconds"] < 120  # the crawl process's own CPU
    # Each page is kept as it was served (compressed by the extraction worker that read it).
    pages = db.execute(
        "SELECT a.url, p.html_zlib FROM article_pages p JOIN articles a ON a.id = p.article_id"
    ).fetchall()
    served = {site.server.url(path): page.body for path, page in site.server.pages.items()}
    assert len(pages) == stored
    assert all(zlib.decompress(blob) == served[url] for url, blob in pages)
    assert Path(log_path).is_file() and Path(log_path).stat().st_size > 0
    assert f"run {run_id}" in first.stdout

    # The AMP twin and the tracking variant are URLs of the original articles, not articles.
    twin = db.execute(
        "SELECT a.url FROM article_urls u JOIN articles a ON a.id = u.article_id WHERE u.url = %s",
        (site.server.url(site.amp_path),),
    ).fetchone()
    assert twin == (site.server.url(site.article_paths[site.amp_of]),)
    tracked = db.execute(
        "SELECT a.url FROM article_urls u JOIN articles a ON a.id = u.article_id WHERE u.url = %s",
        (site.server.url(site.tracking_path),),
    ).fetchone()
    assert tracked == (site.server.url(site.article_paths[site.names[0]]),)
    assert site.server.count(site.disallowed_path) == 0
    assert site.server.count("/robots.txt") == 1

    site.server.clear_log()
    second = polwire("crawl", "local_news", env=env)
    assert second.returncode == 0, second.stderr
    assert article_requests(site) == []
    assert site.server.count(site.disallowed_path) == 0
    runs = db.execute("SELECT status, items_stored FROM crawl_runs ORDER BY id").fetchall()
    assert runs == [("succeeded", stored), ("succeeded", 0)]
    assert db.execute("SELECT count(*) FROM articles").fetchone() == (stored,)


def test_feed_entry_newer_than_last_visit_is_fetched_again(
    site: NewsSite, env: dict[str, str], db: psycopg.Connection
) -> None:
    site.names[:] = site.names[:3]
    later = datetime.now(UTC) + timedelta(hours=1)
    old = datetime(2025, 1, 1, tzinfo=UTC)
    paths = [site.article_paths[n] for n in site.names]
    site.server.pages["/feed.xml"] = Page(rss(site.server.base_url, [(p, old) for p in paths]))
    assert polwire("crawl", "local_news", env=env).returncode == 0
    site.server.clear_log()
    # The publisher says the second article changed after our visit.
    entries = [(paths[0], old), (paths[1], later), (paths[2], old)]
    site.server.pages["/feed.xml"] = Page(rss(site.server.base_url, entries))
    assert polwire("crawl", "local_news", env=env).returncode == 0
    assert article_requests(site) == [paths[1]]


def test_other_spellings_of_stored_pages_are_not_fetched_again(
    site: NewsSite, env: dict[str, str], db: psycopg.Connection
) -> None:
    site.names[:] = site.names[:3]
    old = datetime(2025, 1, 1, tzinfo=UTC)
    paths = [site.article_paths[n] for n in site.names]
    site.server.pages["/feed.xml"] = Page(rss(site.server.base_url, [(p, old) for p in paths]))
    assert polwire("crawl", "local_news", env=env).returncode == 0
    site.server.clear_log()
    # The feed now lists AMP, mobile-prefix and tracking spellings of the same pages.
    variants = [
        paths[0].replace(".html", ".amp.html"),
        "/amp" + paths[1],
        paths[2] + "?utm_source=newsletter",
    ]
    site.server.pages["/feed.xml"] = Page(rss(site.server.base_url, [(p, old) for p in variants]))
    assert polwire("crawl", "local_news", env=env).returncode == 0
    assert article_requests(site) == []
    runs = db.execute("SELECT items_stored FROM crawl_runs ORDER BY id").fetchall()
    assert runs == [(3,), (0,)]


def test_bad_pages_are_named_drops_and_errors_not_crash(
    site: NewsSite, env: dict[str, str], db: psycopg.Connection
) -> None:
    good = [site.article_paths[n] for n in site.names[:2]]
    bad = {
        "/news/report.pdf": Page(b"%PDF-1.7 binary", "application/pdf"),
        "/news/broken.html": Page(b"<html><body><div><p>Unclosed \xff\xfe garbage"),
        "/news/empty.html": Page(b""),
        "/news/gone.html": Page(b"gone", status=404),
        "/news/error.html": Page(b"oops", status=500),
        "/news/listing.html": Page(
            b"<html><head><title>Politics</title></head><body>"
            + b"".join(b'<a href="/x%d">Story %d</a>' % (i, i) for i in range(30))
            + b"</body></html>"
        ),
    }
    site.server.pages.update(bad)
    when = datetime(2025, 1, 1, tzinfo=UTC)
    site.server.pages["/feed.xml"] = Page(
        rss(site.server.base_url, [(p, when) for p in [*good, *bad]])
    )
    result = polwire("crawl", "local_news", "-s", "RETRY_TIMES=0", env=env)
    assert result.returncode == 0, result.stderr
    status, stored, dropped, errors, stats = db.execute(
        "SELECT status, items_stored, items_dropped, errors, stats FROM crawl_runs"
    ).fetchone()
    assert status == "succeeded"
    assert stored == 2
    assert stats["drop_reasons"].get("NonHtmlResponse") == 1
    assert dropped == 4  # pdf, broken, empty, listing
    assert stats.get("polwire/errors/http_404") == 1
    assert stats.get("polwire/errors/http_500") == 1
    assert errors == 2
    # Drops are counted by reason in the one summary line, not said a line each (-v does).
    assert "Dropped (" not in result.stderr
    assert "4 dropped (" in result.stdout and "NonHtmlResponse 1" in result.stdout
    (log_path,) = db.execute("SELECT log_path FROM crawl_runs").fetchone()
    assert Path(log_path).read_text("utf-8").count("] INFO: Dropped (") == 4


def test_scrapy_crawl_from_repo_root_uses_the_registry(
    site: NewsSite, env: dict[str, str], db: psycopg.Connection
) -> None:
    site.server.pages["/feed.xml"] = Page(
        rss(
            site.server.base_url,
            [(site.article_paths[site.names[0]], datetime(2025, 1, 1, tzinfo=UTC))],
        )
    )
    result = scrapy("crawl", "local_news", "-s", "LOG_LEVEL=WARNING", env=env)
    assert result.returncode == 0, result.stderr
    assert db.execute("SELECT status, items_stored FROM crawl_runs").fetchall() == [
        ("succeeded", 1)
    ]
    # Health-checked as `polwire crawl` runs are (here by the run recorder, in-process).
    (health,) = db.execute("SELECT health FROM crawl_runs").fetchone()
    checks = {check["name"]: check["status"] for check in health["checks"]}
    assert health["status"] == "ok", health
    assert (checks["finish_reason"], checks["items"]) == ("ok", "ok")


def test_a_crawl_into_an_empty_database_is_migrated_by_its_process_and_judged_by_the_command(
    site: NewsSite, pg_admin_url: str, polwire_home: Path, tmp_path: Path
) -> None:
    """The command hands the database to the crawl process, which applies the migrations; the
    command closes and judges the run once it has ended (polwire.runs), and never loads
    Scrapy: a crawl with nothing new costs one crawl process's start-up, not two."""
    name = f"polwire_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_admin_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")  # empty: no migration applied
    url = make_conninfo(pg_admin_url, dbname=name)
    try:
        env = {**os.environ, **local_news_env(tmp_path, url, polwire_home, site)}
        command = [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "polwire.console",
            "crawl",
            "local_news",
        ]
        crawled = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True)
        assert crawled.returncode == 0, crawled.stderr
        assert crawled.stdout.startswith("local_news: succeeded in "), crawled.stdout
        assert f", {len(site.names)} stored," in crawled.stdout
        # -X importtime is the command's own: the crawl process it starts does not inherit it.
        imported = {
            line.split("|")[-1].strip()
            for line in crawled.stderr.splitlines()
            if line.startswith("import time:")
        }
        assert "polwire.console.crawl_launch" in imported
        assert not {m for m in imported if m.split(".")[0] in ("scrapy", "twisted")}
        with psycopg.connect(url) as conn:
            version = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
            assert version == (max(m.version for m in available_migrations()),)
            health = conn.execute("SELECT health->>'status' FROM crawl_runs").fetchall()
            assert health == [("ok",)]  # judged, and stored with the run
    finally:
        with psycopg.connect(pg_admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_a_database_the_migrations_refuse_stops_the_crawl_with_one_error_line(
    site: NewsSite, env: dict[str, str], db: psycopg.Connection
) -> None:
    db.execute("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1")
    crawled = polwire("crawl", "local_news", env=env)
    assert crawled.returncode == 2
    errors = [line for line in crawled.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("error: migration 0001"), crawled.stderr
    assert "restore the file as it landed" in errors[0]
    assert crawled.stdout == ""  # no run was started, so no summary line
    assert db.execute("SELECT count(*) FROM crawl_runs").fetchone() == (0,)
    assert article_requests(site) == []
