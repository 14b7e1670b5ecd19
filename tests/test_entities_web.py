"""The dashboard's entity pages and API over a real crawl (tests/test_entities_crawl.py's site):
`polwire web` as a subprocess, its HTML and JSON, and names that are no entity's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.support.http import request
from tests.support.web_archive import WebProcess, polwire_web

# The crawled site and its environment (a crawl per test, with the sample gazetteer).
from tests.test_entities_crawl import crawled, env, site  # noqa: F401


@pytest.fixture
def web(crawled: dict[str, str], tmp_path: Path) -> Iterator[WebProcess]:  # noqa: F811
    with polwire_web(crawled, tmp_path) as process:
        yield process


def _json(web: WebProcess, path: str) -> tuple[int, object]:
    answer = request(web.base_url + path)
    return answer.status, json.loads(answer.body)


def test_api_entity_has_names_daily_mentions_and_articles(web: WebProcess) -> None:
    status, entity = _json(web, "/api/entities/jp-ishiba-shigeru")
    assert status == 200
    assert isinstance(entity, dict)
    assert (entity["names"]["ko"], entity["articles"]) == (["이시바 시게루"], 4)
    assert entity["mentions_daily"] == [
        {"day": "2025-09-08", "source": "local_summit", "articles": 4, "mentions": 9}
    ]
    assert sorted(a["language"] for a in entity["latest_articles"]) == ["en", "ja", "ko", "zh"]


def test_api_entities_filters_by_country_and_kind(web: WebProcess) -> None:
    status, rows = _json(web, "/api/entities?country=KR&kind=person")
    assert status == 200
    assert [(r["id"], r["articles"]) for r in rows] == [  # type: ignore[union-attr]
        ("kr-lee-jae-myung", 4),
        ("kr-kim-dae-jung", 0),
        ("kr-yoon-suk-yeol", 0),
    ]


def test_api_search_by_entity_in_another_script(web: WebProcess) -> None:
    status, hits = _json(web, "/api/search?entity=" + quote("李在明") + "&order=newest")
    assert status == 200
    urls = sorted(h["url"].rsplit("/", 1)[1] for h in hits)  # type: ignore[union-attr]
    assert urls == ["en-summit.html", "ja-summit.html", "ko-summit.html", "zh-summit.html"]


def test_api_search_by_an_unknown_entity(web: WebProcess) -> None:
    answer = request(web.base_url + "/api/search?entity=" + quote("<b>Nobody</b>"))
    assert (answer.status, json.loads(answer.body)["error"]) == (
        400,
        "no entity is named '<b>Nobody</b>' (see `polwire entities`)",
    )


def test_entity_page_shows_outlets_and_articles_in_every_language(web: WebProcess) -> None:
    answer = request(web.base_url + "/entities/kr-lee-jae-myung")
    html = answer.body.decode()
    assert answer.status == 200
    assert all(
        text in html
        for text in ("李在明", "이재명", "local_summit", "日韩领导人在东京会谈", "<h3>ko</h3>")
    )


def test_entities_page_lists_with_counts(web: WebProcess) -> None:
    answer = request(web.base_url + "/entities?q=" + quote("石破"))
    html = answer.body.decode()
    assert answer.status == 200
    assert '<a href="/entities/jp-ishiba-shigeru">Shigeru Ishiba</a>' in html


def test_unknown_entity_page_is_404_with_the_name_escaped(web: WebProcess) -> None:
    answer = request(web.base_url + "/entities/" + quote("<script>x</script>"))
    assert (answer.status, b"<script>x" in answer.body) == (404, False)


def test_search_page_by_entity_alone(web: WebProcess) -> None:
    answer = request(web.base_url + "/search?entity=" + quote("石破茂"))
    html = answer.body.decode()
    assert answer.status == 200
    assert html.count('class="hit-title"') == 4


def test_the_entities_page_answers_on_a_database_no_crawl_has_synced(
    db_url: str, tmp_path: Path
) -> None:
    # A fresh archive: `polwire web` syncs the gazetteer at its start, its requests only read.
    fresh = {"DATABASE_URL": db_url, "POLWIRE_HOME": str(tmp_path / "home")}
    with polwire_web(fresh, tmp_path) as process:
        page = request(process.base_url + "/entities?q=Ishiba")
        listed = request(process.base_url + "/api/entities?q=Ishiba")
    assert (page.status, listed.status) == (200, 200)
    assert "Ishiba" in page.body.decode("utf-8")
