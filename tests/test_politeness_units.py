"""The parts of crawler.politeness: Crawl-delay and Retry-After reading, slot pacing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy.core.downloader import Slot

from crawler.politeness.pacing import MIN_SLOT_DELAY, SlotPacer
from crawler.politeness.retry_after import retry_after_seconds
from crawler.politeness.robots_delay import crawl_delay

UA = "polwire/0.1 (+https://github.com/polwire/polwire; politics news archiver)"
NOW = datetime(2025, 9, 8, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("robots", "expected"),
    [
        ("User-agent: *\nCrawl-delay: 1\n", 1.0),
        ("User-agent: *\nCrawl-delay: 2.5\nDisallow: /x\n", 2.5),
        # Our own group wins over the wildcard one.
        ("User-agent: *\nCrawl-delay: 1\n\nUser-agent: polwire\nCrawl-delay: 4\n", 4.0),
        ("User-agent: Googlebot\nCrawl-delay: 9\n", None),
        ("User-agent: *\nDisallow: /private/\n", None),
        ("User-agent: *\nCrawl-delay: soon\n", None),
        ("User-agent: *\nCrawl-delay: 0\n", None),
        ("", None),
    ],
)
def test_crawl_delay(robots: str, expected: float | None) -> None:
    assert crawl_delay(robots.encode(), UA) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (b"2", 2.0),
        (b" 120 ", 120.0),
        (b"Mon, 08 Sep 2025 12:00:30 GMT", 30.0),
        ("Mon, 08 Sep 2025 12:01:00 GMT", 60.0),
        (b"Mon, 08 Sep 2025 11:00:00 GMT", 0.0),  # already past: retry now
        (b"-5", None),
        (b"tomorrow", None),
        (b"", None),
        (None, None),
    ],
)
def test_retry_after_seconds(header: bytes | str | None, expected: float | None) -> None:
    assert retry_after_seconds(header, NOW) == expected


def test_floor_outlasts_a_lower_delay_and_narrows_the_jitter() -> None:
    pacer, slot = SlotPacer(), Slot(concurrency=2, delay=0.2, jitter=0.5)
    pacer.set_floor("example.com", 1.0)
    pacer.apply("example.com", slot, now=100.0)
    assert (slot.delay, slot.jitter) == (1.0, 0.0)  # every draw of the delay is >= 1 s
    slot.delay = 4.0  # AutoThrottle went higher: the floor leaves it, jitter may come back
    pacer.apply("example.com", slot, now=101.0)
    assert (slot.delay, slot.jitter) == (4.0, 0.5)
    slot.delay = 0.3  # AutoThrottle went lower: back to the floor
    pacer.apply("example.com", slot, now=102.0)
    assert (slot.delay, slot.jitter) == (1.0, 0.0)


def test_every_slot_keeps_a_positive_delay() -> None:
    pacer, slot = SlotPacer(), Slot(concurrency=2, delay=0.0, jitter=0.5)
    pacer.apply("example.com", slot, now=0.0)
    assert slot.delay == MIN_SLOT_DELAY and slot.jitter == 0.5


def test_pause_holds_the_slot_whatever_the_jitter_draws() -> None:
    pacer, slot = SlotPacer(), Slot(concurrency=2, delay=0.5, jitter=0.5)
    slot.lastseen = 99.0
    pacer.pause("example.com", slot, 2.0, now=100.0)
    assert slot.delay == 2.0
    # The downloader sends when now - lastseen >= a delay drawn in delay * (1 +- jitter).
    shortest = slot.delay * (1 - slot.jitter)
    assert slot.lastseen + shortest == pytest.approx(102.0)
    slot.delay = 1.0  # AutoThrottle lowered it during the pause: the pause still holds
    pacer.apply("example.com", slot, now=100.5)
    assert slot.lastseen + slot.delay * (1 - slot.jitter) == pytest.approx(102.0)
    pacer.apply("example.com", slot, now=102.5)
    assert "example.com" not in pacer.paused_until


def test_a_long_pause_leaves_a_delay_no_longer_than_the_ceiling() -> None:
    pacer, slot = SlotPacer(max_delay=60.0), Slot(concurrency=2, delay=1.0, jitter=0.5)
    pacer.pause("example.com", slot, 300.0, now=100.0)
    assert slot.delay == 60.0
    # The longest draw of the delay sends the next request at most 60 s after the pause.
    longest = slot.delay * (1 + slot.jitter)
    assert slot.lastseen + longest == pytest.approx(400.0 + 60.0)
    assert slot.lastseen + slot.delay * (1 - slot.jitter) == pytest.approx(400.0)
