"""Stories and near-duplicates in the store path, against a real PostgreSQL: wire copies across
outlets share a story (led by the wire original), one outlet's copy under a new URL is the
same article, URL variants match, and the [dedupe] thresholds are read from the config."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from polwire.config import ConfigError, DedupeConfig, parse_config
from polwire.core.text import content_hash, word_count
from polwire.storage.articles import ArticleRow, store_articles
from polwire.storage.dedupe_keys import story_options, with_dedupe_keys
from polwire.storage.stories import StoryOptions, list_stories
from tests.support.newsroom import BY_SLUG

T0 = datetime(2025, 9, 8, 3, 0, tzinfo=UTC)


def body(name: str) -> str:
    return BY_SLUG[name].body


def row(
    source: str,
    url: str,
    text: str,
    *,
    at: datetime = T0,
    wire: str | None = None,
    sketched: bool = True,
    urls: list[str] | None = None,
) -> ArticleRow:
    made = ArticleRow(
        source=source,
        url=url,
        urls=urls or [url],
        title=text[:40],
        body=text,
        content_hash=content_hash(text),
        fetched_at=at,
        published_at=at,
        wire=wire,
        word_count=word_count(text),
    )
    return with_dedupe_keys(made) if sketched else made


def republished(text: str) -> str:
    """Another outlet's copy: its own first line, the last paragraph cut."""
    paragraphs = text.split("\n\n")
    return "\n\n".join(["Republished from our partners at the agency.", *paragraphs[:-1]])


def stories_of(db: psycopg.Connection) -> dict[str, int | None]:
    return dict(db.execute("SELECT url, story_id FROM articles").fetchall())


def test_copies_at_other_outlets_share_one_story_led_by_the_wire_original(
    db: psycopg.Connection,
) -> None:
    wire_text, other_text = body("ldp-leadership-race"), body("pension-reform-delay")
    store_articles(
        db,
        [
            row("japan_today", "https://jt.test/1", republished(wire_text), wire="Kyodo"),
            row("japan_today", "https://jt.test/2", other_text),
        ],
        run_id=None,
    )
    # The agency's own article arrives later (a later crawl) but is earlier published.
    result = store_articles(
        db,
        [
            row("kyodo_english", "https://kyodo.test/1", wire_text, at=T0 - timedelta(hours=2)),
            row("korea_times", "https://kt.test/1", republished(wire_text), at=T0, wire="Kyodo"),
        ],
        run_id=None,
    )
    assert (result.stored, result.clustered) == (2, 3)
    found = stories_of(db)
    story = found["https://kyodo.test/1"]
    assert story is not None
    assert found["https://jt.test/1"] == story
    assert found["https://kt.test/1"] == story
    assert found["https://jt.test/2"] is None
    lead, count, title = db.execute(
        "SELECT a.url, s.article_count, s.title FROM stories s"
        " JOIN articles a ON a.id = s.lead_article_id"
    ).fetchone()
    assert (lead, count, title) == ("https://kyodo.test/1", 3, wire_text[:40])

    [listed] = list_stories(db, since=None, limit=10)
    assert listed.outlets == ["japan_today", "korea_times", "kyodo_english"]
    assert listed.articles[0].url == "https://kyodo.test/1"
    assert [a.is_lead for a in listed.articles] == [True, False, False]


def test_without_a_wire_original_the_earliest_published_leads(db: psycopg.Connection) -> None:
    text = body("japan-upper-house-result")
    store_articles(
        db,
        [
            row("outlet_b", "https://b.test/1", republished(text), at=T0 + timedelta(hours=1)),
            row("outlet_a", "https://a.test/1", text, at=T0),
        ],
        run_id=None,
    )
    lead = db.execute(
        "SELECT a.url FROM stories s JOIN articles a ON a.id = s.lead_article_id"
    ).fetchone()
    assert lead == ("https://a.test/1",)
    assert len(set(stories_of(db).values())) == 1


def test_same_outlet_copy_under_a_new_url_is_a_revision_not_a_story_member(
    db: psycopg.Connection,
) -> None:
    text = body("tokyo-governor-housing")
    first = store_articles(db, [row("outlet_a", "https://a.test/v1", text)], run_id=None)
    updated = text + "\n\nThis story has been updated with comment from the ministry."
    later = T0 + timedelta(hours=3)
    second = store_articles(
        db, [row("outlet_a", "https://a.test/v2-updated", updated, at=later)], run_id=None
    )
    assert (second.stored, second.revised) == (0, 1)
    assert second.article_ids == first.article_ids
    assert db.execute("SELECT count(*), count(story_id) FROM articles").fetchone() == (1, 0)
    urls = db.execute("SELECT url FROM article_urls ORDER BY url").fetchall()
    assert urls == [("https://a.test/v1",), ("https://a.test/v2-updated",)]
    assert db.execute("SELECT body FROM articles").fetchone() == (updated,)
    assert db.execute("SELECT body, changed_fields FROM article_revisions").fetchall() == [
        (text, ["body"])
    ]


def test_two_copies_in_one_batch(db: psycopg.Connection) -> None:
    text = body("seoul-budget-standoff")
    result = store_articles(
        db,
        [
            row("outlet_a", "https://a.test/1", text),
            row("outlet_a", "https://a.test/1-again", text + "\n\nA line the outlet added."),
            row("outlet_b", "https://b.test/1", republished(text)),
        ],
        run_id=None,
    )
    # The outlet's second URL is the same article; the other outlet's copy is a story member.
    assert (result.stored, result.duplicate) == (2, 1)
    assert result.article_ids[0] == result.article_ids[1]
    found = stories_of(db)
    assert found["https://a.test/1"] is not None
    assert found["https://a.test/1"] == found["https://b.test/1"]
    assert db.execute(
        "SELECT article_id FROM article_urls WHERE url = %s", ("https://a.test/1-again",)
    ).fetchone() == (result.article_ids[0],)


def test_copies_far_apart_in_time_are_not_one_story(db: psycopg.Connection) -> None:
    text = body("okinawa-base-relocation")
    store_articles(db, [row("outlet_a", "https://a.test/1", text)], run_id=None)
    store_articles(
        db,
        [row("outlet_b", "https://b.test/1", republished(text), at=T0 + timedelta(days=30))],
        run_id=None,
        stories=StoryOptions(story_window_days=7),
    )
    assert set(stories_of(db).values()) == {None}


def test_thresholds_decide(db: psycopg.Connection) -> None:
    text = body("japan-defense-budget-record")
    store_articles(db, [row("outlet_a", "https://a.test/1", text)], run_id=None)
    store_articles(
        db,
        [row("outlet_b", "https://b.test/1", republished(text))],
        run_id=None,
        stories=StoryOptions(story_similarity=0.99),
    )
    assert set(stories_of(db).values()) == {None}


def test_rows_without_sketches_join_no_story(db: psycopg.Connection) -> None:
    text = body("taiwan-defense-special-budget")
    store_articles(
        db,
        [
            row("outlet_a", "https://a.test/1", text, sketched=False),
            row("outlet_b", "https://b.test/1", republished(text), sketched=False),
        ],
        run_id=None,
    )
    assert set(stories_of(db).values()) == {None}
    assert db.execute("SELECT count(*) FROM article_lsh").fetchone() == (0,)


def test_an_amp_or_mobile_spelling_of_a_stored_url_is_that_article(
    db: psycopg.Connection,
) -> None:
    text = body("hong-kong-district-councils")
    first = store_articles(db, [row("metro", "https://www.metro.test/news/1/", text)], run_id=None)
    # The AMP page's extracted body differs (no embeds), and it names no canonical URL.
    amp_text = text.rsplit("\n\n", 1)[0]
    again = store_articles(
        db,
        [row("metro", "https://amp.metro.test/news/1/amp?outputType=amp", amp_text)],
        run_id=None,
        stories=StoryOptions(same_article_similarity=1.0),  # only the URL key can match
    )
    assert again.article_ids == first.article_ids
    assert again.stored == 0
    keys = db.execute("SELECT url, url_key FROM article_urls ORDER BY url").fetchall()
    assert keys == [
        ("https://amp.metro.test/news/1/amp?outputType=amp", "metro.test/news/1"),
        ("https://www.metro.test/news/1/", "metro.test/news/1"),
    ]


def test_dedupe_config_table(tmp_path: Path) -> None:
    config = parse_config({"dedupe": {"story_similarity": 0.5, "story_window_days": 3}})
    assert config.dedupe == DedupeConfig(story_similarity=0.5, story_window_days=3)
    assert story_options(config.dedupe) == StoryOptions(
        story_similarity=0.5, same_article_similarity=0.8, story_window_days=3
    )
    assert parse_config({"dedupe": {"story_similarity": 1}}).dedupe.story_similarity == 1.0
    with pytest.raises(ConfigError, match=r"dedupe\.story_similarty"):
        parse_config({"dedupe": {"story_similarty": 0.5}})
