"""Per-site page objects against real saved pages and the seed mirror page, one field per test."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from lxml import html as lxml_html

from crawler.extraction import extract
from crawler.gazetteer import countries_in
from crawler.sites.base import VersionedPage
from crawler.sites.japan_news import JapanNewsPage
from crawler.sites.japan_today import ArticleContainerLayout, JapanTodayPage, MicrodataLayout
from crawler.sites.mainichi import MainichiPage
from crawler.sites.people_daily import PeopleDailyPage
from crawler.sites.taipei_times import TaipeiTimesPage
from tests.support.fixtures import fixture_path
from tests.support.mirrors import mirror_files

SEED_URL = (
    "https://japantoday.com/category/politics/"
    "South-Korea-Japan-defense-ministers-pledge-to-work-with-U.S.-to-deter-North-Korea-threats"
)
SEED_FILE = Path("japantoday.com") / SEED_URL.split("japantoday.com/")[1]


def seed_page() -> bytes:
    """The Japan Today mirror's seed page, its article text filled in from the seed fixture."""
    page = next(f for f in mirror_files("japan_today") if f.relative == SEED_FILE)
    return page.read_bytes()


def load(name: str, cls: type[VersionedPage], zone: str) -> tuple[VersionedPage, dict[str, object]]:
    expected = json.loads(fixture_path("news", f"{name}.json").read_text(encoding="utf-8"))
    # Fixture pages are UTF-8 whatever their meta says (fixtures README).
    tree = lxml_html.fromstring(fixture_path("news", f"{name}.html").read_bytes().decode("utf-8"))
    return cls(tree, str(expected["url"]), ZoneInfo(zone)), expected


# ---------------------------------------------------------------- The Japan News (fixture 2024-10)


@pytest.fixture(scope="module")
def japan_news() -> tuple[VersionedPage, dict[str, object]]:
    return load("jp_the_japan_news", JapanNewsPage, "Asia/Tokyo")


def test_japan_news_title(japan_news):  # type: ignore[no-untyped-def]
    page, expected = japan_news
    assert page.title() == expected["title"]


def test_japan_news_published(japan_news):  # type: ignore[no-untyped-def]
    page, expected = japan_news
    assert page.published() == datetime.fromisoformat(str(expected["published"]))


def test_japan_news_authors_come_from_the_byline(japan_news):  # type: ignore[no-untyped-def]
    # Fundus expects "新間", the JSON-LD posting account; the byline names the writers.
    page, _ = japan_news
    assert page.authors() == ["Takeo Maeda", "Tatsuya Tanoue"]


def test_japan_news_section(japan_news):  # type: ignore[no-untyped-def]
    page, _ = japan_news
    assert page.section() == "politics"


def test_japan_news_body(japan_news):  # type: ignore[no-untyped-def]
    page, expected = japan_news
    assert "\n\n".join(page.body() or []) == expected["body"]


# ---------------------------------------------------------------- Taipei Times (fixture 2024-10)


@pytest.fixture(scope="module")
def taipei_times() -> tuple[VersionedPage, dict[str, object]]:
    return load("tw_taipei_times", TaipeiTimesPage, "Asia/Taipei")


def test_taipei_times_title(taipei_times):  # type: ignore[no-untyped-def]
    page, expected = taipei_times
    assert page.title() == expected["title"]


def test_taipei_times_published(taipei_times):  # type: ignore[no-untyped-def]
    page, expected = taipei_times
    assert page.published() == datetime.fromisoformat(str(expected["published"]))


def test_taipei_times_byline_splits_into_wire_and_dateline(taipei_times):  # type: ignore[no-untyped-def]
    # Fundus keeps "AFP, MANILA" as an author; it is an agency and a place.
    page, _ = taipei_times
    assert (page.authors(), page.wire(), page.dateline()) == ([], "AFP", "MANILA")


def test_taipei_times_section(taipei_times):  # type: ignore[no-untyped-def]
    page, _ = taipei_times
    assert page.section() == "front"


def test_taipei_times_body(taipei_times):  # type: ignore[no-untyped-def]
    page, expected = taipei_times
    assert "\n\n".join(page.body() or []) == expected["body"]


# ---------------------------------------------------------------- People's Daily (fixture 2024-04)


@pytest.fixture(scope="module")
def people() -> tuple[VersionedPage, dict[str, object]]:
    return load("cn_people", PeopleDailyPage, "Asia/Shanghai")


def test_people_title_without_channel_suffix(people):  # type: ignore[no-untyped-def]
    # Fundus keeps the <title> suffix "--时政--人民网"; the h1 is the headline.
    page, expected = people
    assert page.title() == str(expected["title"]).removesuffix("--时政--人民网")


def test_people_published_keeps_the_visible_time(people):  # type: ignore[no-untyped-def]
    # Fundus has the publishdate meta (day only); the page shows 23:52 China time.
    page, _ = people
    assert page.published() == datetime(2024, 4, 24, 23, 52, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_people_authors(people):  # type: ignore[no-untyped-def]
    page, expected = people
    assert page.authors() == expected["authors"]


def test_people_wire(people):  # type: ignore[no-untyped-def]
    page, _ = people
    assert page.wire() == "Xinhua"


def test_people_body(people):  # type: ignore[no-untyped-def]
    page, expected = people
    assert "\n\n".join(page.body() or []) == expected["body"]


# ---------------------------------- Mainichi (Japanese fixture 2025-01; English shares the CMS)


@pytest.fixture(scope="module")
def mainichi() -> tuple[VersionedPage, dict[str, object]]:
    return load("jp_mainichi_shimbun", MainichiPage, "Asia/Tokyo")


def test_mainichi_title(mainichi):  # type: ignore[no-untyped-def]
    page, expected = mainichi
    assert page.title() == expected["title"]


def test_mainichi_published(mainichi):  # type: ignore[no-untyped-def]
    page, expected = mainichi
    assert page.published() == datetime.fromisoformat(str(expected["published"]))


def test_mainichi_authors(mainichi):  # type: ignore[no-untyped-def]
    page, expected = mainichi
    assert page.authors() == expected["authors"]


def test_mainichi_body(mainichi):  # type: ignore[no-untyped-def]
    page, expected = mainichi
    assert "\n\n".join(page.body() or []) == expected["body"]


# ---------------------------------------------------------------- Japan Today seed page (mirror)


@pytest.fixture(scope="module")
def expected_seed() -> dict[str, object]:
    return dict(
        json.loads(fixture_path("seed", "japan_today_2025-09-08.expected.json").read_text())
    )


@pytest.fixture(scope="module")
def seed():  # type: ignore[no-untyped-def]
    return extract(seed_page(), url=SEED_URL, timezone="Asia/Tokyo", page=JapanTodayPage)


def test_seed_title(seed, expected_seed):  # type: ignore[no-untyped-def]
    assert seed.title == expected_seed["title"]


def test_seed_published_in_tokyo(seed, expected_seed):  # type: ignore[no-untyped-def]
    assert seed.published.astimezone(ZoneInfo("Asia/Tokyo")).date() == date.fromisoformat(
        expected_seed["published_date"]
    )


def test_seed_section(seed, expected_seed):  # type: ignore[no-untyped-def]
    assert seed.section == expected_seed["section"]


def test_seed_wire(seed, expected_seed):  # type: ignore[no-untyped-def]
    assert seed.wire == expected_seed["wire"]


def test_seed_dateline(seed, expected_seed):  # type: ignore[no-untyped-def]
    assert seed.dateline == expected_seed["dateline"]


def test_seed_body_has_no_clutter(seed, expected_seed):  # type: ignore[no-untyped-def]
    assert seed.body == expected_seed["body"]


def test_seed_countries(seed, expected_seed):  # type: ignore[no-untyped-def]
    assert countries_in(seed.title, seed.body) == expected_seed["countries"]


def test_japan_today_picks_layout_version() -> None:
    new = lxml_html.fromstring(seed_page())
    old = lxml_html.fromstring(
        "<html><body><div id='article_container'><h1>Old</h1>"
        "<div id='article_info'>Sep. 8, 2016 - 10:00AM JST</div><p>Text.</p></div></body></html>"
    )
    assert (JapanTodayPage.pick(new, SEED_URL), JapanTodayPage.pick(old, SEED_URL)) == (
        MicrodataLayout,
        ArticleContainerLayout,
    )
