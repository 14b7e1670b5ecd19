"""End to end: a crawl of a local site whose articles name politicians in Japanese, Korean,
Chinese and English tags them at ingest; `polwire search --entity` with a name in one script
finds the articles in the others; `polwire entities`, `entities show` and `reparse --entities`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from tests.support.cli import polwire
from tests.support.feeds import rss
from tests.support.newsroom_pages import story_page
from tests.support.newsroom_stories import Story
from tests.support.server import Page, SiteServer

SAMPLE = Path(__file__).parent / "support" / "entities_sample.toml"


def _story(slug: str, language: str, title: str, *paragraphs: str) -> Story:
    return Story(
        slug=slug,
        template="jsonld",
        language=language,
        published="2025-09-08T10:00:00+09:00",
        section="政治",
        authors=(),
        wire=None,
        dateline=None,
        title=title,
        paragraphs=paragraphs,
    )


STORIES = (
    _story(
        "ja-summit",
        "ja",
        "石破茂首相、李在明大統領と首脳会談",
        "石破首相は八日、東京で韓国の李在明大統領と会談し、両国の協力を確認した。"
        "会談では安全保障や経済での連携について意見を交わした。",
        "石破氏は会談後、記者団に対し、シャトル外交を続ける考えを示した。"
        "政府関係者によると、次回の会談は年内にも開かれる見通しだという。",
    ),
    _story(
        "ko-summit",
        "ko",
        "이재명 대통령, 이시바 총리와 도쿄서 정상회담",
        "이재명 대통령은 8일 도쿄에서 이시바 총리와 정상회담을 열고 "
        "양국 협력 강화 방안을 논의했다. "
        "두 정상은 안보와 경제 분야에서 긴밀히 공조하기로 했다.",
        "대통령실은 회담 결과를 설명하며 셔틀 외교를 이어가겠다고 밝혔다. "
        "정부 관계자는 다음 회담이 연내에 열릴 수 있다고 전했다.",
        "양국 정상은 회담에서 북한의 핵과 미사일 문제에 대해서도 긴밀히 협력하기로 했으며, "
        "경제 안보와 공급망 분야의 협의체를 새로 만드는 방안도 함께 논의한 것으로 알려졌다.",
        "전문가들은 이번 회담이 양국 관계 개선 흐름을 이어가는 계기가 될 것이라고 평가하면서도 "
        "과거사 문제를 둘러싼 이견은 여전히 과제로 남아 있다고 지적했다.",
    ),
    _story(
        "zh-summit",
        "zh",
        "日韩领导人在东京会谈",
        "日本首相石破茂八日在东京与韩国总统李在明举行会谈，双方同意加强安全与经济合作。"
        "这是两国领导人今年第二次会面。",
        "分析人士指出，两国关系近年来有所改善，但历史问题仍是双边关系中的敏感议题。"
        "双方表示将继续保持高层往来。",
    ),
    _story(
        "en-summit",
        "en",
        "Shigeru Ishiba and Lee Jae-myung hold summit in Tokyo",
        "Japanese Prime Minister Shigeru Ishiba met South Korean President Lee Jae-myung in"
        " Tokyo on Monday, and the two leaders agreed to deepen cooperation on security and the"
        " economy.",
        "Ishiba told reporters after the talks that the two countries would keep up regular"
        " visits, and officials said another meeting could take place before the end of the"
        " year.",
    ),
)


@pytest.fixture
def site() -> SiteServer:
    server = SiteServer()
    when = datetime(2025, 9, 8, 1, 0, tzinfo=UTC)
    entries = []
    for story in STORIES:
        path = f"/news/{story.slug}.html"
        server.pages[path] = Page(story_page(story, server.url(path)))
        entries.append((path, when))
    server.pages["/robots.txt"] = Page(b"User-agent: *\nAllow: /\n", "text/plain")
    server.pages["/feed.xml"] = Page(rss(server.base_url, entries), "application/rss+xml")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def env(db_url: str, polwire_home: Path, tmp_path: Path, site: SiteServer) -> dict[str, str]:
    config = tmp_path / "polwire.toml"
    config.write_text(
        f"""
[[sources]]
name = "local_summit"
feeds = ["{site.url("/feed.xml")}"]
country = "JP"
timezone = "Asia/Tokyo"
""",
        "utf-8",
    )
    return {
        "DATABASE_URL": db_url,
        "POLWIRE_HOME": str(polwire_home),
        "POLWIRE_CONFIG": str(config),
        "POLWIRE_GAZETTEER": str(SAMPLE),
    }


def _slugs(stdout: str) -> list[str]:
    return sorted(hit["url"].rsplit("/", 1)[1].removesuffix(".html") for hit in json.loads(stdout))


@pytest.fixture
def crawled(env: dict[str, str]) -> dict[str, str]:
    result = polwire("crawl", "local_summit", env=env)
    assert result.returncode == 0, result.stderr
    return env


def test_crawl_tags_every_article_in_its_own_script(
    crawled: dict[str, str], db: psycopg.Connection
) -> None:
    rows = db.execute(
        "SELECT substring(a.url from '/news/(.*)\\.html'), ae.entity_id, ae.mentions"
        " FROM article_entities ae JOIN articles a ON a.id = ae.article_id ORDER BY 1, 2"
    ).fetchall()
    assert rows == [
        ("en-summit", "jp-ishiba-shigeru", 3),
        ("en-summit", "kr-lee-jae-myung", 2),
        ("ja-summit", "jp-ishiba-shigeru", 3),
        ("ja-summit", "kr-lee-jae-myung", 2),
        ("ko-summit", "jp-ishiba-shigeru", 2),
        ("ko-summit", "kr-lee-jae-myung", 3),  # 이재명 twice, and 대통령실 on that day
        ("zh-summit", "jp-ishiba-shigeru", 1),
        ("zh-summit", "kr-lee-jae-myung", 1),
    ]


@pytest.mark.parametrize("name", ["石破茂", "이시바 시게루", "Shigeru Ishiba", "jp-ishiba-shigeru"])
def test_search_by_entity_crosses_scripts(crawled: dict[str, str], name: str) -> None:
    result = polwire("search", "--entity", name, "--format", "json", env=crawled)
    assert result.returncode == 0, result.stderr
    assert _slugs(result.stdout) == ["en-summit", "ja-summit", "ko-summit", "zh-summit"]


def test_search_by_entity_with_words(crawled: dict[str, str]) -> None:
    result = polwire(
        "search",
        "会談",
        "--entity",
        "이재명",
        "--entity",
        "Ishiba",
        "--format",
        "json",
        env=crawled,
    )
    assert result.returncode == 0, result.stderr
    # The Chinese page writes 会谈: words stay in their script, entities cross them.
    assert _slugs(result.stdout) == ["ja-summit"]


def test_search_by_an_unknown_entity_is_an_error(crawled: dict[str, str]) -> None:
    result = polwire("search", "--entity", "Nobody Atall", env=crawled)
    assert (result.returncode, result.stderr.splitlines()[-1]) == (
        2,
        "Error: Invalid value for --entity: no entity is named 'Nobody Atall' (see `polwire"
        " entities`)",
    )


def test_search_by_a_shared_name_asks_which(crawled: dict[str, str]) -> None:
    result = polwire("search", "--entity", "Kim", env=crawled)
    assert result.returncode == 2
    assert "kp-kim-jong-un, kr-kim-dae-jung" in result.stderr


def test_entities_lists_mention_counts(crawled: dict[str, str]) -> None:
    result = polwire(
        "entities", "--country", "JP", "--kind", "person", "--format", "json", env=crawled
    )
    assert result.returncode == 0, result.stderr
    counts = {row["id"]: row["articles"] for row in json.loads(result.stdout)}
    assert counts == {"jp-ishiba-shigeru": 4, "jp-kishida-fumio": 0, "jp-takaichi-sanae": 0}


def test_entities_show_names_offices_and_articles(crawled: dict[str, str]) -> None:
    result = polwire("entities", "show", "이재명", "--format", "json", env=crawled)
    assert result.returncode == 0, result.stderr
    (entity,) = json.loads(result.stdout)
    assert (entity["id"], entity["names"]["zh-Hant"], entity["offices"][0]["office"]) == (
        "kr-lee-jae-myung",
        ["李在明"],
        "head_of_state",
    )
    assert sorted(a["language"] for a in entity["latest_articles"]) == ["en", "ja", "ko", "zh"]


def test_reparse_entities_tags_the_archive_again(
    crawled: dict[str, str], db: psycopg.Connection
) -> None:
    db.execute("DELETE FROM article_entities")
    result = polwire("reparse", "--entities", env=crawled)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("reparse --entities: 4 articles, 8 entity tags")
    daily = db.execute(
        "SELECT entity_id, day::text, source, articles FROM entity_mentions_daily ORDER BY 1"
    ).fetchall()
    assert daily == [
        ("jp-ishiba-shigeru", "2025-09-08", "local_summit", 4),
        ("kr-lee-jae-myung", "2025-09-08", "local_summit", 4),
    ]


def test_reparse_that_changes_an_article_tags_it_again(
    crawled: dict[str, str], db: psycopg.Connection
) -> None:
    db.execute(
        "UPDATE articles SET title = 'placeholder' WHERE url LIKE '%%/zh-summit.html';"
        " DELETE FROM article_entities"
    )
    result = polwire("reparse", env=crawled)
    assert result.returncode == 0, result.stderr
    tags = db.execute(
        "SELECT ae.entity_id FROM article_entities ae JOIN articles a ON a.id = ae.article_id"
        " WHERE a.url LIKE '%%/zh-summit.html' ORDER BY 1"
    ).fetchall()
    assert tags == [("jp-ishiba-shigeru",), ("kr-lee-jae-myung",)]
