"""Per-domain pacing on Scrapy's downloader slots: delay floors and pauses that neither
AutoThrottle nor the download jitter can undercut.

Scrapy spaces the requests of one slot (one domain) by ``slot.delay``, drawn
each time within ``delay * (1 ± jitter)`` and counted from ``slot.lastseen``,
the moment the previous request left. AutoThrottle rewrites ``slot.delay`` on
every response, knowing nothing of robots.txt or Retry-After. So this module
keeps its own per-slot figures and re-applies them after AutoThrottle (on
``response_downloaded``) and whenever a request reaches the slot.

Every slot also keeps a delay of at least MIN_SLOT_DELAY. With the asyncio
reactor, Scrapy 2.19's downloader starts a slot's downloads as tasks that run
only on the next loop turn, so with a zero delay its queue loop sees the slot
free and sends the whole queue at once: CONCURRENT_REQUESTS_PER_DOMAIN is not
enforced. With any positive delay it sends one request per turn and counts
each one before the next (tests/test_politeness.py measures it).
"""

from __future__ import annotations

from scrapy.core.downloader import Slot

MIN_SLOT_DELAY = 0.01  # seconds; see above


class SlotPacer:
    """Delay floors (robots.txt Crawl-delay) and pauses (Retry-After), by slot key."""

    def __init__(self, max_delay: float = 60.0) -> None:
        # The most a pause raises a slot's delay to: Scrapy draws each wait in delay * (1 ±
        # jitter), so a 300 s delay would hold the domain up to 150 s past the pause's end.
        self.max_delay = max_delay
        self.floors: dict[str, float] = {}
        self.paused_until: dict[str, float] = {}  # time.monotonic(), like slot.lastseen
        self._jitter: dict[str, float] = {}  # each slot's own jitter, before we narrowed it

    def set_floor(self, key: str, seconds: float) -> None:
        self.floors[key] = max(self.floors.get(key, 0.0), seconds)

    def pause(self, key: str, slot: Slot, seconds: float, now: float) -> None:
        """No request leaves ``slot`` for ``seconds``; its delay becomes at least ``seconds``,
        up to ``max_delay`` (AutoThrottle then brings it down again as the site answers
        normally). The first request after the pause leaves at most 2 * jitter * max_delay
        after its end."""
        self.paused_until[key] = max(self.paused_until.get(key, 0.0), now + seconds)
        slot.delay = max(slot.delay, min(seconds, self.max_delay))
        self.apply(key, slot, now)

    def apply(self, key: str, slot: Slot, now: float) -> None:
        base_jitter = self._jitter.setdefault(key, slot.jitter)
        floor = self.floors.get(key, 0.0)
        slot.delay = max(slot.delay, floor, MIN_SLOT_DELAY)
        if floor > 0 and slot.delay > 0:
            # Jitter spreads requests around the delay; it must not bring a gap under the floor.
            slot.jitter = min(base_jitter, 1.0 - floor / slot.delay)
        until = self.paused_until.get(key)
        if until is None:
            return
        if now >= until:
            del self.paused_until[key]
            return
        # The downloader waits download_delay() - (now - lastseen); the shortest draw of
        # download_delay() is delay * (1 - jitter), so this lastseen holds the slot until `until`.
        shortest = slot.delay * max(0.0, 1.0 - slot.jitter)
        slot.lastseen = max(slot.lastseen, until - shortest)
