"""Coverage pipeline: a real crawl counts field coverage and extraction layers in the run stats."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from pipelines.coverage import field_coverage
from polwire.core.article_item import ArticleItem
from polwire.core.text import word_count
from tests.support.cli import polwire, write_config
from tests.support.newsroom import BY_SLUG, NewsSite, build_news_site

# Two pages of each template, English and Japanese, with and without bylines and wires.
PAGES = [
    "pension-reform-delay",
    "ja-lower-house-dissolution",
    "seoul-budget-standoff",
    "zh-taiwan-affairs-office",
    "taiwan-recall-vote",
    "japan-china-seafood-talks",
]


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
    # And what the pages say: the stories' own fields.
    stories = [BY_SLUG[name] for name in PAGES]
    assert {k: v for k, v in coverage.items() if k != "countries"} == {
        "items": len(PAGES),
        "title": len(PAGES),
        "published": len(PAGES),
        "authors": sum(bool(s.authors) for s in stories),
        "section": sum(s.expected_section is not None for s in stories),
        "body": sum(word_count(s.body) >= 100 for s in stories),
        "wire": sum(s.wire is not None for s in stories),
    }
    # Every title and body came from exactly one layer.
    for field in ("title", "body", "published"):
        layers = {
            key.rsplit("/", 1)[1]: value
            for key, value in stats.items()
            if key.startswith(f"polwire/layer/{field}/")
        }
        assert sum(layers.values()) == len(PAGES), (field, layers)
        assert set(layers) <= {"site", "jsonld", "meta", "html", "url", "generic"}
    # Each template's title comes from the layer it offers.
    titles = {k: v for k, v in stats.items() if k.startswith("polwire/layer/title/")}
    assert titles == {
        "polwire/layer/title/jsonld": 2,
        "polwire/layer/title/meta": 2,
        "polwire/layer/title/html": 2,
    }


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
