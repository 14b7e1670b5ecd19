"""Editions: two outlets of one group (as Yonhap's Korean and Japanese services are) crawled
into a real PostgreSQL; the same report in two languages is linked, another report that names
one of the same persons on the same day is not."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from polwire.storage.editions import article_editions
from tests.support.cli import polwire
from tests.support.feeds import rss
from tests.support.newsroom_pages import story_page
from tests.support.server import Page, SiteServer
from tests.test_entities_crawl import SAMPLE, STORIES, _story

BY_SLUG = {story.slug: story for story in STORIES}
OTHER_REPORT = _story(
    "ko-cabinet",
    "ko",
    "이재명 대통령, 국무회의 주재…민생 법안 처리 당부",
    "이재명 대통령은 8일 오후 청와대에서 국무회의를 주재하고 민생 관련 법안의 신속한 처리를 "
    "국회에 당부했다. 대통령은 물가 안정과 일자리 대책에 정부의 역량을 모아야 한다고 강조했다.",
    "이날 회의에서는 내년도 예산안의 주요 사업과 지방 재정 지원 방안도 함께 논의됐다. "
    "정부는 다음 주 중 관련 대책을 발표할 계획이다.",
    "여당은 정기국회에서 민생 법안을 우선 처리하겠다고 밝혔고, 야당은 정부의 재정 운용 "
    "방식을 두고 문제를 제기하며 국회 차원의 검증이 필요하다고 주장했다.",
)


@pytest.fixture
def site() -> SiteServer:
    server = SiteServer()
    when = datetime(2025, 9, 8, 1, 0, tzinfo=UTC)
    feeds = {"ja": ["ja-summit"], "ko": ["ko-summit", "ko-cabinet"]}
    stories = {**BY_SLUG, "ko-cabinet": OTHER_REPORT}
    for language, slugs in feeds.items():
        entries = []
        for slug in slugs:
            path = f"/{language}/{slug}.html"
            server.pages[path] = Page(story_page(stories[slug], server.url(path)))
            entries.append((path, when))
        feed = rss(server.base_url, entries)
        server.pages[f"/{language}/feed.xml"] = Page(feed, "application/rss+xml")
    server.pages["/robots.txt"] = Page(b"User-agent: *\nAllow: /\n", "text/plain")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def env(db_url: str, polwire_home: Path, tmp_path: Path, site: SiteServer) -> dict[str, str]:
    tables = "".join(
        f"""
[[sources]]
name = "wire_{language}"
feeds = ["{site.url(f"/{language}/feed.xml")}"]
country = "{country}"
language = "{language}"
timezone = "Asia/Seoul"
group = "wire"
"""
        for language, country in (("ja", "JP"), ("ko", "KR"))
    )
    config = tmp_path / "polwire.toml"
    config.write_text(tables, "utf-8")
    return {
        "DATABASE_URL": db_url,
        "POLWIRE_HOME": str(polwire_home),
        "POLWIRE_CONFIG": str(config),
        "POLWIRE_GAZETTEER": str(SAMPLE),
    }


def _links(db: psycopg.Connection) -> list[tuple[str, str]]:
    rows = db.execute(
        "SELECT substring(a.url from '[a-z]+/([a-z-]+)\\.html'),"
        " substring(b.url from '[a-z]+/([a-z-]+)\\.html')"
        " FROM article_links l JOIN articles a ON a.id = l.article_id"
        " JOIN articles b ON b.id = l.linked_article_id WHERE l.kind = 'edition' ORDER BY 1, 2"
    ).fetchall()
    return [(str(a), str(b)) for a, b in rows]


def test_crawls_link_the_editions_of_one_report(
    env: dict[str, str], db: psycopg.Connection
) -> None:
    for name in ("wire_ko", "wire_ja"):
        result = polwire("crawl", name, env=env)
        assert result.returncode == 0, result.stderr
    assert db.execute("SELECT count(*) FROM articles").fetchone() == (3,)
    assert _links(db) == [("ja-summit", "ko-summit"), ("ko-summit", "ja-summit")]


def test_reparse_entities_links_an_archive_tagged_before(
    env: dict[str, str], db: psycopg.Connection
) -> None:
    for name in ("wire_ko", "wire_ja"):
        assert polwire("crawl", name, env=env).returncode == 0
    db.execute("DELETE FROM article_links")
    result = polwire("reparse", "--entities", env=env)
    assert result.returncode == 0, result.stderr
    assert _links(db) == [("ja-summit", "ko-summit"), ("ko-summit", "ja-summit")]


def test_article_lists_its_other_editions(env: dict[str, str], db: psycopg.Connection) -> None:
    for name in ("wire_ko", "wire_ja"):
        assert polwire("crawl", name, env=env).returncode == 0
    row = db.execute("SELECT id FROM articles WHERE url LIKE '%%/ja/ja-summit.html'").fetchone()
    assert row is not None
    editions = article_editions(db, int(row[0]))
    assert [(e["source"], e["language"], e["title"]) for e in editions] == [
        ("wire_ko", "ko", "이재명 대통령, 이시바 총리와 도쿄서 정상회담")
    ]
