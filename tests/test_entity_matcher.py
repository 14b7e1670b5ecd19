"""The entity tagger's rules, one per test: full names in every script, short forms only with
evidence, office words resolved by the article's date and countries, homonyms, word guards."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from polwire.entities.loader import load_gazetteer
from polwire.entities.matcher import MAX_TEXT_CHARS, Matcher
from polwire.entities.offices import load_office_words

SAMPLE = Path(__file__).parent / "support" / "entities_sample.toml"
SEPT_2025 = date(2025, 9, 8)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_gazetteer([SAMPLE]), load_office_words())


@pytest.mark.parametrize(
    ("title", "language", "entity"),
    [
        ("石破茂首相が訪米", "ja", "jp-ishiba-shigeru"),
        ("Shigeru Ishiba visits Washington", "en", "jp-ishiba-shigeru"),
        ("이재명, 방일 예정", "ko", "kr-lee-jae-myung"),
        ("习近平会见外宾", "zh-Hans", "cn-xi-jinping"),
        ("習近平會見外賓", "zh-Hant", "cn-xi-jinping"),  # traditional, derived by OpenCC
        ("赖清德发表讲话", "zh-Hans", "tw-lai-ching-te"),  # simplified, derived by OpenCC
        ("I Jaemyeong in Tokyo", "en", "kr-lee-jae-myung"),  # romanized from Hangul
    ],
)
def test_full_names_tag_in_every_script(
    matcher: Matcher, title: str, language: str, entity: str
) -> None:
    assert matcher.tag(title, "", day=SEPT_2025, language=language) == {entity: 1}


def test_short_form_alone_does_not_tag(matcher: Matcher) -> None:
    assert matcher.tag("石破氏が会見", "石破氏は語った。", day=None, language="ja") == {}


def test_short_form_tags_with_the_full_name_on_the_page(matcher: Matcher) -> None:
    tags = matcher.tag("石破氏が会見", "石破茂氏は8日、石破氏の後任について語った。", language="ja")
    assert tags == {"jp-ishiba-shigeru": 3}


def test_short_form_beside_an_office_held_that_day(matcher: Matcher) -> None:
    assert matcher.tag("石破首相が訪米", "", day=SEPT_2025, language="ja") == {
        "jp-ishiba-shigeru": 1
    }


def test_short_form_beside_an_office_not_held_that_day(matcher: Matcher) -> None:
    # Ishiba was not prime minister in 2023: 石破首相 on a 2023 page is no evidence.
    assert matcher.tag("石破首相が訪米", "", day=date(2023, 5, 1), language="ja") == {}


def test_english_title_before_the_name(matcher: Matcher) -> None:
    tags = matcher.tag("Prime Minister Ishiba meets Trump", "", day=SEPT_2025, countries=["JP"])
    assert tags == {"jp-ishiba-shigeru": 1}


def test_one_letter_korean_short_form_with_its_office(matcher: Matcher) -> None:
    assert matcher.tag("윤 대통령, 방미", "", day=date(2023, 4, 25), language="ko") == {
        "kr-yoon-suk-yeol": 1
    }


def test_one_letter_short_form_inside_a_word_does_not_tag(matcher: Matcher) -> None:
    assert matcher.tag("윤리위원회 개최", "윤리 문제", day=date(2023, 4, 25), language="ko") == {}


@pytest.mark.parametrize(
    ("day", "holder"),
    [
        (date(2025, 9, 8), "jp-ishiba-shigeru"),
        (date(2023, 9, 8), "jp-kishida-fumio"),
        (date(2025, 11, 1), "jp-takaichi-sanae"),
    ],
)
def test_bare_office_word_names_the_holder_of_the_day(
    matcher: Matcher, day: date, holder: str
) -> None:
    assert matcher.tag("首相が所信表明", "", day=day, countries=["JP"], language="ja") == {
        holder: 1
    }


def test_bare_office_word_without_a_date_does_not_tag(matcher: Matcher) -> None:
    assert matcher.tag("首相が所信表明", "", day=None, countries=["JP"], language="ja") == {}


def test_bare_office_word_on_a_page_about_another_country(matcher: Matcher) -> None:
    # 首相 names Japan's prime minister only: a page about the US names no holder.
    assert matcher.tag("首相が声明", "", day=SEPT_2025, countries=["US"], language="ja") == {}


def test_english_bare_office_follows_the_page_countries(matcher: Matcher) -> None:
    tags = matcher.tag("The president said", "", day=date(2023, 4, 25), countries=["KR", "US"])
    assert tags == {"kr-yoon-suk-yeol": 1}


def test_former_office_word_names_an_earlier_holder(matcher: Matcher) -> None:
    assert matcher.tag("岸田前首相が講演", "", day=SEPT_2025, language="ja") == {
        "jp-kishida-fumio": 1
    }


def test_shared_surname_never_tags_without_evidence(matcher: Matcher) -> None:
    assert matcher.tag("Kim says talks are over", "Kim spoke on Monday.", day=SEPT_2025) == {}


def test_shared_surname_goes_to_the_person_named_in_full(matcher: Matcher) -> None:
    tags = matcher.tag("Kim Jong Un visits a factory", "Kim said output must grow.")
    assert tags == {"kp-kim-jong-un": 2}


@pytest.mark.parametrize(
    ("countries", "party"),
    [(["JP"], "jp-democratic-party-of-japan"), (["US"], "us-democratic-party")],
)
def test_party_name_two_parties_share_follows_the_page_countries(
    matcher: Matcher, countries: list[str], party: str
) -> None:
    assert matcher.tag("民主党が反発", "", countries=countries, language="ja") == {party: 1}


def test_party_name_two_parties_share_on_a_page_about_both(matcher: Matcher) -> None:
    assert matcher.tag("民主党が反発", "", countries=["US", "JP"], language="ja") == {}


def test_party_short_form_tags_on_a_page_about_its_country(matcher: Matcher) -> None:
    assert matcher.tag("自民党総裁選", "LDP members vote.", countries=["JP"], language="ja") == {
        "jp-liberal-democratic-party": 2
    }


def test_two_letter_short_form_inside_a_longer_word(matcher: Matcher) -> None:
    # 自民 (the LDP) inside 自民族 (one's own people) is no mention.
    assert matcher.tag("自民族中心主義を批判", "", countries=["JP"], language="ja") == {}


def test_latin_forms_need_word_boundaries(matcher: Matcher) -> None:
    text = "Ishibashi and Laird met; Xiamen and the LDPR."
    assert matcher.tag("Shigeru Ishiba", text, countries=["JP"]) == {"jp-ishiba-shigeru": 1}


def test_lower_case_short_form_is_no_name(matcher: Matcher) -> None:
    assert matcher.tag("Donald Trump", "a trump card", day=SEPT_2025) == {"us-trump-donald": 1}


def test_hostile_text_is_bounded(matcher: Matcher) -> None:
    body = ("石破" * 10 + "\x00İ") * (MAX_TEXT_CHARS // 10)
    assert matcher.tag("", body + "石破茂", language="ja") == {}


def test_party_short_form_on_an_english_page_about_no_known_country(matcher: Matcher) -> None:
    assert matcher.tag("LDP wins", "The LDP won.", countries=[], language="en") == {}


def test_bare_office_word_on_an_english_page_about_no_known_country(matcher: Matcher) -> None:
    assert matcher.tag("The prime minister said", "", day=SEPT_2025, language="en") == {}


def test_full_name_that_is_also_a_place_needs_evidence() -> None:
    from polwire.entities.model import Entity, Office

    jordan = Entity(
        id="xx-jordan",
        kind="person",
        name="Jordan",
        country="MN",
        names={"en": ("Jordan",)},
        offices=(Office(office="head_of_government", of="MN", start=date(2024, 1, 1)),),
    )
    words = load_office_words()
    tagger = Matcher([jordan], words)
    assert (
        tagger.tag("Talks in Jordan", "", day=SEPT_2025, countries=["MN"]),
        tagger.tag("Prime Minister Jordan said", "", day=SEPT_2025, countries=["MN"]),
    ) == ({}, {"xx-jordan": 1})
