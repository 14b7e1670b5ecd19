"""Coverage pipeline: a real crawl counts field coverage and extraction layers in the run stats."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from crawler.items import ArticleItem
from pipelines.coverage import field_coverage
from tests.support.cli import polwire, write_config
from tests.support.news_site import NewsSite, build_news_site

PAGES = ["us_reuters", "jp_mainichi_shimbun", "kr_mbn", "cn_people", "gb_bbc", "us_ap_news"]


@pytest.fixture
def site() -> NewsSite:
    site = build_news_site(PAGES, amp_twin=False)
    site.server.start()
    yield site
    site.server.stop()


def test_crawl_stats_count_coverage_and_layers(
    site: NewsSite, db_url: str, polwire_home: Path, tmp_path: Path, db: psycopg.Connection
) -> None:
    config = write_config(
        tmp_path / "polwire.toml",
        f'[[sources]]\nname = "local_news"\nfeeds = ["{site.feed_url}"]\ncountry = "JP"\n',
    )
    env = {"DATABASE_URL": db_url, "POLWIRE_HOME": str(polwire_home), "POLWIRE_CONFIG": str(config)}
    result = polwire("crawl", "local_news", env=env)
    assert result.returncode == 0, result.stderr

    stored, stats = db.execute("SELECT items_stored, stats FROM crawl_runs").fetchone()
    assert stored == len(PAGES)
    coverage = {
        key.removeprefix("polwire/coverage/"): value
        for key, value in stats.items()
        if key.startswith("polwire/coverage/")
    }
    # What the stats say is what the archive holds.
    expected = db.execute(
        "SELECT count(*), count(title), count(published_at),"
        " count(*) FILTER (WHERE cardinality(authors) > 0), count(section),"
        " count(*) FILTER (WHERE word_count >= 100), count(wire),"
        " count(*) FILTER (WHERE cardinality(countries) > 0) FROM articles"
    ).fetchone()
    names = ("items", "title", "published", "authors", "section", "body", "wire", "countries")
    assert coverage == dict(zip(names, expected, strict=True))
    assert coverage["items"] == len(PAGES)
    assert coverage["title"] == coverage["published"] == coverage["body"] == len(PAGES)
    # Every title and body came from exactly one layer.
    for field in ("title", "body", "published"):
        layers = {
            key.rsplit("/", 1)[1]: value
            for key, value in stats.items()
            if key.startswith(f"polwire/layer/{field}/")
        }
        assert sum(layers.values()) == len(PAGES), (field, layers)
        assert set(layers) <= {"site", "jsonld", "meta", "html", "url", "generic"}
    assert stats.get("polwire/layer/title/jsonld", 0) >= 3


def test_full_body_threshold_counts_cjk_characters() -> None:
    def item(body: str) -> ArticleItem:
        return ArticleItem(
            source="s", url="https://e.com/1", fetched_at=datetime.now(UTC), body=body
        )

    assert field_coverage(item("word " * 99))["body"] is False
    assert field_coverage(item("word " * 100))["body"] is True
    assert field_coverage(item("政" * 199))["body"] is False
    assert field_coverage(item("政" * 200))["body"] is True
    assert field_coverage(item(""))["title"] is False
