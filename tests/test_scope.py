"""politics_reason: url, section, keywords (en/ja/ko/zh) with a threshold, unfiltered."""

from __future__ import annotations

import pytest

from crawler.sources.model import Source
from polwire.core.scope import politics_reason

FILTERED = Source(
    name="jt",
    politics_filter=True,
    politics_patterns=(r"/category/politics/",),
    politics_sections=("Politics",),
)


def reason(
    url: str = "https://example.com/a", section: str | None = None, title: str = "", body: str = ""
) -> str | None:
    return politics_reason(FILTERED, url=url, section=section, title=title, body=body)


def test_unfiltered_source() -> None:
    source = Source(name="any", politics_filter=False)
    assert politics_reason(source, url="u", section=None, title="Cats", body="") == "unfiltered"


def test_url_pattern() -> None:
    assert reason(url="https://japantoday.com/category/politics/x") == "url"


def test_section_matches_case_insensitively() -> None:
    assert reason(section="politics") == "section"


@pytest.mark.parametrize(
    ("title", "body"),
    [
        (
            "Ruling party wins election",
            "The opposition lost seats in parliament. The prime minister "
            "said the cabinet would act.",
        ),
        ("首相、衆院解散を表明", "与党と野党は国会で選挙日程を協議した。"),
        ("국회, 예산안 통과", "여당과 야당은 대통령의 선거 공약을 두고 국회에서 논쟁했다."),
        ("全国人大常委会闭幕", "会议通过法案，国务院总理出席。选举工作会议也召开。"),
    ],
)
def test_keywords_in_four_languages(title: str, body: str) -> None:
    assert reason(title=title, body=body) == "keywords"


def test_sports_story_is_off_topic() -> None:
    title = "Ohtani hits 50th home run as Dodgers clinch playoff spot"
    body = (
        "Ohtani hit his 50th home run in the baseball season. The prime minister congratulated "
        "him after the match."
    )
    assert reason(title=title, body=body) is None


def test_one_political_word_is_not_enough() -> None:
    assert reason(title="Tokyo weather", body="The minister said it will rain.") is None
