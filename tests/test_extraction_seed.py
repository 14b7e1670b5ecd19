"""Acceptance check on the seed article: a generic page with clutter, no JSON-LD, no site markup."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from crawler.extraction import ExtractedArticle, extract
from tests.extraction_seed_page import SEED_URL, seed_expected, seed_page_html


@pytest.fixture(scope="module")
def result() -> ExtractedArticle:
    return extract(seed_page_html().encode("utf-8"), url=SEED_URL)


def test_title(result: ExtractedArticle) -> None:
    assert result.title == seed_expected()["title"]


def test_published_day_in_tokyo(result: ExtractedArticle) -> None:
    assert result.published is not None
    assert result.published.astimezone(ZoneInfo("Asia/Tokyo")).date() == date(2025, 9, 8)


def test_dateline(result: ExtractedArticle) -> None:
    assert result.dateline == "SEOUL"


def test_wire(result: ExtractedArticle) -> None:
    assert result.wire == "Reuters"


def test_section(result: ExtractedArticle) -> None:
    assert result.section == "politics"


def test_body_is_exactly_the_story(result: ExtractedArticle) -> None:
    assert result.body == seed_expected()["body"]


def test_is_article(result: ExtractedArticle) -> None:
    assert result.is_article
