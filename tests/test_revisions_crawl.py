"""Revisions end to end: the local site changes a page between two crawls and its feed entry says
so; the article is updated and its earlier text kept, while a page whose feed entry moved but
whose text did not only has its last_seen_at moved."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from tests.support.cli import polwire, write_config
from tests.support.feeds import rss
from tests.support.newsroom import BY_SLUG, NewsSite, build_news_site
from tests.support.newsroom_pages import story_page
from tests.support.server import Page

NAMES = ["north-korea-missile-sea", "pension-reform-delay", "seoul-budget-standoff"]
OLD = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.fixture
def site() -> Iterator[NewsSite]:
    site = build_news_site(NAMES, amp_twin=False)
    site.server.start()
    yield site
    site.server.stop()


@pytest.fixture
def env(db_url: str, polwire_home: Path, tmp_path: Path, site: NewsSite) -> dict[str, str]:
    config = write_config(
        tmp_path / "polwire.toml",
        f'[[sources]]\nname = "local_news"\nfeeds = ["{site.feed_url}"]\ncountry = "JP"\n',
    )
    return {
        "DATABASE_URL": db_url,
        "POLWIRE_HOME": str(polwire_home),
        "POLWIRE_CONFIG": str(config),
    }


def feed(site: NewsSite, dates: list[datetime]) -> Page:
    paths = [site.article_paths[n] for n in NAMES]
    return Page(rss(site.server.base_url, list(zip(paths, dates, strict=True))))


def article(db: psycopg.Connection, site: NewsSite, name: str) -> tuple[object, ...]:
    found = db.execute(
        "SELECT id, title, body, first_seen_at, last_seen_at FROM articles WHERE url = %s",
        (site.server.url(site.article_paths[name]),),
    ).fetchone()
    assert found is not None, name
    return tuple(found)


def test_changed_page_is_revised_and_unchanged_page_only_seen_again(
    site: NewsSite, env: dict[str, str], db: psycopg.Connection
) -> None:
    site.server.pages["/feed.xml"] = feed(site, [OLD, OLD, OLD])
    first = polwire("crawl", "local_news", env=env)
    assert first.returncode == 0, first.stderr
    changed_id, title, old_body, first_seen, first_last_seen = article(db, site, NAMES[0])
    same_before = article(db, site, NAMES[1])
    untouched_before = article(db, site, NAMES[2])

    # The publisher edits the first article: the sentence of its third paragraph rewritten.
    assert isinstance(old_body, str)
    story = BY_SLUG[NAMES[0]]
    sentence = story.paragraphs[2]
    rewritten = "Officials later corrected the figures given earlier in the day, the agency said."
    edited = dataclasses.replace(
        story, paragraphs=tuple(rewritten if p == sentence else p for p in story.paragraphs)
    )
    site.server.pages[site.article_paths[NAMES[0]]] = Page(story_page(edited, site.url(NAMES[0])))
    # The feed says the first two changed after our visit; only the first really did.
    later = datetime.now(UTC) + timedelta(hours=1)
    site.server.pages["/feed.xml"] = feed(site, [later, later, OLD])
    site.server.clear_log()

    second = polwire("crawl", "local_news", env=env)
    assert second.returncode == 0, second.stderr
    # The summary line says what the crawl did: not "0 stored, 0 duplicate" alone.
    assert ": succeeded in " in second.stdout and ", 0 stored, revised 1, " in second.stdout
    fetched = [p for p in site.server.requested_paths() if p.startswith("/news/")]
    assert sorted(fetched) == sorted(site.article_paths[n] for n in NAMES[:2])
    runs = db.execute("SELECT id, items_stored, stats FROM crawl_runs ORDER BY id").fetchall()
    assert runs[1][1] == 0
    assert runs[1][2].get("polwire/items_revised") == 1

    # The changed article: updated in place, its earlier text kept as a revision.
    new_id, new_title, new_body, new_first_seen, new_last_seen = article(db, site, NAMES[0])
    assert new_id == changed_id and new_title == title and new_first_seen == first_seen
    assert new_body == old_body.replace(sentence, rewritten)
    assert new_last_seen > first_last_seen
    revisions = db.execute(
        "SELECT article_id, title, body, seen_at, changed_fields, change_size, run_id"
        " FROM article_revisions"
    ).fetchall()
    removed = sentence.split()
    added = rewritten.split()
    common = sum(min(removed.count(w), added.count(w)) for w in set(removed))
    # change_size: characters of the words removed and added (words both sides share cancel).
    size = sum(map(len, removed)) + sum(map(len, added))
    size -= 2 * sum(len(w) * min(removed.count(w), added.count(w)) for w in set(removed))
    assert common < len(removed)
    assert revisions == [(changed_id, title, old_body, first_last_seen, ["body"], size, runs[1][0])]

    # Fetched again but unchanged: only last_seen_at moved. Not fetched: nothing moved.
    same_after = article(db, site, NAMES[1])
    assert same_after[:4] == same_before[:4]
    assert same_after[4] > same_before[4]
    assert article(db, site, NAMES[2]) == untouched_before
    assert db.execute("SELECT count(*) FROM articles").fetchone() == (3,)
