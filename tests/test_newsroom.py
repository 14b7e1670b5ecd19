"""The team's test newsroom is what the crawl tests take it for: every page extracts to the fields
its story declares, and no two stories are near-copies of each other."""

from __future__ import annotations

from datetime import datetime
from itertools import combinations

import pytest

from crawler.extraction import extract
from polwire.core.minhash import sketch_text
from polwire.core.text import word_count
from tests.support.newsroom import BY_SLUG, story_names
from tests.support.newsroom_pages import amp_page, story_page
from tests.support.newsroom_stories import OFF_TOPIC, Story

URL = "https://harbour-times.test/news/{}.html"


def fields(name: str, html: bytes) -> dict[str, object]:
    result = extract(html, url=URL.format(name))
    return {
        "title": result.title,
        "published": result.published,
        "authors": result.authors,
        "section": result.section,
        "language": result.language,
        "wire": result.wire,
        "body": result.body,
        "is_article": result.is_article,
    }


def expected(story: Story) -> dict[str, object]:
    return {
        "title": story.title,
        "published": datetime.fromisoformat(story.published),
        "authors": list(story.authors),
        "section": story.expected_section,
        "language": story.language,
        "wire": story.wire,
        "body": story.body,
        "is_article": True,
    }


@pytest.mark.parametrize("name", story_names())
def test_story_page_extracts_to_its_declared_fields(name: str) -> None:
    assert fields(name, story_page(BY_SLUG[name], URL.format(name))) == expected(BY_SLUG[name])


@pytest.mark.parametrize("story", OFF_TOPIC, ids=lambda s: s.slug)
def test_off_topic_page_extracts_to_its_declared_fields(story: Story) -> None:
    assert fields(story.slug, story_page(story, URL.format(story.slug))) == expected(story)


def test_amp_twin_carries_the_same_story() -> None:
    name = story_names()[1]
    got = fields(name, amp_page(BY_SLUG[name], URL.format(name)).encode())
    assert (got["title"], got["body"]) == (BY_SLUG[name].title, BY_SLUG[name].body)


def test_the_newsroom_has_what_the_crawl_tests_need() -> None:
    stories = list(BY_SLUG.values())
    assert len(stories) >= 40
    assert {s.language for s in stories} == {"en", "ja", "ko", "zh"}
    assert {s.template for s in stories} == {"jsonld", "opengraph", "plain"}
    assert {s.wire for s in stories} >= {"Reuters", "Kyodo", "Yonhap", "Xinhua", "AFP", None}
    assert min(word_count(s.body) for s in stories) >= 40  # validation's min_body_words


def test_no_two_stories_are_near_copies() -> None:
    """Stories (0.4) and same-article (0.8) dedupe must never join two different stories."""
    sketches = {name: sketch_text(BY_SLUG[name].body) for name in story_names()}
    closest = max(
        (a.jaccard(b), x, y)  # type: ignore[union-attr]
        for (x, a), (y, b) in combinations(sketches.items(), 2)
    )
    assert closest[0] < 0.1, closest
