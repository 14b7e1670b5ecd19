"""Dates the region's pages print: era and ROC years, slashed dates, date lines by the headline,
JSON-LD of other types, and naive dates read in the zone of the text's language."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from crawler.extraction.dates import parse_date
from crawler.extraction.layered import extract

TAIPEI = ZoneInfo("Asia/Taipei")
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("民國114年3月5日", date(2025, 3, 5)),
        ("中華民國113年12月31日 10:00", date(2024, 12, 31)),
        ("令和7年9月8日 14:30", date(2025, 9, 8)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("２０２５年９月８日　１４：３０", date(2025, 9, 8)),
        ("입력 2025.09.08 오후 2:30", date(2025, 9, 8)),
        ("发布时间：2005-5-7 21:23:57", date(2005, 5, 7)),
        ("9/17/2004 5:54:13 AM", date(2004, 9, 17)),
        ("17/09/2004", date(2004, 9, 17)),
    ],
)
def test_printed_forms_of_the_region(text: str, day: date) -> None:
    parsed = parse_date(text, TAIPEI)
    assert parsed is not None and parsed.date() == day


def test_an_ambiguous_slashed_date_follows_the_callers_order() -> None:
    assert parse_date("03/04/2025", UTC) == datetime(2025, 3, 4, tzinfo=UTC)
    assert parse_date("03/04/2025", UTC, day_first=True) == datetime(2025, 4, 3, tzinfo=UTC)


def test_a_pm_time_on_a_slashed_date() -> None:
    assert parse_date("9/17/2004 5:54 PM", UTC) == datetime(2004, 9, 17, 17, 54, tzinfo=UTC)


def test_an_era_year_out_of_range_is_no_date() -> None:
    assert parse_date("令和7年13月40日", TAIPEI) is None


_PORTAL = """<html><head><title>{title}--Example News</title></head><body>
<div class="banner">2026年12月7日 星期一</div>
<table><tr><td><div class="headline">{title}</div></td></tr>
<tr><td class="info">2005-04-27 14:32更新 来源：千龙新闻网</td></tr></table>
<p>{body}</p>
<ul><li><a href="/x">Another story (2004-01-02 10:00)</a></li></ul>
</body></html>"""
_TEXT = "近日，娱乐圈被打事件频频发生。涉及赌债，感情纠葛，原因种种。" * 8


def test_a_date_line_by_a_headline_without_h1() -> None:
    page = _PORTAL.format(title="明星挨打事件回顾", body=_TEXT)
    article = extract(page.encode(), url="http://news.example.com/050427/26pbv.html")
    assert article.title == "明星挨打事件回顾"
    assert article.published == datetime(2005, 4, 27, 14, 32, tzinfo=SHANGHAI)


def test_a_page_with_no_headline_takes_no_date_line() -> None:
    page = f"<html><body><div>2026年12月7日 星期一</div><p>{_TEXT}</p></body></html>"
    article = extract(page.encode(), url="http://news.example.com/a.html")
    assert article.published is None


def test_a_date_inside_a_link_is_another_storys() -> None:
    page = (
        "<html><body><h1>明星挨打事件回顾</h1>"
        '<p><a href="/y">旧闻 2004-01-02 10:00</a></p>'
        f"<p>{_TEXT}</p></body></html>"
    )
    article = extract(page.encode(), url="http://news.example.com/a.html")
    assert article.published is None


def test_a_labelled_line_wins_over_a_closer_unlabelled_one() -> None:
    page = (
        "<html><body><h1>明星挨打事件回顾</h1><div>2005-05-01</div>"
        "<div>发布时间：2005-04-27 14:32</div>"
        f"<p>{_TEXT}</p></body></html>"
    )
    article = extract(page.encode(), url="http://news.example.com/a.html")
    assert article.published == datetime(2005, 4, 27, 14, 32, tzinfo=SHANGHAI)


def test_naive_dates_are_read_in_the_zone_of_the_texts_language() -> None:
    # No URL to guess from and no declared language: the Chinese text names the zone.
    page = (
        "<html><body><h1>明星挨打事件回顾</h1><div>2022-02-13 20:04:17</div>"
        f"<p>{_TEXT}</p></body></html>"
    )
    article = extract(page.encode(), url="file:///tmp/page.html")
    assert article.language == "zh"
    assert article.published == datetime(2022, 2, 13, 20, 4, 17, tzinfo=SHANGHAI)


def test_a_claim_review_dates_the_page() -> None:
    page = (
        '<html><head><script type="application/ld+json">'
        '{"@type": "ClaimReview", "datePublished": "2024-11-05T08:00:00+09:00"}'
        "</script></head><body><h1>Fact check</h1>"
        f"<p>{'The claim was checked against the record. ' * 20}</p></body></html>"
    )
    article = extract(page.encode(), url="https://factcheck.example.org/claims/1")
    assert article.published == datetime(2024, 11, 5, 8, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
