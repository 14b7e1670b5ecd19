"""Byline cleaning: what a byline prints beside the name never becomes a name."""

from __future__ import annotations

import lxml.html
import pytest
from lxml.html import HtmlElement

from crawler.extraction.authors import clean_authors
from crawler.extraction.chinese_credits import chinese_credits


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        (["Joshua Sokol May 20, 2019"], ["Joshua Sokol"]),
        (["By GILLIAN MOHNEY March 11, 2015 3:46 PM"], ["GILLIAN MOHNEY"]),
        (["By", "Joshua Sokol"], ["Joshua Sokol"]),
        (["Dan Goodin", "Email"], ["Dan Goodin"]),
        (["Ben Silverman Games", "Ben Silverman"], ["Ben Silverman"]),
        (["More by Richard Eskow"], ["Richard Eskow"]),
        (["Von Anna Schmidt"], ["Anna Schmidt"]),
    ],
)
def test_bylines(raw: list[str], names: list[str]) -> None:
    assert clean_authors(raw) == names


def test_two_people_who_share_a_first_name_stay_apart() -> None:
    assert clean_authors(["Anna Schmidt", "Anna Schmidt-Weber"]) == [
        "Anna Schmidt",
        "Anna Schmidt-Weber",
    ]


def _page(*paragraphs: str) -> HtmlElement:
    return lxml.html.fromstring(
        "<html><body>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</body></html>"
    )


@pytest.mark.parametrize(
    ("paragraphs", "names"),
    [
        (["光明日报记者 王建宏 张文攀", "土豆，曾经的救命蛋。"], ["王建宏", "张文攀"]),
        (["推动云南工业高质量发展。（记者 胡晓蓉）"], ["胡晓蓉"]),
        (["本报记者罗科苏盈发自北京"], ["罗科苏盈"]),
        (["顶端新闻·河南商报记者马俊峰/文受访者供图"], ["马俊峰"]),
        (
            ["据新华社拉萨电（记者 格桑边觉）记者近日从自治区农业农村厅获悉，今年粮食丰收。"],
            ["格桑边觉"],
        ),
        (["作者：宋怡 杨志华"], ["宋怡", "杨志华"]),
        (["正文。", "（ 责任编辑：魏喆 ）"], ["魏喆"]),
        # The reporter is the author; the editor only when no reporter is credited.
        (["编辑：苏亮", "记者 刘涛"], ["刘涛"]),
    ],
)
def test_chinese_credits(paragraphs: list[str], names: list[str]) -> None:
    assert chinese_credits(_page(*paragraphs)) == names


@pytest.mark.parametrize(
    "paragraph",
    [
        "今天下午，在国务院新闻办公室举行的发布会上，外交部发言人回答了记者提问。",
        "记者了解到，该项目将于明年投产。",
        "他召开记者会说明情况。",
    ],
)
def test_sentences_about_reporters_credit_no_one(paragraph: str) -> None:
    assert chinese_credits(_page(paragraph)) == []


def test_a_credit_in_a_link_is_another_storys() -> None:
    root = lxml.html.fromstring(
        '<html><body><p><a href="/x">相关新闻（记者 王小明）</a></p></body></html>'
    )
    assert chinese_credits(root) == []
