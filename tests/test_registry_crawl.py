"""Every built-in source, crawled end to end from its saved mirror: `polwire crawl NAME` with
the real hosts mapped onto a local server (POLWIRE_HOST_MAP), each into a fresh database.

A mirror may hold a ``mirror.toml`` next to its host folders: ``off_topic`` lists the
article pages that are not politics (the rest must be stored), ``no_body`` says why none
of its article pages can yield a body (the source is then an expected failure), and
``fixture_pages`` the pages served from the third-party fixtures (the crawl of such a
mirror skips without them).
"""

from __future__ import annotations

import json
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.rows import dict_row

from crawler.sources.model import ApiListing, Source
from crawler.sources.registry import load_builtin, source_from_mapping
from crawler.spiders.news import api_entries
from polwire.config import ConfigError
from tests.support.cli import polwire
from tests.support.fixtures import fixture_path, have_fixtures
from tests.support.mirrors import (
    MIRRORS,
    host_map,
    load_mirror,
    mirror_expectations,
    mirror_files,
    needs_fixtures,
    skip_without_fixtures,
    url_path_for,
)
from tests.support.server import SiteServer

SOURCES: dict[str, Source] = load_builtin()
WORKERS = 4  # crawls run side by side: most of a mirror crawl is waiting on delays


@dataclass
class MirrorCrawl:
    """One finished crawl of a mirror and what it left in its database."""

    name: str
    returncode: int
    output: str
    requests: list[str]
    run: dict[str, Any]
    articles: list[dict[str, Any]]
    seen_urls: set[str] = field(default_factory=set)  # articles.url and article_urls.url


def mirror_article_urls(source: Source) -> set[str]:
    """The mirror's article pages: files whose URL (without a query: tracking variants are
    the same page) matches one of the source's article_patterns."""
    scheme = "http" if source.home.startswith("http://") else "https"
    found = set()
    for file in mirror_files(source.name):
        host, *rest = file.relative.parts
        url = f"{scheme}://{host}{url_path_for(Path(*rest))}"
        if "?" not in url and any(re.search(p, url) for p in source.article_patterns):
            found.add(url)
    return found


def _database(admin_url: str, name: str) -> str:
    params = conninfo_to_dict(admin_url)
    params["dbname"] = name
    return make_conninfo(**params)


def crawl_mirror(name: str, admin_url: str, template: str, workdir: Path) -> MirrorCrawl:
    pages, hosts = load_mirror(name)
    dbname = f"polwire_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {dbname} TEMPLATE {template}")
    url = _database(admin_url, dbname)
    home = workdir / name
    home.mkdir()
    config = home / "polwire.toml"
    config.write_text("", encoding="utf-8")  # no user sources or overrides
    try:
        with SiteServer(pages) as server:
            result = polwire(
                "crawl",
                name,
                "-s",
                "POLWIRE_HOST_MAP=" + json.dumps(host_map(server.base_url, hosts)),
                env={"DATABASE_URL": url, "POLWIRE_HOME": str(home), "POLWIRE_CONFIG": str(config)},
                timeout=120,
            )
            requests = server.requested_paths()
        with psycopg.connect(url, row_factory=dict_row) as conn:
            runs = conn.execute(
                "SELECT status, items_stored, items_dropped, errors, stats FROM crawl_runs"
            ).fetchall()
            articles = conn.execute("SELECT * FROM articles ORDER BY url").fetchall()
            seen = {r["url"] for r in conn.execute("SELECT url FROM article_urls")}
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
    assert len(runs) == 1, f"{name}: {len(runs)} crawl runs recorded"
    return MirrorCrawl(
        name=name,
        returncode=result.returncode,
        output=result.stdout + result.stderr,
        requests=requests,
        run=runs[0],
        articles=articles,
        seen_urls=seen | {a["url"] for a in articles},
    )


class MirrorCrawls:
    """Crawls of mirrors, by source name: the ones this session's tests name are run side by
    side up front, any other on first use."""

    def __init__(self, admin_url: str, template: str, workdir: Path) -> None:
        self.args = (admin_url, template, workdir)
        self.done: dict[str, MirrorCrawl] = {}

    def prefetch(self, names: list[str]) -> None:
        with ThreadPoolExecutor(WORKERS) as pool:
            for name, crawl in zip(names, pool.map(self._crawl, names), strict=True):
                self.done[name] = crawl

    def __getitem__(self, name: str) -> MirrorCrawl:
        assert (MIRRORS / name).is_dir(), f"{name}: no mirror under tests/mirrors/{name}"
        if name not in self.done:
            self.done[name] = self._crawl(name)
        return self.done[name]

    def _crawl(self, name: str) -> MirrorCrawl:
        return crawl_mirror(name, *self.args)


def _selected_sources(request: pytest.FixtureRequest) -> list[str]:
    """The sources this session's parametrized tests crawl (`-k japan_today` crawls one)."""
    names = set()
    for item in request.session.items:
        callspec = getattr(item, "callspec", None)
        if item.module is request.module and callspec and "name" in callspec.params:
            names.add(callspec.params["name"])
    # A mirror made partly of fixture pages cannot be served without them (its test skips).
    servable = [n for n in names if have_fixtures() or not needs_fixtures(n)]
    return sorted(n for n in servable if (MIRRORS / n).is_dir())


@pytest.fixture(scope="module")
def crawls(
    request: pytest.FixtureRequest,
    pg_admin_url: str,
    template_db: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> MirrorCrawls:
    crawls = MirrorCrawls(pg_admin_url, template_db, tmp_path_factory.mktemp("mirror_crawls"))
    crawls.prefetch(_selected_sources(request))
    return crawls


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_source_crawl_of_its_mirror_stores_its_politics(name: str, crawls: MirrorCrawls) -> None:
    skip_without_fixtures(name)
    source = SOURCES[name]
    crawl = crawls[name]
    expected = mirror_expectations(name)
    run = crawl.run
    assert crawl.returncode == 0, crawl.output
    assert crawl.output.startswith(f"{name}: succeeded"), crawl.output
    assert run["status"] == "succeeded"
    # Every discovery point and every link it gives is in the mirror, under the URL we fetch.
    assert run["errors"] == 0, {k: v for k, v in run["stats"].items() if "errors" in k}

    pages = mirror_article_urls(source)
    assert len(pages) >= 2, f"{name}: fewer than two article pages in the mirror"
    if expected.get("no_body"):
        assert crawl.articles == []
        assert run["stats"]["drop_reasons"] == {"BodyTooShort": len(pages)}
        pytest.xfail(f"{name}: {expected['no_body']}")

    off_topic = set(expected.get("off_topic", []))
    assert off_topic <= pages, f"{name}: mirror.toml names pages the mirror does not hold"
    politics = pages - off_topic
    assert politics <= crawl.seen_urls, f"{name}: not stored: {sorted(politics - crawl.seen_urls)}"
    assert not off_topic & crawl.seen_urls, f"{name}: off-topic page stored"
    assert run["items_dropped"] == len(off_topic), run["stats"]["drop_reasons"]
    assert run["items_stored"] == len(crawl.articles) >= len(politics)

    for article in crawl.articles:
        where = f"{name} {article['url']}"
        assert article["source"] == name
        assert article["title"], f"{where}: no title"
        published = article["published_at"]
        assert published is not None and published.tzinfo is not None, f"{where}: no date"
        assert article["body"] and article["word_count"] >= 40, f"{where}: no body"
        assert article["countries"], f"{where}: no countries"
        assert article["language"] == source.language, where


def test_every_builtin_source_has_a_mirror() -> None:
    missing = sorted(n for n in SOURCES if not (MIRRORS / n).is_dir())
    assert not missing, f"sources without a mirror under tests/mirrors: {missing}"


def test_japan_today_crawl_stores_the_seed_article(crawls: MirrorCrawls) -> None:
    """The seed acceptance, through a crawl: Japan Today's mirror page carrying the seed text."""
    path = fixture_path("seed", "japan_today_2025-09-08.expected.json")
    expected = json.loads(path.read_text("utf-8"))
    crawl = crawls["japan_today"]
    seed = [a for a in crawl.articles if a["title"] == expected["title"]]
    assert len(seed) == 1, [a["title"] for a in crawl.articles]
    article = seed[0]
    assert article["url"].startswith("https://japantoday.com/category/politics/")
    assert article["published_at"].astimezone(
        ZoneInfo(expected["timezone"])
    ).date() == date.fromisoformat(expected["published_date"])
    assert article["section"] == expected["section"]
    assert article["wire"] == expected["wire"]
    assert article["dateline"] == expected["dateline"]
    assert article["countries"] == expected["countries"]
    assert article["body"] == expected["body"]
    assert article["field_layers"].get("scope") == "url"  # /category/politics/


def test_nhk_world_lists_its_articles_through_the_json_api(crawls: MirrorCrawls) -> None:
    crawl = crawls["nhk_world"]
    api = SOURCES["nhk_world"].api
    assert api is not None
    assert any(p.startswith("/api.nhkworld.jp/nwapi/news/v1/en/articles?") for p in crawl.requests)
    assert crawl.run["stats"]["polwire/discovery/api_entries"] == 2


# --- The registry declarations these crawls rely on ----------------------------------------


def test_api_entries_read_nhk_worlds_list_shape() -> None:
    api = ApiListing(
        url="https://api.nhkworld.jp/nwapi/news/v1/en/articles",
        items_path="data",
        url_field="page_url",
        date_field="updated_at",
        url_base="https://www3.nhk.or.jp/",
    )
    body = json.dumps(
        {
            "data": [
                {"page_url": "/nhkworld/news/20250415dd31027/", "updated_at": 1744709400000},
                {"page_url": "https://www3.nhk.or.jp/nhkworld/news/x/", "updated_at": 1744709400},
                {"page_url": "/nhkworld/news/y/", "updated_at": "2025-04-15T09:30:00Z"},
                {"title": "no URL: skipped"},
                "not an object",
            ]
        }
    ).encode()
    entries = api_entries(body, api, api.url)
    assert [e.url for e in entries] == [
        "https://www3.nhk.or.jp/nhkworld/news/20250415dd31027/",
        "https://www3.nhk.or.jp/nhkworld/news/x/",
        "https://www3.nhk.or.jp/nhkworld/news/y/",
    ]
    moment = datetime(2025, 4, 15, 9, 30, tzinfo=UTC)
    assert [e.updated for e in entries] == [moment, moment, moment]


@pytest.mark.parametrize(
    ("body", "items_path"),
    [(b"<html>", "data"), (b'{"items": []}', "data"), (b'{"data": {"a": 1}}', "data")],
)
def test_api_entries_refuse_a_document_of_another_shape(body: bytes, items_path: str) -> None:
    api = ApiListing(url="https://example.com/api", items_path=items_path)
    with pytest.raises(ValueError):
        api_entries(body, api, api.url)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            {"feeds": ["https://a.example/rss"], "politics_feeds": ["https://b.example/rss"]},
            "politics_feeds 'https://b.example/rss' is not one of feeds",
        ),
        ({"extra": {"api": "https://a.example/api"}}, "extra.api must be a table"),
        (
            {"extra": {"api": {"url": "https://a.example/api", "path": "data"}}},
            "extra.api: unknown key 'path'",
        ),
        ({"extra": {"api": {"items_path": "data"}}}, "extra.api: url is required"),
    ],
)
def test_registry_rejects_bad_politics_feeds_and_api_tables(
    table: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        source_from_mapping({"name": "x", "start_urls": ["https://a.example/"], **table}, where="t")


def test_an_api_alone_is_enough_discovery() -> None:
    source = source_from_mapping(
        {"name": "x", "extra": {"api": {"url": "https://a.example/api"}}}, where="t"
    )
    assert source.discovery == ["api"]
