"""The watch end to end: a site of 40 articles is crawled, then its publisher edits, pulls,
moves and redirects pages and its server has trouble; `polwire watch` passes (real Scrapy, real
PostgreSQL, the real command) record exactly what happened, and a page that comes back is back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.support.cli import polwire
from tests.support.http import request
from tests.support.newsroom import BY_SLUG, NewsSite, build_news_site, local_news_env, story_names
from tests.support.watch_site import (
    add_validators,
    edited_page,
    home_page,
    move,
    not_found_page,
    original_page,
    redirect,
    removal_notice_page,
    unavailable_page,
)
from tests.support.web_archive import polwire_web

NAMES = story_names(40)
EDITED = NAMES[0:5]
NOT_FOUND = NAMES[5:9]
GONE_410 = NAMES[9:12]
TO_HOME = NAMES[12:15]
REMOVED = NAMES[15:17]
UNAVAILABLE = NAMES[17:20]
MOVED = NAMES[20:22]
UNCHANGED = NAMES[22:]
TAKEN_DOWN = NOT_FOUND + GONE_410 + TO_HOME + REMOVED


@pytest.fixture
def site() -> Iterator[NewsSite]:
    site = build_news_site(NAMES, amp_twin=False)
    add_validators(site)
    site.server.pages["/"] = home_page(site)
    site.server.start()
    yield site
    site.server.stop()


@pytest.fixture
def env(db_url: str, polwire_home: Path, tmp_path: Path, site: NewsSite) -> dict[str, str]:
    return local_news_env(
        tmp_path, db_url, polwire_home, site, before="[watch]\nconfirm_seconds = 0\n"
    )


def ids_of(db: psycopg.Connection, site: NewsSite, names: list[str]) -> set[int]:
    urls = [site.url(n) for n in names]
    rows = db.execute("SELECT id FROM articles WHERE url = ANY(%s)", (urls,)).fetchall()
    assert len(rows) == len(names)
    return {int(r[0]) for r in rows}


def gone(db: psycopg.Connection) -> dict[int, str]:
    rows = db.execute("SELECT id, gone_reason FROM articles WHERE gone_at IS NOT NULL").fetchall()
    return {int(i): str(r) for i, r in rows}


def change_the_site(site: NewsSite) -> dict[str, str]:
    """What the publisher did after the crawl; returns each moved story's new URL."""
    pages = site.server.pages
    for name in EDITED:
        pages[site.article_paths[name]] = edited_page(site, name, headline_only=name == EDITED[0])
    for name in NOT_FOUND:
        pages[site.article_paths[name]] = not_found_page(404)
    for name in GONE_410:
        pages[site.article_paths[name]] = not_found_page(410)
    for name in TO_HOME:
        pages[site.article_paths[name]] = redirect(site, "/")
    for name in REMOVED:
        pages[site.article_paths[name]] = removal_notice_page()
    for name in UNAVAILABLE:
        pages[site.article_paths[name]] = unavailable_page()
    return {name: move(site, name) for name in MOVED}


def watch(env: dict[str, str]) -> str:
    result = polwire("watch", "local_news", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip()


def test_edits_moves_takedowns_and_a_return(
    site: NewsSite, env: dict[str, str], db: psycopg.Connection, tmp_path: Path
) -> None:
    crawled = polwire("crawl", "local_news", env=env)
    assert crawled.returncode == 0, crawled.stderr
    assert db.execute("SELECT count(*) FROM articles").fetchone() == (40,)
    # The crawl kept each page's validators for the watch's conditional requests.
    assert db.execute(
        "SELECT count(*) FROM article_pages WHERE etag IS NOT NULL AND last_modified IS NOT NULL"
    ).fetchone() == (40,)
    moved_to = change_the_site(site)
    taken_down = ids_of(db, site, TAKEN_DOWN)

    first = watch(env)
    assert first.startswith(
        "local_news: checked 40, unchanged 18, edited 5, moved 2, gone 0, back 0, errors 3;"
    ), first
    assert "12 gone awaiting confirmation" in first
    assert gone(db) == {}  # a first sighting is not a takedown yet
    second = watch(env)
    assert second.startswith(
        "local_news: checked 40, unchanged 23, edited 0, moved 2, gone 12, back 0, errors 3;"
    ), second

    found = gone(db)
    assert set(found) == taken_down
    assert len(set(found.values())) >= 3
    assert set(found.values()) == {"http_404", "http_410", "redirect_home", "removal_notice"}
    assert not set(found) & ids_of(db, site, UNAVAILABLE + MOVED)
    revised = {int(r[0]) for r in db.execute("SELECT article_id FROM article_revisions")}
    assert revised == ids_of(db, site, EDITED)
    assert db.execute("SELECT count(*) FROM article_revisions").fetchone() == (5,)
    (retitled,) = ids_of(db, site, EDITED[:1])
    assert db.execute(
        "SELECT r.changed_fields, a.title FROM article_revisions r JOIN articles a"
        " ON a.id = r.article_id WHERE r.article_id = %s",
        (retitled,),
    ).fetchone() == (["title"], BY_SLUG[EDITED[0]].title + " (updated)")
    for name, url in moved_to.items():
        (article_id,) = ids_of(db, site, [name])
        assert db.execute(
            "SELECT article_id FROM article_urls WHERE url = %s", (url,)
        ).fetchone() == (article_id,)
    not_modified = db.execute(
        "SELECT count(*) FROM article_checks WHERE http_status = 304 AND outcome = 'unchanged'"
    ).fetchone()
    assert not_modified is not None and int(not_modified[0]) >= 15
    runs = db.execute("SELECT trigger, status FROM crawl_runs ORDER BY id").fetchall()
    assert runs == [("manual", "succeeded"), ("watch", "succeeded"), ("watch", "succeeded")]
    assert db.execute("SELECT count(*), count(DISTINCT run_id) FROM article_checks").fetchone() == (
        80,
        2,
    )

    # The server recovers, and one of the 404 pages is put back.
    restored = NOT_FOUND[0]
    for name in [*UNAVAILABLE, restored]:
        site.server.pages[site.article_paths[name]] = original_page(site, name)
    third = watch(env)
    assert third.startswith("local_news: checked 40,"), third
    assert ", back 1, errors 0;" in third
    (restored_id,) = ids_of(db, site, [restored])
    found = gone(db)
    assert (
        len(found) == 11 and restored_id not in found and set(found) == taken_down - {restored_id}
    )
    assert db.execute(
        "SELECT outcome FROM article_checks WHERE article_id = %s ORDER BY id", (restored_id,)
    ).fetchall() == [("gone",), ("gone",), ("back",)]

    listed = polwire("gone", "--source", "local_news", "--format", "json", env=env)
    assert listed.returncode == 0, listed.stderr
    assert '"gone_reason": "http_410"' in listed.stdout

    with polwire_web(env, tmp_path) as web:
        metrics = request(web.base_url + "/metrics").text
    families = {f.name: f for f in text_string_to_metric_families(metrics)}
    gone_samples = {
        s.labels["reason"]: s.value
        for s in families["polwire_articles_gone_total"].samples
        if s.labels.get("source") == "local_news"
    }
    assert gone_samples == {
        "http_404": 3.0,
        "http_410": 3.0,
        "redirect_home": 3.0,
        "removal_notice": 2.0,
    }
    checks = {
        s.labels["outcome"]: s.value
        for s in families["polwire_watch_checks"].samples
        if s.labels.get("source") == "local_news"
    }
    assert sum(checks.values()) == 120
    assert checks["back"] == 1.0
