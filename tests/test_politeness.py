"""Politeness, measured at a local server: robots.txt Crawl-delay, Retry-After on 429/503,
per-domain concurrency and the User-Agent, through real `polwire crawl` runs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from itertools import pairwise
from pathlib import Path

import psycopg
import pytest

from tests.support.cli import polwire, write_config
from tests.support.feeds import rss
from tests.support.newsroom import BY_SLUG, story_names
from tests.support.newsroom_pages import story_page
from tests.support.server import Page, RequestRecord, SiteServer

ARTICLES = tuple(story_names(4))
WHEN = datetime(2025, 1, 1, tzinfo=UTC)
# The server stamps a request when its handler starts; a gap can read a few ms short of the
# delay the downloader kept between sends.
SLACK = 0.05


@dataclass
class Site:
    server: SiteServer
    article_paths: list[str]

    def article_requests(self) -> list[RequestRecord]:
        return [r for r in self.server.requests if r.path.startswith("/news/")]


def build_site(robots: bytes = b"User-agent: *\nDisallow: /private/\n") -> Site:
    server = SiteServer()
    paths = []
    for name in ARTICLES:
        path = f"/news/{name}.html"
        server.pages[path] = Page(story_page(BY_SLUG[name], server.url(path)))
        paths.append(path)
    server.pages["/robots.txt"] = Page(robots, "text/plain")
    server.pages["/feed.xml"] = Page(
        rss(server.base_url, [(p, WHEN) for p in paths]), "application/rss+xml"
    )
    return Site(server, paths)


@pytest.fixture
def site() -> Iterator[Site]:
    site = build_site()
    site.server.start()
    yield site
    site.server.stop()


@pytest.fixture
def slow_site() -> Iterator[Site]:
    site = build_site(robots=b"User-agent: *\nCrawl-delay: 1\n")
    site.server.start()
    yield site
    site.server.stop()


def crawl(
    site: Site, db_url: str, home: Path, tmp_path: Path, *settings: str, config_text: str = ""
) -> tuple[int, str]:
    config = write_config(
        tmp_path / "polwire.toml",
        f"""{config_text}
[[sources]]
name = "polite_site"
feeds = ["{site.server.url("/feed.xml")}"]
country = "JP"
timezone = "Asia/Tokyo"
""",
    )
    args = [a for s in settings for a in ("-s", s)]
    result = polwire(
        "crawl",
        "polite_site",
        *args,
        env={"DATABASE_URL": db_url, "POLWIRE_HOME": str(home), "POLWIRE_CONFIG": str(config)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.returncode, result.stdout


def gaps(records: list[RequestRecord]) -> list[float]:
    return [b.at - a.at for a, b in pairwise(records)]


def run_row(db: psycopg.Connection) -> tuple[str, int, dict[str, object]]:
    row = db.execute("SELECT status, items_stored, stats FROM crawl_runs").fetchone()
    assert row is not None
    return row


def test_crawl_delay_spaces_every_request_to_the_domain(
    slow_site: Site, db_url: str, polwire_home: Path, tmp_path: Path, db: psycopg.Connection
) -> None:
    crawl(slow_site, db_url, polwire_home, tmp_path)
    records = slow_site.server.requests
    assert [r.path for r in records[:2]] == ["/robots.txt", "/feed.xml"]
    assert len(slow_site.article_requests()) == len(ARTICLES)
    assert min(gaps(records)) >= 1.0 - SLACK, gaps(records)
    status, stored, stats = run_row(db)
    assert (status, stored) == ("succeeded", len(ARTICLES))
    assert stats["polwire/politeness/crawl_delay/127.0.0.1"] == 1.0
    # The identifiable User-Agent, on robots.txt, the feed and the pages alike.
    assert {r.user_agent.split(" ")[0] for r in records} == {"polwire/0.1"}
    assert all("politics news archiver" in r.user_agent for r in records)


def test_without_crawl_delay_autothrottle_goes_faster(
    site: Site, db_url: str, polwire_home: Path, tmp_path: Path
) -> None:
    """The control for the test above: the same crawl, robots.txt without Crawl-delay."""
    contact = "https://newsroom.example.org/crawler"
    crawl(site, db_url, polwire_home, tmp_path, config_text=f'[crawl]\ncontact_url = "{contact}"')
    assert min(gaps(site.server.requests)) < 0.9
    # polwire.toml's [crawl] table reaches the crawl (through crawler.config_addon).
    assert {r.user_agent for r in site.server.requests} == {
        f"polwire/0.1 (+{contact}; politics news archiver)"
    }


def _answer_once(site: Site, path: str, status: int, retry_after: str) -> None:
    """``path`` answers ``status`` with ``Retry-After: retry_after`` once, then the page."""
    page = site.server.pages.pop(path)
    answered: list[str] = []

    def fallback(requested: str) -> Page | None:
        if requested != path:
            return None
        if answered:
            return page
        answered.append(requested)
        value = retry_after
        if value == "date+3":
            value = format_datetime(datetime.now(UTC) + timedelta(seconds=3), usegmt=True)
        return Page(b"Slow down", "text/plain", status=status, headers={"Retry-After": value})

    site.server.fallback = fallback


@pytest.mark.parametrize(
    ("status", "retry_after", "wait"),
    [
        (429, "2", 2.0),
        # An HTTP date 3 s ahead, to the second: 2 to 3 s away when the crawler reads it.
        (503, "date+3", 2.0),
    ],
)
def test_retry_after_pauses_the_domain_then_fetches_the_page(
    site: Site,
    db_url: str,
    polwire_home: Path,
    tmp_path: Path,
    db: psycopg.Connection,
    status: int,
    retry_after: str,
    wait: float,
) -> None:
    throttled = site.article_paths[0]
    _answer_once(site, throttled, status, retry_after)
    crawl(site, db_url, polwire_home, tmp_path)
    records = site.server.requests
    tries = [r for r in records if r.path == throttled]
    assert len(tries) == 2, [r.path for r in records]
    assert tries[1].at - tries[0].at >= wait - SLACK
    # The whole domain waited, not only the page that was answered 429/503.
    later = [r for r in records if r.at > tries[0].at]
    assert later and min(r.at for r in later) - tries[0].at >= wait - SLACK
    status_, stored, stats = run_row(db)
    assert (status_, stored) == ("succeeded", len(ARTICLES))
    assert stats["polwire/politeness/retry_after/retries"] == 1
    assert "polwire/errors/http_429" not in stats and "polwire/errors/http_503" not in stats
    stored_urls = {u for (u,) in db.execute("SELECT url FROM article_urls")}
    assert site.server.url(throttled) in stored_urls


def test_overload_without_retry_after_backs_off_longer_each_time(
    site: Site, db_url: str, polwire_home: Path, tmp_path: Path, db: psycopg.Connection
) -> None:
    throttled = site.article_paths[0]
    page = site.server.pages.pop(throttled)
    answers: list[int] = []

    def overloaded_twice(requested: str) -> Page | None:
        if requested != throttled:
            return None
        answers.append(1)
        return page if len(answers) > 2 else Page(b"Busy", "text/plain", status=503)

    site.server.fallback = overloaded_twice
    crawl(site, db_url, polwire_home, tmp_path, "POLWIRE_BACKOFF_START=1")
    tries = [r for r in site.server.requests if r.path == throttled]
    assert len(tries) == 3
    # Paused 1 s after the first 503, then 2 s after the second (the domain, not the page).
    assert [round(g, 1) >= w - SLACK for g, w in zip(gaps(tries), (1.0, 2.0), strict=True)] == [
        True,
        True,
    ], gaps(tries)
    after_first = [r for r in site.server.requests if r.at > tries[0].at]
    assert min(r.at for r in after_first) - tries[0].at >= 1.0 - SLACK
    status, stored, stats = run_row(db)
    assert (status, stored) == ("succeeded", len(ARTICLES))
    assert stats["polwire/politeness/backoff/pauses"] == 2


def test_retry_after_beyond_the_cap_gives_the_page_up_without_hammering(
    site: Site, db_url: str, polwire_home: Path, tmp_path: Path, db: psycopg.Connection
) -> None:
    throttled = site.article_paths[0]
    _answer_once(site, throttled, 429, "3600")
    crawl(site, db_url, polwire_home, tmp_path, "POLWIRE_RETRY_AFTER_MAX=1")
    # RetryMiddleware would have asked again at once (429 is in RETRY_HTTP_CODES).
    assert site.server.count(throttled) == 1
    status, stored, stats = run_row(db)
    assert (status, stored) == ("succeeded", len(ARTICLES) - 1)
    assert stats["polwire/politeness/retry_after/gave_up"] == 1
    assert stats["polwire/errors/http_429"] == 1


def test_at_most_two_requests_in_flight_per_domain(
    site: Site, db_url: str, polwire_home: Path, tmp_path: Path
) -> None:
    """With no delay at all (AutoThrottle off), only CONCURRENT_REQUESTS_PER_DOMAIN holds."""
    for path in site.article_paths:
        site.server.pages[path].delay = 0.5
    crawl(site, db_url, polwire_home, tmp_path, "AUTOTHROTTLE_ENABLED=false")
    articles = site.article_requests()
    assert len(articles) == len(ARTICLES)
    # A page is in flight for [at, at + 0.5): count the overlaps at each arrival.
    in_flight = [sum(1 for o in articles if o.at <= r.at < o.at + 0.5) for r in articles]
    assert max(in_flight) == 2, in_flight


def test_one_page_asking_for_a_day_does_not_stall_the_other_nineteen(
    db_url: str, polwire_home: Path, tmp_path: Path, db: psycopg.Connection
) -> None:
    server = SiteServer()
    paths = []
    for name in story_names(20):
        path = f"/news/{name}.html"
        server.pages[path] = Page(story_page(BY_SLUG[name], server.url(path)))
        paths.append(path)
    stalling = paths[3]
    server.pages[stalling] = Page(
        b"Come back tomorrow", "text/plain", status=503, headers={"Retry-After": "99999"}
    )
    server.pages["/feed.xml"] = Page(
        rss(server.base_url, [(p, WHEN) for p in paths]), "application/rss+xml"
    )
    site = Site(server, paths)
    with server:
        started = datetime.now(UTC)
        crawl(site, db_url, polwire_home, tmp_path)
        elapsed = (datetime.now(UTC) - started).total_seconds()
    assert elapsed < 90
    assert server.count(stalling) == 1
    status, stored, stats = run_row(db)
    assert (status, stored) == ("succeeded", 19)
    stored_urls = {u for (u,) in db.execute("SELECT url FROM articles")}
    assert stored_urls == {server.url(p) for p in paths if p != stalling}
    assert stats["polwire/politeness/retry_after/gave_up"] == 1
