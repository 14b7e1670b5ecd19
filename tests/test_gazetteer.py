"""countries_in: salience order, romanizations, CJK names, the Korea split, passing mentions."""

from __future__ import annotations

import json

import pytest

from crawler.gazetteer import countries_in, load_gazetteer
from tests.support.fixtures import fixture_path


def test_seed_article_countries() -> None:
    seed = json.loads(fixture_path("seed", "japan_today_2025-09-08.expected.json").read_text())
    assert countries_in(seed["title"], seed["body"]) == seed["countries"]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("North Korea fires missile", ["KP"]),
        ("North Korean troops seen in Russia", ["KP", "RU"]),
        ("South Korea's Lee meets Xi Jinping", ["KR", "CN"]),
        ("Yoon Seok-youl indicted", ["KR"]),
        ("Yoon Suk Yeol indicted", ["KR"]),
        ("Kim Jong-un visits Pyongyang factory", ["KP"]),
        ("Legislative Yuan passes budget", ["TW"]),
        ("Kremlin says talks with White House possible", ["RU", "US"]),
        ("Takaichi wins LDP race", ["JP"]),
    ],
)
def test_title_mentions(title: str, expected: list[str]) -> None:
    assert countries_in(title, "") == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("北朝鮮が弾道ミサイル発射、韓国軍発表", ["KP", "KR"]),
        ("북한, 미사일 발사", ["KP"]),
        ("中國大陸與臺灣", ["CN", "TW"]),
        ("美国总统特朗普会见普京", ["US", "RU"]),
        ("日米首脳会談", ["JP", "US"]),
    ],
)
def test_cjk_names(title: str, expected: list[str]) -> None:
    assert countries_in(title, "") == expected


def test_korean_peninsula_names_no_country() -> None:
    assert countries_in("Tension on the Korean Peninsula", "") == []


def test_passing_mention_in_long_body_does_not_count() -> None:
    lead = "The Diet passed the budget on Friday.\n\nLawmakers in Tokyo debated for hours."
    filler = "\n\n".join(["The debate went on with many speeches about local matters."] * 60)
    body = f"{lead}\n\n{filler}\n\nOne speaker mentioned France."
    assert countries_in("Budget passes", body) == ["JP"]


def test_repeated_body_mentions_count_when_not_in_lead() -> None:
    lead = "The Diet passed the budget.\n\nLawmakers in Tokyo debated."
    body = f"{lead}\n\nChina protested.\n\nBeijing summoned the envoy."
    assert countries_in("Budget passes", body) == ["JP", "CN"]


def test_gazetteer_loads_once() -> None:
    assert load_gazetteer() is load_gazetteer()


def test_trie_pattern_matches_like_a_longest_first_alternation() -> None:
    # The compiled trie must pick the same leftmost-longest terms, with the same
    # Latin word edges, as the plain alternation it replaced for speed.
    import re

    gazetteer = load_gazetteer()

    def wrap(term: str) -> str:
        escaped = re.escape(term)
        if term[0].isascii() and term[0].isalnum():
            escaped = "(?<![A-Za-z0-9])" + escaped
        if term[-1].isascii() and term[-1].isalnum():
            escaped += "(?![A-Za-z0-9])"
        return escaped

    flat = re.compile("|".join(wrap(t) for t in sorted(gazetteer.terms, key=len, reverse=True)))
    terms = sorted(gazetteer.terms)
    glue = ["", " ", "s", "ian", "は", "-", "a"]
    text = "".join(term + glue[i % len(glue)] for i, term in enumerate(terms))
    expected = [(m.start(), m.group(0)) for m in flat.finditer(text)]
    assert [(m.start(), m.group(0)) for m in gazetteer.pattern.finditer(text)] == expected
