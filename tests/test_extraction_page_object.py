"""The generic page object: each field from the first layer that answers, site page first,
its provenance in ``layers``, and the page's tree left whole by the readers that prune."""

from __future__ import annotations

from datetime import UTC, datetime

from crawler.extraction import extract
from crawler.extraction.answer import Answer, first_answer
from crawler.extraction.generic_page import GenericPage
from crawler.extraction.parsed_page import ParsedPage
from crawler.extraction.site import SitePage

URL = "https://news.example.org/politics/2024/05/12/budget-vote"


def _page(head: str = "", body: str = "") -> str:
    paragraphs = "".join(
        f"<p>Paragraph {i} says what the council decided about the budget and why it did.</p>"
        for i in range(6)
    )
    return (
        f"<html lang='en'><head><title>Budget vote | Example News</title>{head}</head>"
        f"<body><h1>Budget vote</h1>{body}<div class='article-body'>{paragraphs}</div>"
        "</body></html>"
    )


class _SiteTitle(SitePage):
    def title(self) -> str | None:
        return "The site's own headline"

    def authors(self) -> list[str] | None:
        return []  # the site says the page names no one


def test_first_answer_takes_the_first_layer_that_answers_and_reads_no_further() -> None:
    read: list[str] = []

    def layer(name: str, value: str | None) -> tuple[str, object]:
        return name, lambda: read.append(name) or value

    answer = first_answer([layer("site", None), layer("jsonld", "x"), layer("meta", "y")])  # type: ignore[list-item]
    assert answer == Answer("x", "jsonld")
    assert read == ["site", "jsonld"]


def test_first_answer_of_no_layer_is_none() -> None:
    assert first_answer([("meta", lambda: None)]) == Answer(None, None)


def test_site_page_answer_comes_first_and_is_recorded_as_site() -> None:
    html = _page("<meta property='og:title' content='Meta headline'>")
    article = extract(html, url=URL, page=_SiteTitle)
    assert article.title == "The site's own headline"
    assert article.layers["title"] == "site"


def test_site_page_empty_author_list_is_its_answer() -> None:
    html = _page("<meta name='author' content='Jane Roe'>")
    article = extract(html, url=URL, page=_SiteTitle)
    assert article.authors == []
    assert article.layers["authors"] == "site"


def test_without_site_page_the_generic_layers_answer() -> None:
    html = _page(
        "<meta property='og:title' content='Meta headline'><meta name='author' content='Jane Roe'>"
    )
    article = extract(html, url=URL)
    assert (article.title, article.layers["title"]) == ("Meta headline", "meta")
    assert (article.authors, article.layers["authors"]) == (["Jane Roe"], "meta")


def test_jsonld_date_wins_over_meta_and_url() -> None:
    head = (
        '<script type=\'application/ld+json\'>{"@type": "NewsArticle", '
        '"datePublished": "2024-05-11T08:00:00Z"}</script>'
        "<meta property='article:published_time' content='2024-05-10T08:00:00Z'>"
    )
    article = extract(_page(head), url=URL)
    assert article.published == datetime(2024, 5, 11, 8, tzinfo=UTC)
    assert article.layers["published"] == "jsonld"


def test_date_in_url_is_the_last_layer() -> None:
    article = extract(_page(), url=URL)
    assert article.published is not None
    assert article.published.date().isoformat() == "2024-05-12"
    assert article.layers["published"] == "url"


def test_twitter_description_is_recorded_as_meta() -> None:
    article = extract(_page("<meta name='twitter:description' content='What was voted.'>"), url=URL)
    assert (article.description, article.layers["description"]) == ("What was voted.", "meta")


def test_field_without_answer_has_no_provenance() -> None:
    article = extract(_page(), url=URL)
    assert article.section == "politics"
    assert "wire" not in article.layers and article.wire is None


def test_trafilatura_reading_leaves_the_pages_tree_whole() -> None:
    # No container of prose: the body falls to trafilatura, which cleans boxes like these
    # out of the tree it reads; the fields read after the body need the page's own.
    html = (
        "<html><body><h1>Short note</h1><aside><p>Side box</p></aside><form><input></form>"
        "<footer>Footer line</footer><div>One line of text that is the whole page.</div>"
        "</body></html>"
    )
    parsed = ParsedPage(html, URL)
    page = GenericPage(parsed)
    elements = sum(1 for _ in parsed.tree.iter())
    assert page.story.layer == "generic"
    assert sum(1 for _ in parsed.tree.iter()) == elements
