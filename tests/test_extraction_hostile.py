"""Hostile real input: lying charsets, control characters, date lines, credits, broken JSON-LD."""

from __future__ import annotations

import pytest

from crawler.extraction import decode_html, extract
from crawler.extraction.body import is_date_furniture
from crawler.extraction.record import extract_record
from polwire.core.text import clean_body, clean_line, strip_controls

URL = "https://news.example.org/politics/2025/03/12/budget-debate"

STORY = (
    "<p>The finance minister presented the draft budget to parliament on Tuesday, "
    "promising to cut the deficit by half within three years.</p>"
    "<p>Opposition lawmakers said the plan relied on growth forecasts that the "
    "central bank had already revised downwards twice this year.</p>"
    "<p>The debate is expected to last until the end of the week, with a first "
    "vote scheduled for Friday afternoon.</p>"
)


def _page(head: str = "", body: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


# --- charsets -------------------------------------------------------------------


PORTUGUESE = (
    "<h1>Educação pública em debate</h1><article>"
    "<p>O ministro da Educação anunciou ontem um plano de expansão das escolas "
    "técnicas, com ênfase na formação de professores e na avaliação contínua.</p>"
    "<p>A oposição criticou a proposta, que não prevê recursos para a região Nordeste.</p>"
    "</article>"
)


def test_windows_1252_behind_a_lying_utf8_meta_is_read_as_windows_1252() -> None:
    raw = _page('<meta charset="utf-8"><title>Educação</title>', PORTUGUESE).encode("cp1252")
    text, encoding = decode_html(raw, None)
    assert encoding == "cp1252"
    assert "Educação pública" in text


def test_unlabeled_western_page_is_windows_1252() -> None:
    raw = _page("<title>Educação</title>", PORTUGUESE).encode("cp1252")
    record = extract_record(raw, url=URL)
    assert record.title == "Educação pública em debate"
    assert record.body is not None and "ênfase na formação" in record.body


def test_valid_utf8_stays_utf8_whatever_the_meta_says() -> None:
    raw = _page('<meta charset="windows-1252">', PORTUGUESE).encode("utf-8")
    text, encoding = decode_html(raw, None)
    assert encoding == "utf-8"
    assert "Educação pública" in text


def test_cyrillic_bytes_mislabeled_as_utf8_are_not_forced_to_windows_1252() -> None:
    russian = "<p>Государственная дума приняла закон о федеральном бюджете на следующий год.</p>"
    raw = _page('<meta charset="utf-8">', russian).encode("cp1251")
    text, _encoding = decode_html(raw, None)
    assert "Государственная дума" in text


def test_central_european_bytes_are_not_read_as_windows_1252() -> None:
    polish = "<p>Rząd przyjął ustawę o budżecie, mówił minister. Posłowie głosowali długo.</p>"
    text, _encoding = decode_html(_page("", polish).encode("cp1250"), None)
    assert "przyjął" in text


# --- control characters -----------------------------------------------------------


def test_strip_controls_keeps_newlines_and_tabs_only() -> None:
    assert strip_controls("Budget\x00 debate\x07\tnow\r\nnext\x0bline\x9f") == (
        "Budget debate\tnow\nnext line"
    )


def test_soft_hyphens_do_not_split_words() -> None:
    assert clean_line("Mit\u00adtel\u00adal\u00adter") == "Mittelalter"


def test_clean_body_removes_controls_in_every_paragraph() -> None:
    assert clean_body("One\x00 two\x1b.\n\nThree\x01.") == "One two.\n\nThree."


def test_nul_in_title_and_body_is_dropped_not_replaced() -> None:
    raw = _page(
        '<title>Budget\x00 debate</title><meta property="og:title" content="Budget\x00 debate">',
        "<h1>Budget\x00 debate</h1><article>"
        + STORY.replace("Tuesday", "Tues\x00day")
        + "</article>",
    ).encode("utf-8")
    record = extract_record(raw, url=URL)
    assert record.title == "Budget debate"
    assert record.body is not None and "Tuesday" in record.body
    fields = [record.title, record.body, record.section, *record.authors]
    assert not any("\ufffd" in f or "\x00" in f for f in fields if f)


def test_controls_the_parser_keeps_leave_every_field() -> None:
    # Only NUL goes before parsing: the others reach the tree and must leave with the
    # fields' cleaning, the declared URL's included.
    raw = _page(
        '<title>Budget\x01 debate</title><meta name="author" content="Ana\x02 Silva">'
        '<link rel="canonical" href="https://news.example.org/politics/bud\x01get">',
        "<h1>Budget\x07 debate</h1><article>"
        + STORY.replace("Tuesday", "Tues\x1fday").replace("draft budget", "draft\x0bbud\x85get")
        + "</article>",
    ).encode("utf-8")
    record = extract_record(raw, url=URL)
    assert record.title == "Budget debate"
    assert record.authors == ["Ana Silva"]
    assert record.declared_url == "https://news.example.org/politics/budget"
    assert record.body is not None
    assert "the draft budget to parliament on Tuesday, promising" in record.body
    fields = [record.title, record.body, record.declared_url, *record.authors]
    assert not any(char in f for f in fields if f for char in "\x01\x02\x07\x0b\x1f")


def test_controls_in_json_ld_author_and_section_are_dropped() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Budget debate",'
        ' "author": {"@type": "Person", "name": "Ana\\u0000 Silva"},'
        ' "articleSection": "Poli\\u0007tics"}</script>'
    )
    record = extract_record(_page(head, "<article>" + STORY + "</article>").encode(), url=URL)
    assert record.authors == ["Ana Silva"]
    assert record.section == "politics"


# --- date furniture ---------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Updated 3 hours ago",
        "soon",
        "Sep. 8, 2025 | 03:10 pm JST",
        "Montag, 12. März 2024, 10:32 Uhr",
        "12.03.2024",
        "2025年9月8日 15:10",
        "vor 2 Stunden",
    ],
)
def test_date_lines_are_furniture(line: str) -> None:
    assert is_date_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "On May 5, 2020 the minister resigned.",
        "SEOUL",
        "Chapter 1",
        "The vote is set for Friday.",
    ],
)
def test_sentences_are_not_date_furniture(line: str) -> None:
    assert not is_date_furniture(line)


def test_time_element_and_update_line_do_not_open_the_body() -> None:
    body = (
        "<h1>Budget debate opens</h1><article>"
        '<time datetime="2025-03-12T09:00:00Z">12 March 2025</time>'
        "<p>Updated 3 hours ago</p><p><time>soon</time></p>" + STORY + "</article>"
    )
    result = extract(_page("", body).encode(), url=URL)
    assert result.body is not None
    assert result.body.startswith("The finance minister presented")


# --- credits after the story --------------------------------------------------------


@pytest.mark.parametrize(
    ("credit", "wire"),
    [("© Thomson Reuters 2025.", "Reuters"), ("(c) Kyodo", "Kyodo")],
)
def test_credit_line_after_the_container_sets_wire(credit: str, wire: str) -> None:
    body = (
        "<h1>Budget debate opens</h1><div class='page'>"
        f"<div class='story-text'>{STORY}</div><p class='small'>{credit}</p>"
        "<div class='more'><p>" + "Other news from the region and beyond. " * 10 + "</p></div>"
        "</div><footer><p>© 2025 Example Media Inc. All rights reserved.</p></footer>"
    )
    result = extract(_page("", body).encode(), url=URL)
    assert result.wire == wire
    assert result.body is not None and credit not in result.body


def test_site_copyright_in_the_footer_sets_no_wire() -> None:
    body = (
        "<h1>Budget debate opens</h1><article>" + STORY + "</article>"
        "<footer><p>© 2025 Example Media Inc. All rights reserved.</p></footer>"
    )
    assert extract(_page("", body).encode(), url=URL).wire is None


# --- broken JSON-LD and script markup ---------------------------------------------------


@pytest.mark.parametrize(
    "jsonld",
    [
        '{"@type": "NewsArticle", "headline": "Budget debate", ',  # cut short
        "{not json at all}",
        '"just a string"',
        "42",
        "[null, 1, [], {}]",
        '{"@type": 7, "headline": ["Budget debate", 3], "author": 12, "datePublished": [2025]}',
        '{"@type": "NewsArticle", "headline": {"@value": null}, "author": [null, {"name": 5}],'
        ' "datePublished": {"x": 1}, "articleBody": 99, "articleSection": ["", null]}',
        '{"@graph": "oops", "@type": ["NewsArticle", null], "publisher": "Example"}',
        '{"@type": "NewsArticle", "headline": "Budget debate<script>alert(1)</script>",'
        ' "articleBody": "<p>Text</p><script>var leak = 1;</script>"}',
        '{"@type": "NewsArticle", "headline": "<b>Budget debate</b><script>alert(1)<\\/script>",'
        ' "author": {"@type": "Person", "name": "<span>{{author}}</span>"}}',
    ],
)
def test_broken_json_ld_never_breaks_extraction_or_leaks(jsonld: str) -> None:
    head = f'<title>Budget debate</title><script type="application/ld+json">{jsonld}</script>'
    record = extract_record(
        _page(head, "<h1>Budget debate</h1><article>" + STORY + "</article>").encode(), url=URL
    )
    assert record.title == "Budget debate"
    assert record.body is not None and record.body.startswith("The finance minister")
    for value in (record.title, record.body, record.section, *record.authors):
        assert value is None or ("<" not in value and "{" not in value and "alert" not in value)


def test_script_markup_in_article_body_json_ld_does_not_leak() -> None:
    head = (
        '<title>Budget debate</title><script type="application/ld+json">'
        '{"@type": "NewsArticle", "headline": "Budget debate", "articleBody": "'
        + "The minister spoke at length about the budget and the deficit. " * 10
        # Inside a script element a site must write "<\\/script>", as JSON allows.
        + '<script>window.leak = 1;<\\/script><style>p{color:red}<\\/style>"}</script>'
    )
    record = extract_record(_page(head, "<div id='app'></div>").encode(), url=URL)
    assert record.body is not None and "minister spoke" in record.body
    assert "leak" not in record.body and "color" not in record.body


def test_script_text_inside_paragraphs_does_not_leak() -> None:
    story = STORY.replace("Tuesday,", "Tuesday,<script>document.write('x')</script>")
    record = extract_record(
        _page("", "<h1>Budget debate</h1><article>" + story + "</article>").encode(), url=URL
    )
    assert record.body is not None and "document.write" not in record.body


def test_seed_page_credit_printed_after_its_container_sets_wire() -> None:
    from tests.extraction_seed_page import SEED_URL, seed_page_html

    credit = "        <p>© Thomson Reuters 2025.</p>\n"
    page = seed_page_html()
    assert credit in page
    # The credit moved out of the text container, to just after it (as many sites print it).
    page = page.replace(credit, "").replace("    </article>", "    </article>\n" + credit, 1)
    result = extract(page.encode("utf-8"), url=SEED_URL)
    assert result.wire == "Reuters"
    assert result.body is not None and "Thomson Reuters" not in result.body
