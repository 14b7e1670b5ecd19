"""One article model: its fields are the `articles` columns, every form of an article is built
from another by name, and a page's fields are cleaned once, the same way for a crawl and for
`polwire extract`."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from polwire.core.article_fields import ARTICLE_FIELDS, ARTICLE_TYPES, ArticleFields, derive
from polwire.core.article_item import ArticleItem, ArticleRecord
from polwire.storage.articles import STAGED_COLUMNS, ArticleRow
from polwire.storage.reparse import ReparsedArticle
from tests.support.cli import polwire, write_config
from tests.support.feeds import rss
from tests.support.server import Page, SiteServer

# PostgreSQL's own spelling of the short type names the model uses.
_FORMATTED = {"text[]": "text[]", "int4": "integer", "timestamptz": "timestamp with time zone"}


def test_every_article_field_is_an_articles_column_of_its_type(
    db: psycopg.Connection[tuple[object, ...]],
) -> None:
    columns = dict(
        db.execute(
            "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
            " WHERE attrelid = 'articles'::regclass AND attnum > 0 AND NOT attisdropped"
        ).fetchall()
    )
    declared = {name: _FORMATTED.get(t, t) for name, t in ARTICLE_TYPES.items()}
    assert {name: columns.get(name) for name in ARTICLE_FIELDS} == declared


def test_every_form_of_an_article_extends_the_one_model() -> None:
    for form in (ArticleRecord, ArticleItem, ArticleRow, ReparsedArticle):
        assert issubclass(form, ArticleFields)
        assert {f.name for f in fields(form)} >= set(ARTICLE_FIELDS)
    staged = [name for name, _ in STAGED_COLUMNS]
    assert staged[6 : 6 + len(ARTICLE_FIELDS)] == list(ARTICLE_FIELDS)


def test_derive_copies_by_name_and_shares_no_list() -> None:
    item = ArticleItem(
        source="s",
        url="https://example.org/a",
        fetched_at=datetime(2025, 1, 1, tzinfo=UTC),
        urls=["https://example.org/a"],
        title="A title",
        authors=["Jane Roe"],
        body="Some words.",
        content_hash="h",
        word_count=2,
        rejection="NotAnArticle",
    )
    row = derive(ArticleRow, item)
    assert (row.source, row.url, row.title, row.authors, row.word_count) == (
        "s",
        "https://example.org/a",
        "A title",
        ["Jane Roe"],
        2,
    )
    assert row.authors is not item.authors and row.urls is not item.urls
    assert row.url_keys == {}  # not on the item: the row's default
    again = derive(ReparsedArticle, item, article_id=7, title="New title")
    assert (again.article_id, again.title, again.body) == (7, "New title", "Some words.")


PAGE = """<!doctype html><html lang="ja"><head><meta charset="utf-8">
<title>国会\u3000予算審議  始まる | Local</title>
<meta property="og:type" content="article">
<meta property="og:title" content="国会\u3000予算審議  始まる">
<meta property="article:published_time" content="2025-03-04T09:30:00">
<meta property="article:section" content="  Politics ">
</head><body><article><h1>国会\u3000予算審議  始まる</h1>
<p class="byline">By  Hanako\u3000Sato </p>
{paragraphs}
</article></body></html>"""


def test_a_crawled_page_is_stored_as_polwire_extract_reads_it(
    db_url: str, db: psycopg.Connection[tuple[object, ...]], polwire_home: Path, tmp_path: Path
) -> None:
    """Fields are cleaned once (crawler.extraction.record), not again by a pipeline: odd
    spaces, a naive date read in the source's zone and a padded section come out the same."""
    sentence = (
        "The budget committee of the Diet opened its debate on the spending plan for the year,"
        " with the prime minister\u3000facing questions on defence and tariffs from Washington. "
    )
    paragraphs = "\n".join(f"<p>{sentence * 3}</p>" for _ in range(4))
    html = PAGE.format(paragraphs=paragraphs).encode()
    server = SiteServer({"/news/1.html": Page(html)})
    server.pages["/feed.xml"] = Page(
        rss(server.base_url, [("/news/1.html", datetime(2025, 3, 4, tzinfo=UTC))]),
        "application/rss+xml",
    )
    server.start()
    try:
        config = write_config(
            tmp_path / "polwire.toml",
            f'[[sources]]\nname = "local_diet"\nfeeds = ["{server.url("/feed.xml")}"]\n'
            'country = "JP"\nlanguage = "ja"\ntimezone = "Asia/Tokyo"\n',
        )
        env = {
            "DATABASE_URL": db_url,
            "POLWIRE_HOME": str(polwire_home),
            "POLWIRE_CONFIG": str(config),
        }
        crawl = polwire("crawl", "local_diet", env=env)
        assert crawl.returncode == 0, crawl.stderr
    finally:
        server.stop()
    stored = db.execute(
        "SELECT title, authors, published_at, section, language, countries, body FROM articles"
    ).fetchall()
    assert len(stored) == 1
    title, authors, published_at, section, language, countries, body = stored[0]

    saved = tmp_path / "page.html"
    saved.write_bytes(html)
    result = polwire("extract", str(saved), "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    extracted = json.loads(result.stdout)[0]
    assert title == "国会 予算審議 始まる"
    assert (title, authors, section, language, countries, body) == (
        extracted["title"],
        extracted["authors"],
        extracted["section"],
        extracted["language"],
        extracted["countries"],
        extracted["body"],
    )
    assert section == "politics"
    # A date printed without an offset is read in the source's zone (Tokyo) by the crawl.
    assert published_at == datetime(2025, 3, 4, 0, 30, tzinfo=UTC)
