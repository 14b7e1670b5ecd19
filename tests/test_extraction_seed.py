"""Acceptance check on the seed article: a generic page with clutter, no JSON-LD, no site markup."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from crawler.extraction import ExtractedArticle, extract
from tests.extraction_seed_page import SEED_URL, seed_expected, seed_page_html
from tests.support.cli import polwire


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


def test_polwire_extract_reads_the_seed_page_without_markup_hints(tmp_path: Path) -> None:
    # As the acceptance runs it: the command over a file, no --url, and a page
    # whose class names say nothing (no <article>, no "published", no "comments").
    page = re.sub(r'\s(?:class|id)="[^"]*"', "", seed_page_html())
    for tag in ("article", "nav", "footer", "figure", "figcaption"):
        page = page.replace(f"<{tag}>", "<div>").replace(f"</{tag}>", "</div>")
    path = tmp_path / "seed.html"
    path.write_text(page, encoding="utf-8")
    result = polwire("extract", "--format", "jsonl", str(path))
    assert result.returncode == 0, result.stderr
    row = json.loads(result.stdout)
    expected = seed_expected()
    assert row["title"] == expected["title"]
    assert row["published"] == "2025-09-08T15:10:00+09:00"
    assert (row["wire"], row["dateline"]) == ("Reuters", "SEOUL")
    assert row["countries"] == expected["countries"]
    assert row["section"] is None  # a file's folder is not a section
    assert row["body"] == expected["body"]


def test_polwire_extract_reads_gzipped_pages_and_names_broken_ones(tmp_path: Path) -> None:
    import gzip

    packed = tmp_path / "seed.html.gz"
    packed.write_bytes(gzip.compress(seed_page_html().encode("utf-8")))
    broken = tmp_path / "broken.html.gz"
    broken.write_bytes(gzip.compress(seed_page_html().encode("utf-8"))[:200])  # cut short
    result = polwire("extract", "--format", "jsonl", str(packed), str(broken))
    assert result.returncode == 1
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["file"] == str(packed)
    assert row["title"] == seed_expected()["title"]
    assert row["body"] == seed_expected()["body"]
    assert result.stderr.strip().startswith(f"error: {broken}: ")


_CREDIT_IN_TEXT = "        <p>© Thomson Reuters 2025.</p>\n        <p>©2025 GPlusMedia Inc.</p>\n"


@pytest.mark.parametrize(
    "block_after_article",
    [
        '<div class="article-credit"><p>© Thomson Reuters 2025.</p></div>',
        "<aside><p>© Thomson Reuters 2025.</p></aside>",
        # Share buttons, then the agency's name on a line of its own.
        '<div class="side"><div class="share"><a href="/s">Share</a> <a href="/t">Tweet</a>'
        '</div><p class="credit">Reuters</p></div>',
    ],
    ids=["credit-box", "aside", "share-box-then-agency"],
)
def test_wire_credit_in_the_block_after_the_article(block_after_article: str) -> None:
    page = seed_page_html()
    assert _CREDIT_IN_TEXT in page
    page = page.replace(_CREDIT_IN_TEXT, "").replace(
        "    </article>\n", f"    </article>\n    {block_after_article}\n", 1
    )
    article = extract(page.encode("utf-8"), url=SEED_URL)
    assert (article.wire, article.layers.get("wire")) == ("Reuters", "html")
    assert article.body == seed_expected()["body"]
